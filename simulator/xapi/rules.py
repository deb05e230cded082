"""An independent check of statements against the xAPI 1.0.3 rules this program relies on.

Not a full LRS validator: it checks what our statements contain (ids, actors, verbs, activities,
language maps, results, contexts, extensions, timestamps), strictly, so a mistake is caught here and
not only by whichever LRS a customer runs. Returns a list of problems ("path: what is wrong").
"""

from __future__ import annotations

import math
import re
from typing import Any

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8}|-[0-9][A-Za-z0-9]{3})*$|^und$")
DURATION_RE = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
MBOX_RE = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
                     "likert", "numeric", "other"}
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
                  "version", "attachments"}


def check_statement(st: Any) -> list[str]:
    out: list[str] = []
    if not isinstance(st, dict):
        return ["statement: not an object"]
    for k in st:
        if k not in STATEMENT_KEYS:
            out.append(f"{k}: not a statement property")
    if not UUID_RE.match(str(st.get("id", ""))):
        out.append("id: not a lowercase RFC 4122 UUID")
    _actor(st.get("actor"), "actor", out)
    verb = st.get("verb")
    if not isinstance(verb, dict) or not _iri(verb.get("id")):
        out.append("verb.id: not an IRI")
    elif "display" in verb:
        _langmap(verb["display"], "verb.display", out)
    _activity(st.get("object"), "object", out)
    if "result" in st:
        _result(st["result"], out)
    if "context" in st:
        _context(st["context"], out)
    ts = st.get("timestamp")
    if ts is not None and not TIMESTAMP_RE.match(str(ts)):
        out.append("timestamp: not an ISO 8601 time with a time zone")
    return out


def _iri(x: Any) -> bool:
    return isinstance(x, str) and bool(IRI_RE.match(x))


def _langmap(m: Any, path: str, out: list[str]) -> None:
    if not isinstance(m, dict) or not m:
        out.append(f"{path}: a language map must be a non-empty object")
        return
    for k, val in m.items():
        if not LANG_RE.match(str(k)):
            out.append(f"{path}: '{k}' is not an RFC 5646 language tag")
        if not isinstance(val, str):
            out.append(f"{path}.{k}: must be a string")


def _actor(a: Any, path: str, out: list[str]) -> None:
    if not isinstance(a, dict):
        out.append(f"{path}: missing")
        return
    if a.get("objectType", "Agent") != "Agent":
        out.append(f"{path}.objectType: must be Agent")
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in a]
    if len(ifis) != 1:
        out.append(f"{path}: needs exactly one identifier (mbox, mbox_sha1sum, openid or account), has {len(ifis)}")
    if "mbox" in a and not MBOX_RE.match(str(a["mbox"])):
        out.append(f"{path}.mbox: must be mailto:address")
    if "account" in a:
        acc = a["account"]
        if not isinstance(acc, dict) or not _iri(acc.get("homePage")) or not isinstance(acc.get("name"), str) or not acc.get("name"):
            out.append(f"{path}.account: needs an IRI homePage and a non-empty name")
    if "name" in a and not isinstance(a["name"], str):
        out.append(f"{path}.name: must be a string")


def _activity(o: Any, path: str, out: list[str]) -> None:
    if not isinstance(o, dict) or o.get("objectType", "Activity") != "Activity":
        out.append(f"{path}: must be an Activity")
        return
    if not _iri(o.get("id")):
        out.append(f"{path}.id: not an IRI")
    d = o.get("definition")
    if d is None:
        return
    if not isinstance(d, dict):
        out.append(f"{path}.definition: must be an object")
        return
    for k in ("name", "description"):
        if k in d:
            _langmap(d[k], f"{path}.definition.{k}", out)
    if "type" in d and not _iri(d["type"]):
        out.append(f"{path}.definition.type: not an IRI")
    if "interactionType" in d and d["interactionType"] not in INTERACTION_TYPES:
        out.append(f"{path}.definition.interactionType: '{d['interactionType']}' is not an xAPI interaction type")
    if "extensions" in d:
        _extensions(d["extensions"], f"{path}.definition.extensions", out)


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _result(r: Any, out: list[str]) -> None:
    if not isinstance(r, dict):
        out.append("result: must be an object")
        return
    sc = r.get("score")
    if sc is not None:
        if not isinstance(sc, dict):
            out.append("result.score: must be an object")
        else:
            for k in sc:
                if k not in ("scaled", "raw", "min", "max") or not _number(sc[k]):
                    out.append(f"result.score.{k}: must be one of scaled/raw/min/max and a finite number")
            if "scaled" in sc and _number(sc["scaled"]) and not -1 <= sc["scaled"] <= 1:
                out.append("result.score.scaled: must lie in [-1, 1]")
            lo, hi, raw = sc.get("min"), sc.get("max"), sc.get("raw")
            if _number(lo) and _number(hi) and lo > hi:
                out.append("result.score: min is above max")
            if _number(raw) and ((_number(lo) and raw < lo) or (_number(hi) and raw > hi)):
                out.append("result.score.raw: outside [min, max]")
    for k in ("success", "completion"):
        if k in r and not isinstance(r[k], bool):
            out.append(f"result.{k}: must be true or false")
    if "duration" in r and not DURATION_RE.match(str(r["duration"])):
        out.append("result.duration: not an ISO 8601 duration")
    if "response" in r and not isinstance(r["response"], str):
        out.append("result.response: must be a string")
    if "extensions" in r:
        _extensions(r["extensions"], "result.extensions", out)


def _context(c: Any, out: list[str]) -> None:
    if not isinstance(c, dict):
        out.append("context: must be an object")
        return
    if "registration" in c and not UUID_RE.match(str(c["registration"])):
        out.append("context.registration: not a lowercase RFC 4122 UUID")
    if "language" in c and not LANG_RE.match(str(c["language"])):
        out.append("context.language: not an RFC 5646 language tag")
    ca = c.get("contextActivities")
    if ca is not None:
        for k, acts in ca.items():
            if k not in ("parent", "grouping", "category", "other"):
                out.append(f"context.contextActivities.{k}: not a context activity kind")
                continue
            for i, a in enumerate(acts if isinstance(acts, list) else [acts]):
                _activity(a, f"context.contextActivities.{k}[{i}]", out)
    if "extensions" in c:
        _extensions(c["extensions"], "context.extensions", out)


def _extensions(e: Any, path: str, out: list[str]) -> None:
    if not isinstance(e, dict):
        out.append(f"{path}: must be an object")
        return
    for k, val in e.items():
        if not _iri(k):
            out.append(f"{path}: key '{k}' is not an IRI")
        if isinstance(val, float) and not math.isfinite(val):
            out.append(f"{path}.{k}: not a finite number")
