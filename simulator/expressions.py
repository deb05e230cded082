"""The `if` language: tokenise, parse, type-check and evaluate.

Hand-written recursive descent; nothing here ever calls ``eval``. A parsed
expression is compiled into a tree of small closures for fast evaluation in the
search.

Grammar (scenario-format.md)::

    expr  := or
    or    := and ("or" and)*
    and   := not ("and" not)*
    not   := "not" not | cmp
    cmp   := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
    sum   := unary (("+" | "-") unary)*
    unary := "-" unary | atom
    atom  := NUMBER | "true" | "false" | STRING | NAME | "visited(" ID ")" | "(" expr ")"
"""

from __future__ import annotations

import difflib
import operator
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

MAX_EXPR_LENGTH = 2000
MAX_EXPR_DEPTH = 48
MAX_TREE_DEPTH = 100  # operations inside operations, e.g. a chain 1 - 1 - 1 ...; keeps checking and evaluation shallow

NUMBER, FLAG, TEXT = "number", "flag", "text"


class ExprError(Exception):
    """A located problem in one expression; ``offset`` is 0-based into the source."""

    def __init__(self, message: str, offset: int, code: str = "bad-expression"):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.code = code


@dataclass(frozen=True)
class Token:
    kind: str  # num str name op lparen rparen visited end
    text: str
    offset: int
    value: Any = None


_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>[0-9]+(?:\.[0-9]+)?)
  | (?P<str>"[^"\\\n]*"|'[^'\\\n]*')
  | (?P<visited>visited\s*\()
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-)
  | (?P<lparen>\()
  | (?P<rparen>\))
    """,
    re.VERBOSE,
)
_ID_RE = re.compile(r"\s*([a-z0-9][a-z0-9_-]*)\s*\)")
KEYWORDS = {"and", "or", "not", "true", "false"}
MAX_LITERAL = 1_000_000  # as every number in a scenario (model.MAX_NUMBER); also keeps int -> float exact


def tokenize(src: str) -> list[Token]:
    if len(src) > MAX_EXPR_LENGTH:
        raise ExprError(f"expression is longer than {MAX_EXPR_LENGTH} characters", 0, "limit")
    tokens: list[Token] = []
    pos = 0
    while pos < len(src):
        m = _TOKEN_RE.match(src, pos)
        if not m:
            ch = src[pos]
            hint = " (use 'and', 'or', 'not')" if ch in "&|!" else ""
            if ch in "\"'":
                raise ExprError("unterminated text literal", pos, "bad-expression")
            raise ExprError(f"unexpected character {ch!r} in expression{hint}", pos)
        kind = m.lastgroup
        text = m.group()
        if kind == "visited":
            idm = _ID_RE.match(src, m.end())
            if not idm:
                raise ExprError("visited( must be followed by a node id and ')'", m.end())
            tokens.append(Token("visited", src[pos : idm.end()], pos, (idm.group(1), idm.start(1))))
            pos = idm.end()
            continue
        if kind == "num":
            if len(text.split(".")[0].lstrip("0")) > 7 or float(text) > MAX_LITERAL:
                raise ExprError(f"the number {text[:20]}{'...' if len(text) > 20 else ''} is too large; numbers in expressions "
                                f"are at most {MAX_LITERAL:,}", pos, "limit")
            tokens.append(Token("num", text, pos, float(text) if "." in text else int(text)))
        elif kind == "str":
            tokens.append(Token("str", text, pos, text[1:-1]))
        elif kind == "name" and text in KEYWORDS:
            tokens.append(Token("kw", text, pos))
        elif kind != "ws":
            tokens.append(Token(kind, text, pos))
        pos = m.end()
    tokens.append(Token("end", "", len(src)))
    return tokens


# --- AST -------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    offset: int


@dataclass(frozen=True)
class Lit(Node):
    value: Any


@dataclass(frozen=True)
class Var(Node):
    name: str


@dataclass(frozen=True)
class Visited(Node):
    node_id: str


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "not" | "-"
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


class _Parser:
    def __init__(self, src: str):
        self.src = src
        self.tokens = tokenize(src)
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def _enter(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_EXPR_DEPTH:
            raise ExprError(f"expression is nested deeper than {MAX_EXPR_DEPTH} levels", tok.offset, "limit")

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExprError("empty expression", 0)
        node = self.or_()
        tok = self.peek()
        if tok.kind != "end":
            raise ExprError(f"unexpected {tok.text!r} in expression", tok.offset)
        if _tree_depth(node) > MAX_TREE_DEPTH:
            raise ExprError(
                f"expression is too complex (more than {MAX_TREE_DEPTH} operations inside each other); split it", 0, "limit"
            )
        return node

    def or_(self) -> Node:
        left = self.and_()
        while self.peek().kind == "kw" and self.peek().text == "or":
            tok = self.take()
            left = Binary(tok.offset, "or", left, self.and_())
        return left

    def and_(self) -> Node:
        left = self.not_()
        while self.peek().kind == "kw" and self.peek().text == "and":
            tok = self.take()
            left = Binary(tok.offset, "and", left, self.not_())
        return left

    def not_(self) -> Node:
        tok = self.peek()
        if tok.kind == "kw" and tok.text == "not":
            self.take()
            self._enter(tok)
            node = Unary(tok.offset, "not", self.not_())
            self.depth -= 1
            return node
        return self.cmp()

    def cmp(self) -> Node:
        left = self.sum()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            right = self.sum()
            node = Binary(tok.offset, tok.text, left, right)
            nxt = self.peek()
            if nxt.kind == "op" and nxt.text in ("==", "!=", "<", "<=", ">", ">="):
                raise ExprError("comparisons cannot be chained; join them with 'and'", nxt.offset)
            return node
        return left

    def sum(self) -> Node:
        left = self.unary()
        while self.peek().kind == "op" and self.peek().text in "+-":
            tok = self.take()
            left = Binary(tok.offset, tok.text, left, self.unary())
        return left

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind == "op" and tok.text == "-":
            self.take()
            self._enter(tok)
            node = Unary(tok.offset, "-", self.unary())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return Lit(tok.offset, tok.value)
        if tok.kind == "str":
            return Lit(tok.offset, tok.value)
        if tok.kind == "kw" and tok.text in ("true", "false"):
            return Lit(tok.offset, tok.text == "true")
        if tok.kind == "name":
            return Var(tok.offset, tok.text)
        if tok.kind == "visited":
            node_id, off = tok.value
            return Visited(off, node_id)
        if tok.kind == "lparen":
            self._enter(tok)
            node = self.or_()
            close = self.take()
            if close.kind != "rparen":
                raise ExprError("missing ')'", close.offset)
            self.depth -= 1
            return node
        if tok.kind == "end":
            raise ExprError("expression ends too early", tok.offset)
        raise ExprError(f"unexpected {tok.text!r} in expression", tok.offset)


def _tree_depth(root: Node) -> int:
    """Depth of the AST, computed without recursion (long chains are deep trees)."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, Unary):
            stack.append((node.operand, depth + 1))
        elif isinstance(node, Binary):
            stack.append((node.left, depth + 1))
            stack.append((node.right, depth + 1))
    return deepest


