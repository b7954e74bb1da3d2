"""Stable ids for every trainee-facing string of a scenario.

A string's id is built from the ids of what owns it, e.g.
``container-search/action/don_ppe/label`` or
``container-search/decision/search_site/option/isolation_bay/label``. Ids never contain the text,
so they survive edits and serve as translation keys and xAPI activity ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from engine.scenario.schema import Scenario

_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def _pairs(s: Scenario) -> Iterator[tuple[str, str | None]]:
    yield "title", s.title
    yield "summary", s.summary
    for o in s.objectives:
        yield f"objective/{o.id}/text", o.text
    labels = {a.id: a.label for a in s.actions}
    for r in s.roles:
        yield f"role/{r.id}/name", r.name
        yield f"role/{r.id}/briefing", r.briefing
        for asked in r.on_request:
            key = f"role/{r.id}/on_request/{asked.action}"
            yield f"{key}/label", asked.label or f"{r.name} — {labels.get(asked.action, '')}"
            yield f"{key}/answer", asked.answer
            for refusal in asked.refusals:
                yield f"{key}/refusal/{refusal.id}/reason", refusal.reason
    for z in s.place.zones:
        yield f"zone/{z.id}/name", z.name
    for p in s.props:
        yield f"prop/{p.id}/name", p.name
        yield f"prop/{p.id}/label", p.label.text if p.label else None
    for c in s.crowds:
        yield f"crowd/{c.id}/name", c.name
    for doc in s.documents:
        yield f"document/{doc.id}/title", doc.title
        yield f"document/{doc.id}/body", doc.body
    for v in s.variables:
        yield f"variable/{v.id}/label", v.label
        for value, words in v.value_labels.items():
            yield f"variable/{v.id}/value/{value}", words
    for a in s.actions:
        yield f"action/{a.id}/label", a.label
        yield f"action/{a.id}/message", a.message
        for out in a.outcomes:
            yield f"action/{a.id}/outcome/{out.id}/message", out.message
    for d in s.decisions:
        yield f"decision/{d.id}/prompt", d.prompt
        for opt in d.options:
            yield f"decision/{d.id}/option/{opt.id}/label", opt.label
    for i in s.injects:
        yield f"inject/{i.id}/content", i.content
        yield f"inject/{i.id}/expected_response", i.expected_response
    for h in s.hazards:
        yield f"hazard/{h.id}/name", h.name
    for e in s.endings:
        yield f"ending/{e.id}/message", e.message


def string_id(scenario_id: str, key: str) -> str:
    return f"{scenario_id}/{key}"


def string_table(scenario: Scenario) -> dict[str, str]:
    """Every trainee-facing string of ``scenario`` by its stable id, in document order."""
    return {string_id(scenario.id, k): v for k, v in _pairs(scenario) if v is not None}


def text(table: dict[str, str], scenario_id: str, key: str, fallback: str = "") -> str:
    return table.get(string_id(scenario_id, key), fallback)


def fields_in(text: str) -> list[tuple[str, int]]:
    """The variables a message names, as (name, offset): ``{pallet_temp}`` is a live value;
    ``{{`` and ``}}`` are literal braces."""
    return [(m.group(1).strip(), m.start()) for m in _FIELD.finditer(text)
            if m.group(1) is not None]


def fill(text: str, shown: Callable[[str], str | None]) -> str:
    """``text`` with each ``{name}`` replaced by ``shown(name)`` (kept as written where that
    is None) and ``{{``/``}}`` by single braces."""

    def one(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)[0]
        value = shown(match.group(1).strip())
        return match.group(0) if value is None else value

    return _FIELD.sub(one, text)
