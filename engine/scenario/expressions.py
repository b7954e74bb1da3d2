"""The condition language: parsed and type-checked when a scenario loads, never ``eval``-ed.

Grammar (lowest precedence first)::

    expr   := and ("or" and)*
    and    := not ("and" not)*
    not    := "not" not | cmp
    cmp    := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
    sum    := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := "-" unary | atom
    atom   := NUMBER | 'text' | true | false | NAME | NAME "(" NAME ("," NAME)* ")" | "(" expr ")"

Names are declared variables, ``elapsed`` (scenario seconds) or, compared with an enum
variable, one of its values. Functions: ``done(action)``, ``done(action, role)``,
``count(action)``, ``fired(inject)``, ``decided(decision)``, ``chose(decision, option)``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

Value = bool | int | float | str


class EvalContext(Protocol):
    """What a compiled condition reads: the core's state implements it."""

    @property
    def t_ms(self) -> int: ...
    @property
    def vars(self) -> Mapping[str, Value]: ...
    @property
    def counts(self) -> Mapping[str, int]: ...
    @property
    def done_by(self) -> AbstractSet[tuple[str, str]]: ...
    @property
    def fired(self) -> AbstractSet[str]: ...
    @property
    def chosen(self) -> Mapping[str, str]: ...


Compiled = Callable[[EvalContext], Any]