def parse(src: str) -> Node:
    """Parse an expression or raise ExprError with the offset of the problem."""
    return _Parser(src).parse()


# --- type checking -----------------------------------------------------------


@dataclass(frozen=True)
class VarType:
    kind: str  # NUMBER | FLAG | TEXT
    values: tuple[str, ...] = ()


def _suggest(name: str, choices) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _kind_of_value(value: Any) -> str:
    if isinstance(value, bool):
        return FLAG
    if isinstance(value, (int, float)):
        return NUMBER
    return TEXT


_KIND_WORD = {NUMBER: "a number", FLAG: "a flag", TEXT: "a text"}


def check(node: Node, variables: Mapping[str, VarType], node_ids) -> str:
    """Return the type of ``node``; raise ExprError on the first type error."""
    if isinstance(node, Lit):
        return _kind_of_value(node.value)
    if isinstance(node, Var):
        if node.name not in variables:
            raise ExprError(
                f"unknown state variable '{node.name}' in expression{_suggest(node.name, variables)}",
                node.offset,
                "unknown-name",
            )
        return variables[node.name].kind
    if isinstance(node, Visited):
        if node.node_id not in node_ids:
            raise ExprError(
                f"visited() names unknown node '{node.node_id}'{_suggest(node.node_id, node_ids)}",
                node.offset,
                "bad-reference",
            )
        return FLAG
    if isinstance(node, Unary):
        t = check(node.operand, variables, node_ids)
        want = FLAG if node.op == "not" else NUMBER
        if t != want:
            raise ExprError(f"'{node.op}' needs {_KIND_WORD[want]}, not {_KIND_WORD[t]}", node.offset, "type-mismatch")
        return want
    assert isinstance(node, Binary)
    lt = check(node.left, variables, node_ids)
    rt = check(node.right, variables, node_ids)
    op = node.op
    if op in ("and", "or"):
        for side, t in ((node.left, lt), (node.right, rt)):
            if t != FLAG:
                raise ExprError(f"'{op}' needs flags on both sides, not {_KIND_WORD[t]}", side.offset, "type-mismatch")
        return FLAG
    if op in ("+", "-", "<", "<=", ">", ">="):
        for side, t in ((node.left, lt), (node.right, rt)):
            if t != NUMBER:
                raise ExprError(f"'{op}' needs numbers on both sides, not {_KIND_WORD[t]}", side.offset, "type-mismatch")
        return NUMBER if op in "+-" else FLAG
    # == and !=
    if lt != rt:
        raise ExprError(
            f"cannot compare {_KIND_WORD[lt]} with {_KIND_WORD[rt]} using '{op}'", node.offset, "type-mismatch"
        )
    if lt == TEXT:
        for var_side, lit_side in ((node.left, node.right), (node.right, node.left)):
            if isinstance(var_side, Var) and isinstance(lit_side, Lit):
                allowed = variables[var_side.name].values
                if lit_side.value not in allowed:
                    raise ExprError(
                        f"'{lit_side.value}' is not one of the values of '{var_side.name}' "
                        f"({', '.join(allowed)}){_suggest(lit_side.value, allowed)}",
                        lit_side.offset,
                        "bad-value",
                    )
    return FLAG


