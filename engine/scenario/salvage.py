"""Semantic checks for a scenario that failed its schema, so one run reports every problem.

The list items the schema rejected are set aside; if the rest is a valid scenario, the semantic
checks run on it with positions mapped back to the original file. Findings that could only come
from setting items aside are dropped: references to their ids, and reachability (a removed
action may have been what opened a decision).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from engine.errors import Diagnostic
from engine.scenario.schema import Scenario
from engine.scenario.yamlsource import Loc, Source

LIST_SECTIONS: tuple[tuple[str, ...], ...] = (
    ("objectives",),
    ("roles",),
    ("place", "zones"),
    ("props",),
    ("crowds",),
    ("documents",),
    ("variables",),
    ("actions",),
    ("decisions",),
    ("injects",),
    ("hazards",),
    ("endings",),
)
UNRELIABLE_WITHOUT_THE_WHOLE = frozenset(
    {"SCN009", "SCN010", "SCN014", "SCN015", "SCN017", "SCN018"}
)

Check = Callable[[Scenario, Source], Iterable[Diagnostic]]


def _section_of(loc: Sequence[Any]) -> tuple[tuple[str, ...], int] | None:
    for section in LIST_SECTIONS:
        n = len(section)
        if tuple(loc[:n]) == section and len(loc) > n and isinstance(loc[n], int):
            return section, loc[n]
    return None


def salvage(source: Source, error: ValidationError, check: Check) -> list[Diagnostic]:
    """The semantic problems of the part of ``source`` the schema accepted (maybe none)."""
    rejected: dict[tuple[str, ...], set[int]] = {}
    for problem in error.errors(include_url=False):
        found = _section_of(problem["loc"])
        if found is None:
            return []  # a problem outside list items: nothing sound to check
        rejected.setdefault(found[0], set()).add(found[1])
    data = source.data
    kept_data = _copy_without(data, rejected)
    try:
        scenario = Scenario.model_validate(kept_data)
    except ValidationError:
        return []
    removed_ids = {
        item["id"]
        for section, indices in rejected.items()
        for index, item in enumerate(_at(data, section) or [])
        if index in indices and isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    findings = check(scenario, _rekeyed(source, rejected))
    return [
        d
        for d in findings
        if d.code not in UNRELIABLE_WITHOUT_THE_WHOLE
        and not any(isinstance(i, str) and f"'{i}'" in d.message for i in removed_ids)
    ]


def _at(data: Any, section: tuple[str, ...]) -> Any:
    for key in section:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _copy_without(data: dict[str, Any], rejected: dict[tuple[str, ...], set[int]]) -> Any:
    copy = dict(data)
    for section, indices in rejected.items():
        parent = copy
        for key in section[:-1]:
            parent[key] = dict(parent[key])
            parent = parent[key]
        items = parent[section[-1]]
        parent[section[-1]] = [item for n, item in enumerate(items) if n not in indices]
    return copy


def _rekeyed(source: Source, rejected: dict[tuple[str, ...], set[int]]) -> Source:
    """``source`` with list indices renumbered as they are once rejected items are gone."""

    def renumber(loc: Loc) -> Loc | None:
        found = _section_of(loc)
        if found is None or found[0] not in rejected:
            return loc
        section, index = found
        gone = rejected[section]
        if index in gone:
            return None
        shifted = index - sum(1 for g in gone if g < index)
        return (*section, shifted, *loc[len(section) + 1 :])

    def remap(marks: dict[Loc, tuple[int, int]]) -> dict[Loc, tuple[int, int]]:
        out = {}
        for loc, mark in marks.items():
            new = renumber(loc)
            if new is not None:
                out[new] = mark
        return out

    return Source(source.path, source.data, remap(source.value_marks), remap(source.key_marks))
