"""The `if` language: parse, type-check, evaluate; never eval."""

import pytest

from simulator.expressions import ExprError, VarType, build, parse, tokenize

VARS = {
    "trust": VarType("number"),
    "urgency": VarType("number"),
    "pitched": VarType("flag"),
    "stage": VarType("text", ("intro", "discovery", "commit")),
}
NODES = {"opening", "close"}
ENV = {"trust": 50.0, "urgency": 70.0, "pitched": False, "stage": "discovery"}


def ev(src, env=ENV, visited=frozenset()):
    return build(src, VARS, NODES)(env, visited)


@pytest.mark.parametrize(
    "src,expected",
    [
        ("trust >= 50", True),
        ("trust > 50", False),
        ("trust == 50", True),
        ("trust != 50", False),
        ("trust + 10 > 55", True),
        ("trust - urgency < 0", True),
        ("-trust < 0", True),
        ("- -trust == 50", True),
        ("not pitched", True),
        ("not not pitched", False),
        ("pitched == false", True),
        ('stage == "discovery"', True),
        ("stage == 'intro'", False),
        ('stage != "commit"', True),
        ('stage == "discovery" or urgency >= 70', True),
        ("pitched or trust > 10 and urgency > 100", False),  # and binds tighter than or
        ("(pitched or trust > 10) and urgency > 60", True),
        ("not pitched and trust > 10", True),  # not binds tighter than and
        ("trust >= 49.5", True),
        ("true", True),
        ("false or true", True),
        ("visited(opening)", True),
        ("visited( close )", False),
        ("not visited(close) and trust > 0", True),
    ],
)
def test_evaluation(src, expected):
    assert ev(src, visited=frozenset({"opening"})) is expected


@pytest.mark.parametrize(
    "src,offset,code",
    [
        ("trsut > 3", 0, "unknown-name"),
        ("trust > 3 and pitchd", 14, "unknown-name"),
        ("pitched > 3", 0, "type-mismatch"),
        ("trust == true", 6, "type-mismatch"),
        ('stage == "discovry"', 9, "bad-value"),
        ('"discovry" == stage', 0, "bad-value"),
        ("stage == 3", 6, "type-mismatch"),
        ("trust and pitched", 0, "type-mismatch"),
        ("not trust", 0, "type-mismatch"),
        ("-pitched", 0, "type-mismatch"),
        ("trust + 3", 0, "type-mismatch"),  # a condition must be a flag
        ("visited(nowhere)", 8, "bad-reference"),
        ("trust > 3 && pitched", 10, "bad-expression"),
        ("trust > 3 || pitched", 10, "bad-expression"),
        ("!pitched", 0, "bad-expression"),
        ("1 < trust < 3", 10, "bad-expression"),
        ("(trust > 3", 10, "missing-paren"),
        ("trust >", 7, "bad-expression"),
        ("", 0, "bad-expression"),
        ("trust > 3 pitched", 10, "bad-expression"),
        ('stage == "discovery', 9, "bad-expression"),
        ("visited(", 8, "bad-expression"),
        ("__import__('os').system('true')", 16, "bad-expression"),
        ("trust.real > 3", 5, "bad-expression"),
        ("trust[0] > 3", 5, "bad-expression"),
    ],
)
def test_errors_are_located(src, offset, code):
    with pytest.raises(ExprError) as info:
        build(src, VARS, NODES)
    got = info.value
    assert got.offset == offset, got.message
    assert got.code == ("bad-expression" if code == "missing-paren" else code), got.message


def test_unknown_name_suggests_the_near_miss():
    with pytest.raises(ExprError) as info:
        build("trsut > 3", VARS, NODES)
    assert info.value.message == "unknown state variable 'trsut' in expression; did you mean 'trust'?"


def test_text_value_error_lists_the_values():
    with pytest.raises(ExprError) as info:
        build('stage == "discovry"', VARS, NODES)
    assert "(intro, discovery, commit)" in info.value.message and "did you mean 'discovery'?" in info.value.message


def test_limits_on_length_and_depth():
    with pytest.raises(ExprError) as info:
        build("trust > 1 and " * 200 + "true", VARS, NODES)
    assert info.value.code == "limit"
    with pytest.raises(ExprError) as info:
        build("(" * 60 + "true" + ")" * 60, VARS, NODES)
    assert info.value.code == "limit"
    with pytest.raises(ExprError) as info:
        build("not " * 60 + "true", VARS, NODES)
    assert info.value.code == "limit"
    assert build("(" * 40 + "true" + ")" * 40, VARS, NODES)({}, ()) is True


def test_long_chains_are_fine_up_to_a_bound_and_never_recurse_too_deeply():
    assert ev(" and ".join(["trust > 1"] * 90)) is True
    # 2,000 characters of "1-1-1..." would be a tree 1,000 deep: refused, not a RecursionError
    with pytest.raises(ExprError) as info:
        build("1" + "-1" * 997 + " < 0", VARS, NODES)
    assert info.value.code == "limit"


def test_expression_reports_names_it_uses():
    e = build("trust > 3 and not visited(close) or stage == 'intro'", VARS, NODES)
    assert e.names == {"trust", "stage"}
    assert e.visited_ids == {"close"}


def test_tokens_keep_offsets():
    toks = tokenize("trust >= 40")
    assert [(t.kind, t.offset) for t in toks] == [("name", 0), ("op", 6), ("num", 9), ("end", 11)]
    assert parse("trust >= 40").offset == 6