def names_used(node: Node) -> tuple[set[str], set[str]]:
    """(state variables, visited node ids) referenced by an expression."""
    names: set[str] = set()
    visited: set[str] = set()

    def walk(n: Node) -> None:
        if isinstance(n, Var):
            names.add(n.name)
        elif isinstance(n, Visited):
            visited.add(n.node_id)
        elif isinstance(n, Unary):
            walk(n.operand)
        elif isinstance(n, Binary):
            walk(n.left)
            walk(n.right)

    walk(node)
    return names, visited


# --- evaluation ----------------------------------------------------------------

Evaluator = Callable[[Mapping[str, Any], Any], Any]
"""f(variables, visited) -> value; ``visited`` supports ``in``."""

_BINOPS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "+": operator.add,
    "-": operator.sub,
}


def compile_expr(node: Node) -> Evaluator:
    """Turn a checked AST into a closure tree (no eval)."""
    if isinstance(node, Lit):
        value = node.value
        return lambda env, visited: value
    if isinstance(node, Var):
        name = node.name
        return lambda env, visited: env[name]
    if isinstance(node, Visited):
        nid = node.node_id
        return lambda env, visited: nid in visited
    if isinstance(node, Unary):
        inner = compile_expr(node.operand)
        if node.op == "not":
            return lambda env, visited: not inner(env, visited)
        return lambda env, visited: -inner(env, visited)
    assert isinstance(node, Binary)
    left, right = compile_expr(node.left), compile_expr(node.right)
    if node.op == "and":
        return lambda env, visited: left(env, visited) and right(env, visited)
    if node.op == "or":
        return lambda env, visited: left(env, visited) or right(env, visited)
    fn = _BINOPS[node.op]
    return lambda env, visited: fn(left(env, visited), right(env, visited))


@dataclass(frozen=True)
class Expression:
    """A parsed, type-checked, compiled ``if`` expression."""

    source: str
    ast: Node
    fn: Evaluator

    def __call__(self, env: Mapping[str, Any], visited=frozenset()) -> bool:
        return bool(self.fn(env, visited))

    @property
    def names(self) -> set[str]:
        return names_used(self.ast)[0]

    @property
    def visited_ids(self) -> set[str]:
        return names_used(self.ast)[1]


def build(src: str, variables: Mapping[str, VarType], node_ids) -> Expression:
    """Parse, type-check (must be a flag) and compile; raise ExprError."""
    ast = parse(src)
    t = check(ast, variables, node_ids)
    if t != FLAG:
        raise ExprError(f"a condition must be true or false, but this is {_KIND_WORD[t]}", 0, "type-mismatch")
    return Expression(src, ast, compile_expr(ast))
