"""Pydantic errors become located SCN001/SCN002/SCN003 diagnostics that read well."""

from __future__ import annotations

import textwrap
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from engine.scenario.diagnostics import pydantic_diagnostics
from engine.scenario.yamlsource import parse_yaml

STRICT = ConfigDict(extra="forbid", frozen=True)


class Settings(BaseModel):
    model_config = STRICT
    time_limit: int
    difficulty: Literal["easy", "hard"] = "easy"


class Role(BaseModel):
    model_config = STRICT
    id: str
    agency: Literal["police", "customs", "trading_standards"]

    @field_validator("id")
    @classmethod
    def _lowercase(cls, value: str) -> str:
        if value != value.lower():
            raise ValueError(f"the id '{value}' must be lower case")
        return value


class Cue(BaseModel):
    model_config = STRICT
    kind: Literal["cue"]
    text: str


class Wait(BaseModel):
    model_config = STRICT
    kind: Literal["wait"]
    seconds: int


Step = Annotated[Cue | Wait, Field(discriminator="kind")]


class Scenario(BaseModel):
    model_config = STRICT
    title: str
    settings: Settings
    roles: list[Role] = []
    steps: list[Step] = []
    people: dict[str, Role] = {}
    summary: str | None = Field(None, alias="abstract")
    budget: int | str = 0


HEAD = "title: Raid\nsettings:\n  time_limit: 60\n"


def diagnose(text: str) -> list[str]:
    source = parse_yaml(textwrap.dedent(text), "s.yaml")
    with pytest.raises(ValidationError) as caught:
        Scenario.model_validate(source.data)
    found = pydantic_diagnostics(caught.value, source, Scenario, prefix="SCN")
    return [d.format() for d in found]


def test_unknown_top_level_key_with_hint() -> None:
    assert diagnose("titel: Raid\nsettings: {time_limit: 5}\n") == [
        "s.yaml:1:1: error SCN001: unknown key 'titel'\n    hint: did you mean 'title'?",
        "s.yaml:1:1: error SCN002: missing required key 'title'\n"
        "    hint: is 'titel' a misspelling of 'title'?",
    ]


def test_unknown_key_in_nested_model() -> None:
    found = diagnose("title: Raid\nsettings:\n  time_limit: 5\n  dificulty: hard\n")
    assert found == [
        "s.yaml:4:3: error SCN001: unknown key 'dificulty'\n    hint: did you mean 'difficulty'?"
    ]


def test_unknown_key_in_list_item() -> None:
    roles = "roles:\n  - id: a\n    agency: police\n  - id: b\n    agensy: police\n"
    found = diagnose(HEAD + roles)
    assert (
        found[1]
        == "s.yaml:8:5: error SCN001: unknown key 'agensy'\n    hint: did you mean 'agency'?"
    )
    assert found[0] == (
        "s.yaml:7:5: error SCN002: missing required key 'agency'\n"
        "    hint: is 'agensy' a misspelling of 'agency'?"
    )


def test_unknown_key_in_tagged_union_branch() -> None:
    found = diagnose(HEAD + "steps:\n  - kind: cue\n    text: Go\n  - kind: wait\n    secs: 3\n")
    assert found == [
        "s.yaml:7:5: error SCN002: missing required key 'seconds'\n"
        "    hint: is 'secs' a misspelling of 'seconds'?",
        "s.yaml:8:5: error SCN001: unknown key 'secs'\n    hint: did you mean 'seconds'?",
    ]


def test_unknown_key_in_dict_of_models_and_alias_hint() -> None:
    found = diagnose(HEAD + "abstrct: short\npeople:\n  boss: {id: b, agency: police, rank: 3}\n")
    assert found == [
        "s.yaml:4:1: error SCN001: unknown key 'abstrct'\n    hint: did you mean 'abstract'?",
        "s.yaml:6:33: error SCN001: unknown key 'rank'",
    ]


def test_missing_key_points_at_the_parent_mapping() -> None:
    assert diagnose("title: Raid\nsettings:\n  difficulty: easy\n") == [
        "s.yaml:3:3: error SCN002: missing required key 'time_limit'"
    ]
    assert diagnose("title: Raid\nsettings: {}\n") == [
        "s.yaml:2:11: error SCN002: missing required key 'time_limit'"
    ]


def test_wrong_types_and_literals_point_at_the_value() -> None:
    found = diagnose(
        "title: [not, text]\nsettings:\n  time_limit: abc\n  difficulty: medium\n"
        "roles:\n  - {id: a, agency: army}\n"
    )
    assert found == [
        "s.yaml:1:8: error SCN003: expected text, got a list",
        "s.yaml:3:15: error SCN003: expected a whole number, got 'abc'",
        "s.yaml:4:15: error SCN003: expected one of 'easy', 'hard', got 'medium'",
        "s.yaml:6:21: error SCN003: expected one of 'police', 'customs', 'trading_standards', "
        "got 'army'",
    ]


def test_long_input_is_truncated() -> None:
    found = diagnose("title: Raid\nsettings:\n  time_limit: " + "x" * 100 + "\n")
    assert found == ["s.yaml:3:15: error SCN003: expected a whole number, got '" + "x" * 39 + "…'"]


def test_mapping_expected() -> None:
    assert diagnose("title: Raid\nsettings: 5\n") == [
        "s.yaml:2:11: error SCN003: expected a mapping of 'key: value' lines, got 5"
    ]


def test_validator_message_without_prefix() -> None:
    assert diagnose(HEAD + "roles:\n  - id: Boss\n    agency: police\n") == [
        "s.yaml:5:9: error SCN003: the id 'Boss' must be lower case"
    ]


def test_discriminated_union_bad_and_missing_tag() -> None:
    found = diagnose(HEAD + "steps:\n  - kind: cu\n    text: Go\n  - knd: wait\n    seconds: 3\n")
    assert found == [
        "s.yaml:5:11: error SCN003: expected 'kind' to be one of 'cue', 'wait', got 'cu'\n"
        "    hint: did you mean 'cue'?",
        "s.yaml:7:5: error SCN002: missing required key 'kind'\n"
        "    hint: is 'knd' a misspelling of 'kind'?",
    ]


def test_discriminated_union_branch_error_is_located() -> None:
    found = diagnose(HEAD + "steps:\n  - kind: wait\n    seconds: soon\n")
    assert found == ["s.yaml:6:14: error SCN003: expected a whole number, got 'soon'"]


def test_plain_union_errors_are_merged_at_one_place() -> None:
    assert diagnose(HEAD + "budget: [1, 2]\n") == [
        "s.yaml:4:9: error SCN003: expected a whole number or text, got a list"
    ]


def test_each_problem_once_in_one_pass() -> None:
    found = diagnose(
        "title: Raid\nsettings: {time_limit: x, extra: 1}\nroles:\n  - {agency: police}\n"
    )
    assert found == [
        "s.yaml:2:24: error SCN003: expected a whole number, got 'x'",
        "s.yaml:2:27: error SCN001: unknown key 'extra'",
        "s.yaml:4:5: error SCN002: missing required key 'id'",
    ]


def test_literal_typo_gets_a_hint() -> None:
    assert diagnose(HEAD + "roles:\n  - id: a\n    agency: polise\n") == [
        "s.yaml:6:13: error SCN003: expected one of 'police', 'customs', 'trading_standards', "
        "got 'polise'\n    hint: did you mean 'police'?"
    ]
