"""Mutations of scenario files, for the in-process fuzzer (``tests/fuzz/harness.py``).

Each mutation takes the text and a seeded ``random.Random`` and returns new text (or bytes, for byte
flips) plus a short description, so a failing case can be named and replayed from its seed alone.
"""

from __future__ import annotations

import random
import re

KEY_LINE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)(\s*:)", re.M)
VALUE_LINE = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][\w-]*\s*:[ \t]+)([^\n#{}\[\]&*!|>][^\n#]*)$", re.M)
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")

KNOWN_KEYS = ("format", "id", "title", "version", "people", "state", "start", "nodes", "endings", "choices", "next", "goto",
              "text", "effects", "evidence", "points", "if", "chance", "diagnose", "options", "prompt", "outcome", "value",
              "scoring", "weights", "pass", "competencies", "who", "mood", "lines", "situations", "set", "weight", "avatar",
              "min", "max", "start", "values", "label", "show", "note", "order", "ask_confidence", "minutes", "tags")
TYPE_SWAPS = ("[1, 2]", "{a: 1}", "true", "false", "null", "~", '"text"', "42", "-1", "0", "''", "[]", "{}", "3.5",
              "[[]]", "{if: x}", "- a")
HUGE = ("1e308", "-1e308", "1e400", ".nan", ".NaN", ".inf", "-.inf", "1e-320", "9" * 40, "9" * 120, "9" * 5000,
        "-" + "9" * 30, "0x7fffffff", "1_000_000_000_000", "-0", "0.0000001", "123456789012345678901234567890.5")
UNICODE = ("\u202e", "\x1b[2J", "\x1b]0;t\x07", "\u00e9", "\U0001F600", "e\u0301", "\ufeff", "\u2028", "\u0663",
           "\t", "\r", "\x00", "\x7f", "\x85", "\u200b", "\uffff", "\U0010FFFF", "\ud7ff", "{", "}", "'", '"', ":", "#",
           "<b>x</b>", "{name}", "{{", "%s", "\\", "&", "*")
TAGS = ("!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", '!!int "12"', '!!float "nan"', "!custom x",
        "!!set {a, b}", "!!omap [a: 1]", "!!timestamp 2001-12-14", "!!str 5", "!!bool yes", "!!null ''", "!!map {a: 1}",
        "!!seq [1]", "!!int 0o17", "!!float 1e999", "!<tag:yaml.org,2002:int> 7")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def byte_flip(text, rng):
    data = bytearray(text.encode("utf-8") if isinstance(text, str) else text)
    if not data:
        return bytes(data), "byte flip (empty)"
    n = rng.choice((1, 1, 2, 5))
    where = []
    for _ in range(n):
        i = rng.randrange(len(data))
        data[i] ^= rng.randrange(1, 256)
        where.append(i)
    return bytes(data), f"byte flip at {where}"


def delete_line(text, rng):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    del lines[i]
    return "\n".join(lines), f"delete line {i + 1}"


def duplicate_line(text, rng):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines), f"duplicate line {i + 1}"


def swap_lines(text, rng):
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines), f"swap lines {i + 1} and {j + 1}"


def truncate(text, rng):
    i = rng.randrange(len(text) + 1)
    return text[:i], f"truncate at {i}"


def rename_key(text, rng):
    found = list(KEY_LINE.finditer(text))
    if not found:
        return text, "rename key (none)"
    m = rng.choice(found)
    key = m.group(2)
    choice = rng.randrange(5)
    if choice == 0 and len(key) > 1:
        k = rng.randrange(len(key))
        new = key[:k] + key[k + 1:]
    elif choice == 1:
        new = rng.choice(KNOWN_KEYS)
    elif choice == 2:
        new = key.upper()
    elif choice == 3:
        new = key + rng.choice(("_", "2", "-x", "é"))
    else:
        new = "'" + key + "'"
    return text[: m.start(2)] + new + text[m.end(2):], f"rename key {key!r} -> {new!r}"


def _replace_value(text, rng, pool, what):
    found = list(VALUE_LINE.finditer(text))
    if not found:
        return text, f"{what} (no value)"
    m = rng.choice(found)
    new = rng.choice(pool)
    return text[: m.start(2)] + new + text[m.end(2):], f"{what}: {m.group(2)[:30]!r} -> {new[:40]!r}"


def swap_type(text, rng):
    return _replace_value(text, rng, TYPE_SWAPS, "type swap")


