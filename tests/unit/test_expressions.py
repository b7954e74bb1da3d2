"""The condition language: parsing, type checking, evaluation and constant folding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from engine.scenario.expressions import (
    UNKNOWN,
    ExpressionError,
    Names,
    compile_condition,
    fold,
)

NAMES = Names(
    variables={"ppe": "bool", "temp": "float", "count_x": "int", "site": "enum"},
    enum_values={"site": ("lane", "bay")},
    actions=frozenset({"open_container", "call_fire"}),
    roles=frozenset({"customs", "police"}),
    injects=frozenset({"smoke"}),
    decisions={"where": frozenset({"here", "bay"})},
)


@dataclass
class Ctx:
    t_ms: int = 0
    vars: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    done_by: frozenset[tuple[str, str]] = frozenset()
    fired: frozenset[str] = frozenset()
    chosen: dict[str, str] = field(default_factory=dict)


def run(text: str, **ctx: Any) -> Any:
    base = {"vars": {"ppe": False, "temp": 40.0, "count_x": 2, "site": "lane"}}
    base.update(ctx)
    return compile_condition(text, NAMES)[1](Ctx(**base))


def problem(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        compile_condition(text, NAMES)
    return caught.value


def test_boolean_logic_and_precedence() -> None:
    assert run("not ppe and temp > 30") is True
    assert run("ppe or temp > 50") is False
    assert run("not (ppe or temp < 50)") is False
    assert run("temp * 2 - 10 >= 70") is True


def test_functions_read_the_session() -> None:
    counts = {"open_container": 2}
    assert run("done(open_container)", counts=counts) is True
    assert run("count(open_container) == 2", counts=counts) is True
    assert run("done(call_fire)", counts=counts) is False
    assert run("done(open_container, police)", done_by=frozenset({("open_container", "police")}))
    assert run("fired(smoke)", fired=frozenset({"smoke"})) is True
    assert run("chose(where, bay)", chosen={"where": "bay"}) is True
    assert run("decided(where)") is False
    assert run("elapsed >= 90", t_ms=90_000) is True


def test_enum_values_compare_by_name_or_quoted() -> None:
    assert run("site == lane") is True
    assert run("site != 'bay'") is True
    assert run("bay == site") is False


def test_syntax_errors_say_where() -> None:
    error = problem("ppe and (temp > 3")
    assert error.code == "SCN006" and error.offset == len("ppe and (temp > 3")
    assert problem("temp > > 3").code == "SCN006"
    assert problem("ppe ^ temp").offset == 4
    assert "chained" in problem("1 < temp < 3").message


def test_unknown_names_suggest_the_closest() -> None:
    error = problem("tmp > 3")
    assert error.code == "SCN008" and "did you mean 'temp'" in error.message
    assert "unknown action 'open_contaner'" in problem("done(open_contaner)").message
    assert "unknown option 'hre'" in problem("chose(where, hre)").message
    assert problem("finished(x)").code == "SCN008"


def test_type_errors() -> None:
    assert problem("temp and ppe").code == "SCN007"
    assert problem("temp + 1").code == "SCN007"  # not a true/false condition
    assert problem("ppe > 1").code == "SCN007"
    assert "not a value of 'site'" in problem("site == quay").message
    assert problem("site < lane").code == "SCN007"
    assert problem("done(open_container, police, customs)").code == "SCN007"


def test_folding_finds_conditions_that_can_never_hold() -> None:
    constants = {"ppe": False, "temp": UNKNOWN, "count_x": 0, "site": "lane"}

    def folded(text: str, impossible: frozenset[str] = frozenset()) -> Any:
        return fold(compile_condition(text, NAMES)[0], constants, impossible)

    assert folded("ppe and temp > 3") is False
    assert folded("site == bay") is False
    assert folded("temp > 3") is UNKNOWN
    assert folded("ppe or temp > 3") is UNKNOWN
    assert folded("done(open_container)", frozenset({"open_container"})) is False
    assert folded("not done(open_container)", frozenset({"open_container"})) is True
    assert folded("count_x + 1 == 1") is True