class ExpressionError(Exception):
    """A problem in a condition; ``code`` is SCN006 (syntax), SCN007 (types) or SCN008 (names)."""

    def __init__(self, code: str, message: str, offset: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset = offset


class Node(NamedTuple):
    kind: str  # "lit" | "name" | "call" | "not" | "neg" | "bin"
    offset: int
    value: Any = None  # literal value, name, function name or operator
    args: tuple[Node, ...] = ()


_TOKEN = re.compile(
    r"(?P<ws>\s+)|(?P<num>\d+(?:\.\d+)?)|(?P<str>'[^']*'|\"[^\"]*\")"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_\-]*)|(?P<op>==|!=|<=|>=|[<>()+\-*/,])|(?P<bad>.)",
    re.DOTALL,
)
_KEYWORDS = {"and", "or", "not", "true", "false"}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "bad":
            raise ExpressionError("SCN006", f"unexpected character {m.group()!r}", m.start())
        out.append((kind or "bad", m.group(), m.start()))
    out.append(("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, text: str) -> None:
        kind, value, offset = self.take()
        if value != text:
            found = "the end" if kind == "end" else repr(value)
            raise ExpressionError("SCN006", f"expected {text!r}, found {found}", offset)

    def parse(self) -> Node:
        node = self.expr()
        kind, value, offset = self.peek()
        if kind != "end":
            raise ExpressionError("SCN006", f"unexpected {value!r}", offset)
        return node

    def expr(self) -> Node:
        node = self.conj()
        while self.peek()[1] == "or":
            offset = self.take()[2]
            node = Node("bin", offset, "or", (node, self.conj()))
        return node

    def conj(self) -> Node:
        node = self.neg()
        while self.peek()[1] == "and":
            offset = self.take()[2]
            node = Node("bin", offset, "and", (node, self.neg()))
        return node

    def neg(self) -> Node:
        if self.peek()[1] == "not":
            offset = self.take()[2]
            return Node("not", offset, None, (self.neg(),))
        return self.cmp()

    def cmp(self) -> Node:
        node = self.sum()
        if self.peek()[1] in ("==", "!=", "<", "<=", ">", ">="):
            _, op, offset = self.take()
            node = Node("bin", offset, op, (node, self.sum()))
            if self.peek()[1] in ("==", "!=", "<", "<=", ">", ">="):
                raise ExpressionError(
                    "SCN006", "comparisons cannot be chained; join them with 'and'", self.peek()[2]
                )
        return node

    def sum(self) -> Node:
        node = self.term()
        while self.peek()[1] in ("+", "-"):
            _, op, offset = self.take()
            node = Node("bin", offset, op, (node, self.term()))
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek()[1] in ("*", "/"):
            _, op, offset = self.take()
            node = Node("bin", offset, op, (node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.peek()[1] == "-":
            offset = self.take()[2]
            return Node("neg", offset, None, (self.unary(),))
        return self.atom()

    def atom(self) -> Node:
        kind, value, offset = self.take()
        if kind == "num":
            return Node("lit", offset, float(value) if "." in value else int(value))
        if kind == "str":
            return Node("lit", offset, value[1:-1])
        if kind == "name" and value in ("true", "false"):
            return Node("lit", offset, value == "true")
        if kind == "name" and value not in _KEYWORDS:
            if self.peek()[1] == "(":
                self.take()
                args = [self.argument()]
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.argument())
                self.expect(")")
                return Node("call", offset, value, tuple(args))
            return Node("name", offset, value)
        if value == "(":
            node = self.expr()
            self.expect(")")
            return node
        found = "the end of the condition" if kind == "end" else repr(value)
        raise ExpressionError("SCN006", f"expected a value, found {found}", offset)

    def argument(self) -> Node:
        kind, value, offset = self.take()
        if kind not in ("name", "str") or value in _KEYWORDS:
            raise ExpressionError("SCN006", "a function argument must be an id", offset)
        return Node("name", offset, value.strip("'\""))


def parse(text: str) -> Node:
    return _Parser(text).parse()


@dataclass(frozen=True)
class Names:
    """The declared names a condition may use: variable types and the ids functions take."""

    variables: Mapping[str, str]  # id -> "bool" | "int" | "float" | "enum"
    enum_values: Mapping[str, tuple[str, ...]]
    actions: frozenset[str]
    roles: frozenset[str]
    injects: frozenset[str]
    decisions: Mapping[str, frozenset[str]]  # decision id -> option ids


FUNCTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "done": (("action", "role?"), "bool"),
    "count": (("action",), "int"),
    "fired": (("inject",), "bool"),
    "decided": (("decision",), "bool"),
    "chose": (("decision", "option"), "bool"),
}

_NUMERIC = {"int", "float"}
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


def _suggest(name: str, candidates: Any) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Checker:
    """Type-checks a tree and compiles it into nested closures."""

    def __init__(self, names: Names) -> None:
        self.names = names

    def check(self, node: Node) -> tuple[str, Compiled]:
        method = getattr(self, f"_{node.kind}")
        result: tuple[str, Compiled] = method(node)
        return result

    def _lit(self, node: Node) -> tuple[str, Compiled]:
        value = node.value
        kind = (
            "bool"
            if isinstance(value, bool)
            else "text"
            if isinstance(value, str)
            else ("int" if isinstance(value, int) else "float")
        )
        return kind, lambda _s: value

    def _name(self, node: Node) -> tuple[str, Compiled]:
        name = node.value
        if name == "elapsed":
            return "float", lambda s: s.t_ms / 1000.0
        kind = self.names.variables.get(name)
        if kind is None:
            return "symbol", lambda _s: name
        return (f"enum:{name}" if kind == "enum" else kind), lambda s: s.vars[name]

    def _unknown(self, node: Node) -> ExpressionError:
        choices = [*self.names.variables, "elapsed"]
        return ExpressionError(
            "SCN008", f"unknown name '{node.value}'{_suggest(node.value, choices)}", node.offset
        )

    def _value(self, node: Node) -> tuple[str, Compiled]:
        kind, fn = self.check(node)
        if kind == "symbol":
            raise self._unknown(node)
        return kind, fn

    def _call(self, node: Node) -> tuple[str, Compiled]:
        spec = FUNCTIONS.get(node.value)
        if spec is None:
            raise ExpressionError(
                "SCN008",
                f"unknown function '{node.value}'{_suggest(node.value, FUNCTIONS)}",
                node.offset,
            )
        params, result = spec
        required = [p for p in params if not p.endswith("?")]
        if not len(required) <= len(node.args) <= len(params):
            raise ExpressionError(
                "SCN007",
                f"{node.value}() takes {', '.join(p.rstrip('?') for p in params)}",
                node.offset,
            )
        ids = [a.value for a in node.args]
        for param, arg in zip(params, node.args, strict=False):
            self._check_id(param.rstrip("?"), arg, ids)
        fname = node.value
        if fname == "done" and len(ids) == 2:
            key = (ids[0], ids[1])
            return result, lambda s: key in s.done_by
        first = ids[0]
        if fname == "done":
            return result, lambda s: s.counts.get(first, 0) > 0
        if fname == "count":
            return result, lambda s: s.counts.get(first, 0)
        if fname == "fired":
            return result, lambda s: first in s.fired
        if fname == "decided":
            return result, lambda s: first in s.chosen
        option = ids[1]
        return result, lambda s: s.chosen.get(first) == option

    def _check_id(self, kind: str, arg: Node, ids: list[str]) -> None:
        pool: Any
        if kind == "option":
            pool = self.names.decisions.get(ids[0], frozenset())
        else:
            pool = {
                "action": self.names.actions,
                "role": self.names.roles,
                "inject": self.names.injects,
                "decision": self.names.decisions,
            }[kind]
        if arg.value not in pool:
            raise ExpressionError(
                "SCN008", f"unknown {kind} '{arg.value}'{_suggest(arg.value, pool)}", arg.offset
            )

    def _not(self, node: Node) -> tuple[str, Compiled]:
        kind, fn = self._value(node.args[0])
        if kind != "bool":
            raise ExpressionError(
                "SCN007", f"'not' needs a true/false value, got {kind}", node.offset
            )
        return "bool", lambda s: not fn(s)

    def _neg(self, node: Node) -> tuple[str, Compiled]:
        kind, fn = self._value(node.args[0])
        if kind not in _NUMERIC:
            raise ExpressionError("SCN007", f"'-' needs a number, got {kind}", node.offset)
        return kind, lambda s: -fn(s)

    def _bin(self, node: Node) -> tuple[str, Compiled]:
        op = node.value
        left_node, right_node = node.args
        if op in ("and", "or"):
            (lk, lf), (rk, rf) = self._value(left_node), self._value(right_node)
            if lk != "bool" or rk != "bool":
                bad = lk if lk != "bool" else rk
                raise ExpressionError(
                    "SCN007", f"'{op}' joins true/false values, got {bad}", node.offset
                )
            if op == "and":
                return "bool", lambda s: lf(s) and rf(s)
            return "bool", lambda s: lf(s) or rf(s)
        lk, lf = self.check(left_node)
        rk, rf = self.check(right_node)
        if op in _ARITH:
            if lk == "symbol" or rk == "symbol":
                raise self._unknown(left_node if lk == "symbol" else right_node)
            if lk not in _NUMERIC or rk not in _NUMERIC:
                raise ExpressionError(
                    "SCN007", f"'{op}' needs numbers, got {lk} and {rk}", node.offset
                )
            arith = _ARITH[op]
            kind = "float" if "float" in (lk, rk) or op == "/" else "int"
            if op == "/":
                return kind, lambda s: arith(lf(s), rf(s)) if rf(s) != 0 else 0.0
            return kind, lambda s: arith(lf(s), rf(s))
        return self._compare(node, op, (lk, lf, left_node), (rk, rf, right_node))

    def _compare(self, node: Node, op: str, left: Any, right: Any) -> tuple[str, Compiled]:
        (lk, lf, ln), (rk, rf, rn) = left, right
        if rk.startswith("enum:") and lk in ("symbol", "text"):
            (lk, lf, ln), (rk, rf, rn) = (rk, rf, rn), (lk, lf, ln)
        if lk.startswith("enum:"):
            var = lk[5:]
            if rk in ("symbol", "text"):
                value = rn.value
                allowed = self.names.enum_values.get(var, ())
                if value not in allowed:
                    raise ExpressionError(
                        "SCN007",
                        f"'{value}' is not a value of '{var}' "
                        f"(one of {', '.join(allowed)}){_suggest(value, allowed)}",
                        rn.offset,
                    )
            elif rk != lk:
                raise ExpressionError("SCN007", f"cannot compare {lk} with {rk}", node.offset)
            if op not in ("==", "!="):
                raise ExpressionError(
                    "SCN007", f"'{op}' does not apply to enum values; use == or !=", node.offset
                )
        elif "symbol" in (lk, rk):
            raise self._unknown(ln if lk == "symbol" else rn)
        elif lk in _NUMERIC and rk in _NUMERIC:
            pass
        elif lk != rk:
            raise ExpressionError("SCN007", f"cannot compare {lk} with {rk}", node.offset)
        elif op not in ("==", "!="):
            raise ExpressionError("SCN007", f"'{op}' needs numbers, got {lk}", node.offset)
        compare = _COMPARE[op]
        return "bool", lambda s: compare(lf(s), rf(s))


def compile_condition(text: str, names: Names) -> tuple[Node, Compiled]:
    """Parse and type-check a condition; raise ``ExpressionError`` if it is not a sound bool."""
    tree = parse(text)
    kind, fn = _Checker(names).check(tree)
    if kind == "symbol":
        raise _Checker(names)._unknown(tree)
    if kind != "bool":
        raise ExpressionError("SCN007", f"a condition must be true or false, not {kind}", 0)
    return tree, fn


UNKNOWN: Any = object()


def fold(node: Node, constants: Mapping[str, Value], impossible: frozenset[str]) -> Any:
    """Evaluate what is knowable without playing. ``constants`` maps every declared variable to
    its value if nothing can change it, else to ``UNKNOWN``; calls on ``impossible`` ids (actions
    that can never be taken, injects that can never fire…) are known. A condition that folds to
    ``False`` can never hold."""
    kind = node.kind
    if kind == "lit":
        return node.value
    if kind == "name":
        if node.value == "elapsed":
            return UNKNOWN
        return constants.get(node.value, node.value)
    if kind == "call":
        target = node.args[0].value
        if target in impossible:
            return 0 if node.value == "count" else False
        return UNKNOWN
    if kind == "not":
        inner = fold(node.args[0], constants, impossible)
        return UNKNOWN if inner is UNKNOWN else not inner
    if kind == "neg":
        inner = fold(node.args[0], constants, impossible)
        return UNKNOWN if inner is UNKNOWN else -inner
    left = fold(node.args[0], constants, impossible)
    right = fold(node.args[1], constants, impossible)
    op = node.value
    if op == "and":
        if left is False or right is False:
            return False
        return UNKNOWN if UNKNOWN in (left, right) else True
    if op == "or":
        if left is True or right is True:
            return True
        return UNKNOWN if UNKNOWN in (left, right) else False
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    if op in _ARITH:
        return 0.0 if op == "/" and right == 0 else _ARITH[op](left, right)
    return _COMPARE[op](left, right)


def names_in(node: Node) -> set[str]:
    """Every variable-like name a tree reads (used to find which variables a rule depends on)."""
    found = {node.value} if node.kind == "name" else set()
    if node.kind != "call":
        for arg in node.args:
            found |= names_in(arg)
    return found