def huge_number(text, rng):
    found = list(NUMBER.finditer(text))
    if not found or rng.random() < 0.3:
        return _replace_value(text, rng, HUGE, "huge value")
    m = rng.choice(found)
    new = rng.choice(HUGE)
    return text[: m.start()] + new + text[m.end():], f"number {m.group()} -> {new[:40]!r}"


def deep_nesting(text, rng):
    depth = rng.choice((10, 40, 63, 64, 65, 200, 2000))
    pool = ("[" * depth + "]" * depth, "{a: " * depth + "1" + "}" * depth, "[" * depth + "1" + "]" * depth)
    return _replace_value(text, rng, pool, f"nesting {depth}")


def unicode_insert(text, rng):
    i = rng.randrange(len(text) + 1)
    ch = rng.choice(UNICODE) if rng.random() < 0.8 else chr(rng.randrange(1, 0x30000))
    if 0xD800 <= ord(ch[0]) <= 0xDFFF:
        ch = "\ufffd"
    return text[:i] + ch + text[i:], f"insert {ch!r} at {i}"


def add_tag(text, rng):
    return _replace_value(text, rng, TAGS, "tag")


def add_alias(text, rng):
    choice = rng.randrange(4)
    if choice == 0:  # an alias bomb at the top
        layers = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for k in range(1, rng.choice((3, 6, 9))):
            layers.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]")
        return "\n".join(layers) + "\n" + text, f"alias bomb of {len(layers)} layers"
    if choice == 1:
        return _replace_value(text, rng, ("*nope", "*a", "&a x", "<<: *a"), "alias")
    found = list(VALUE_LINE.finditer(text))
    if len(found) < 2:
        return text, "alias (no values)"
    a, b = sorted(rng.sample(found, 2), key=lambda m: m.start())
    anchored = text[: a.start(2)] + "&x " + a.group(2) + text[a.end(2): b.start(2)] + "*x" + text[b.end(2):]
    return anchored, f"anchor {a.group(2)[:20]!r}, alias it for {b.group(2)[:20]!r}"


IN_RANGE = ("1000000", "-1000000", "999999.999", "0", "0.5", "1e-9", "-0.000001", "100", "1", "-1", "50")
TEXT_LINE = re.compile(r"^(\s*(?:-\s+)?(?:text|title|note|prompt|summary|name|label|role|about)\s*:[ \t]+)([^\n#]*[A-Za-z][^\n#]*)$", re.M)
TEXT_INSERTS = ("\u00e9", "\U0001F600", "e\u0301", "\u202e", "\u200b", "<b>x</b>", "&amp;", "%s", "\u0663", "\u4e2d\u6587",
                "\u05e9\u05dc\u05d5\u05dd", "=HYPERLINK(1)", "@x", "[link](file:///etc/passwd)", "**bold**")


def tweak_number(text, rng):
    """A number made extreme but still in range: the file should still load, lint and play."""
    found = list(NUMBER.finditer(text))
    if not found:
        return text, "tweak number (none)"
    m = rng.choice(found)
    new = rng.choice(IN_RANGE)
    return text[: m.start()] + new + text[m.end():], f"number {m.group()} -> {new}"


def unicode_in_text(text, rng):
    """Unicode, markup or formula characters inside a text value (quoted, so it stays text)."""
    found = list(TEXT_LINE.finditer(text))
    if not found:
        return text, "unicode in text (none)"
    m = rng.choice(found)
    value = m.group(2).strip()
    if value[:1] in "\"'|>":
        return text, "unicode in text (quoted or block)"
    new = value + " " + rng.choice(TEXT_INSERTS)
    quoted = '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text[: m.start(2)] + quoted + text[m.end(2):], f"text {value[:20]!r} + {new[-12:]!r}"


GENTLE = (tweak_number, unicode_in_text, duplicate_line, swap_lines)

MUTATIONS = (byte_flip, delete_line, duplicate_line, swap_lines, truncate, rename_key, swap_type, huge_number,
             deep_nesting, unicode_insert, add_tag, add_alias)


def mutate(text: str, rng: random.Random) -> tuple[str | bytes, list[str]]:
    """One to three random mutations of ``text``; (the result, what was done)."""
    done = []
    out: str | bytes = text
    if rng.random() < 0.4:  # gentle: mostly still loads, so the linter, the engine and scoring get exercised
        for _ in range(rng.choice((1, 2, 3))):
            out, what = rng.choice(GENTLE[:2])(out, rng)
            done.append(what)
        return out, done
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        if isinstance(out, bytes):  # after a byte flip only byte-level mutations make sense
            out, what = byte_flip(out, rng)
        else:
            out, what = rng.choice(MUTATIONS)(out, rng)
        done.append(what)
    return out, done
