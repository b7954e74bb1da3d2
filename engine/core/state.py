"""Saveable session state, action requests and events: plain, immutable values.

Actions are imperative requests from a trainee ("perform X", "choose Y"); events are facts in
the past tense that the core emits. Neither knows about graphics, files or clocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from engine.core.motion import Flow, Move

Value = bool | int | float | str


@dataclass(frozen=True, slots=True)
class Perform:
    """Take a scenario action as a role."""

    action: str
    role: str

    def to_record(self) -> dict[str, Any]:
        return {"do": self.action, "role": self.role}


@dataclass(frozen=True, slots=True)
class Choose:
    """Choose an option at an open decision point, with an optional free-text rationale."""

    decision: str
    option: str
    role: str
    rationale: str | None = None

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"choose": self.decision, "option": self.option, "role": self.role}
        if self.rationale is not None:
            record["rationale"] = self.rationale
        return record


@dataclass(frozen=True, slots=True)
class Ask:
    """Ask the role ``partner`` to take ``action``, by radio, phone or face to face."""

    action: str
    partner: str
    role: str
    via: str = "radio"

    def to_record(self) -> dict[str, Any]:
        return {"ask": self.partner, "do": self.action, "role": self.role, "via": self.via}


@dataclass(frozen=True, slots=True)
class Seat:
    """Hand a playable role to a person (``by="person"``: someone joined a shared session to
    play it) or to the engine (``by="engine"``: nobody plays it now). Made by the host of a
    shared session, never by a trainee, so that who played what is in the log and replays."""

    role: str
    by: str  # "person" or "engine"

    def to_record(self) -> dict[str, Any]:
        return {"seat": self.role, "by": self.by}


@dataclass(frozen=True, slots=True)
class Fire:
    """Fire an inject now, whatever its trigger: the exercise controller's hand on the MSEL
    (the instructor station's "fire now"). Never a trainee's."""

    inject: str
    role: str = "instructor"

    def to_record(self) -> dict[str, Any]:
        return {"fire": self.inject, "by": self.role}


Request = Perform | Choose | Ask | Seat | Fire


def request_from_record(record: Mapping[str, Any]) -> Request:
    """The inverse of ``to_record``: rebuild a request read back from a log line."""
    if "seat" in record:
        return Seat(str(record["seat"]), str(record.get("by", "person")))
    if "fire" in record:
        return Fire(str(record["fire"]), str(record.get("by", "instructor")))
    if "ask" in record:
        return Ask(str(record["do"]), str(record["ask"]), str(record["role"]),
                   str(record.get("via", "radio")))
    if "do" in record:
        return Perform(str(record["do"]), str(record["role"]))
    return Choose(
        str(record["choose"]),
        str(record["option"]),
        str(record["role"]),
        None if record.get("rationale") is None else str(record["rationale"]),
    )


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened at scenario time ``t_ms``; ``data`` holds ids and values only."""

    t_ms: int
    kind: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return {"t": self.t_ms, "k": self.kind, **self.data}


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class State:
    """Everything that changes during a session; the scenario itself never does."""

    t_ms: int
    next_tick_ms: int
    rng: int
    vars: Mapping[str, Value]
    counts: Mapping[str, int] = field(default_factory=_empty)
    done_by: frozenset[tuple[str, str]] = frozenset()
    fired: frozenset[str] = frozenset()
    settled: frozenset[str] = frozenset()
    armed: Mapping[str, int] = field(default_factory=_empty)
    chosen: Mapping[str, str] = field(default_factory=_empty)
    open_decisions: Mapping[str, int] = field(default_factory=_empty)
    opened: frozenset[str] = frozenset()
    crossed: frozenset[str] = frozenset()
    rates: Mapping[str, float] = field(default_factory=_empty)
    ended: str | None = None
    outcome: str | None = None
    people: frozenset[str] = frozenset()  # the roles people play; the engine plays the rest
    pending: tuple[Pending, ...] = ()
    behaved: frozenset[str] = frozenset()
    moves: Mapping[str, Move] = field(default_factory=_empty)  # props on their way somewhere
    flows: Mapping[str, Flow] = field(default_factory=_empty)  # crowds growing or thinning


@dataclass(frozen=True, slots=True)
class Pending:
    """A partner asked for an action: due at ``due_ms`` when the engine plays the partner,
    or waiting (``due_ms`` None) for the person who plays it."""

    partner: str
    action: str
    asked_by: str
    due_ms: int | None
