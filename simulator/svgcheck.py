"""One SVG safety check, shared by ``simulator validate`` (the loader's avatar check) and the app's avatar widget.

An avatar is untrusted: it comes with a scenario file. ``svg_problem`` says why an SVG must not be
rendered (too big, nested too deep, too many elements, a DTD or entity, an element outside the
allow-list, not well-formed) or None when it is safe to hand to QtSvg after ``sanitize_svg``.
The parse is a pull parse that stops at the first problem, so a hostile file (20,000 nested groups,
an entity bomb) costs little and never recurses.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

MAX_SVG_BYTES = 512 * 1024
MAX_DEPTH = 48
MAX_ELEMENTS = 20_000

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# SVG Tiny 1.2 shapes, text, paint servers and structure (what QtSvg draws); nothing that loads or runs anything
ALLOWED_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "title", "desc", "metadata", "symbol", "use", "switch",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "textArea", "tbreak",
        "linearGradient", "radialGradient", "stop", "solidColor", "clipPath", "mask", "pattern", "marker",
        "style",
    }
)
# refused in any namespace: QtSvg may not look at the namespace, and these load or run something
DENIED_ANYWHERE = frozenset({"image", "script", "foreignObject", "iframe", "object", "embed", "feImage", "animation",
                             "video", "audio", "handler", "listener", "set", "animate"})


def _local(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag."""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def svg_problem(data: bytes, *, elements_allowed_only: bool = True) -> str | None:
    """Why ``data`` is not a safe SVG to render (one short phrase), or None when it is.

    ``elements_allowed_only=False`` checks only the structure (size, DTD, depth, element count,
    well-formed): ``sanitize_svg`` then removes what is not allowed instead of refusing the file."""
    if len(data) > MAX_SVG_BYTES:
        return f"it is {len(data) / 1024:.0f} KiB; an avatar may be at most {MAX_SVG_BYTES // 1024} KiB"
    low = data.lower()
    if b"<!doctype" in low or b"<!entity" in low:
        return "it declares a DTD or entities, which an avatar may not"
    parser = ET.XMLPullParser(events=("start", "end"))
    depth = elements = 0
    try:
        for start in range(0, len(data), 16384):
            parser.feed(data[start : start + 16384])
            for event, el in parser.read_events():
                if event == "end":
                    depth -= 1
                    css = (el.text or "") if elements_allowed_only and _local(el.tag)[1] == "style" else ""
                    if "@import" in css or ("url(" in css and "url(#" not in css.replace(" ", "")):
                        return "its style sheet refers to another file or address; an avatar must be self-contained"
                    el.clear()  # keep memory flat: nothing below needs the tree
                    continue
                depth += 1
                elements += 1
                ns, local = _local(el.tag)
                if elements == 1 and (local != "svg" or ns not in ("", SVG_NS)):
                    return "it is not an SVG image (the root element is not <svg>)"
                if depth > MAX_DEPTH:
                    return f"its elements are nested more than {MAX_DEPTH} deep"
                if elements > MAX_ELEMENTS:
                    return f"it has more than {MAX_ELEMENTS:,} elements"
                if not elements_allowed_only:
                    continue
                if local in DENIED_ANYWHERE or (ns in ("", SVG_NS) and local not in ALLOWED_ELEMENTS):
                    return f"it contains a <{local[:40]}> element, which an avatar may not (allowed: shapes, text, gradients, groups)"
                for attr, value in el.attrib.items():
                    if _local(attr)[1] == "href" and not value.strip().startswith("#"):
                        return f"it refers to another file or address (href=\"{value[:40]}\"); an avatar must be self-contained"
                    if "url(" in value and "url(#" not in value.replace(" ", ""):
                        return f"it refers to another file or address ({value[:40]}); an avatar must be self-contained"
        parser.close()
    except ET.ParseError as exc:
        return f"it is not well-formed XML ({str(exc)[:80]})"
    if elements == 0:
        return "it is empty"
    return None


def read_svg(path: str | Path) -> tuple[bytes | None, str | None]:
    """(the file's bytes, None) when ``path`` is a safe SVG; (None, why not) otherwise. Reads at most the size limit."""
    try:
        p = Path(path)
        if not p.is_file():
            return None, "it is not a regular file"
        with open(p, "rb") as fh:
            data = fh.read(MAX_SVG_BYTES + 1)
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror or exc})"
    problem = svg_problem(data)
    return (None, problem) if problem else (data, None)


def sanitize_svg(data: bytes) -> bytes | None:
    """Keep an untrusted SVG from reading anything else: QtSvg would load ``<image href="/a/file">``.

    Runs ``svg_problem``'s structural checks first (None when one fails: too big, too deep, a DTD,
    not well-formed), then drops every element outside the allow-list, every ``href`` that is not a
    same-document ``#fragment`` (so no local or remote file and no data: payload) and every
    ``url(...)`` that is not ``url(#...)``, in attributes and in ``<style>``.
    """
    if svg_problem(data, elements_allowed_only=False) is not None:
        return None
    try:
        root = ET.fromstring(data)  # safe now: bounded depth and size, no DTD
    except ET.ParseError:
        return None
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    for parent in list(root.iter()):
        for child in list(parent):
            tag = _local(child.tag)[1] if isinstance(child.tag, str) else ""
            css = (child.text or "") if tag == "style" else ""
            ns, _ = _local(child.tag) if isinstance(child.tag, str) else ("", "")
            bad = tag in DENIED_ANYWHERE or (ns in ("", SVG_NS) and tag not in ALLOWED_ELEMENTS)
            if bad or "@import" in css or ("url(" in css and "url(#" not in css):
                parent.remove(child)
    for el in root.iter():
        for attr in list(el.attrib):
            local = attr.rsplit("}", 1)[-1]
            if local == "href" and not el.attrib[attr].strip().startswith("#"):
                del el.attrib[attr]
            elif "url(" in el.attrib[attr] and "url(#" not in el.attrib[attr].replace(" ", ""):
                del el.attrib[attr]
    return ET.tostring(root)
