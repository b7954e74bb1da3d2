"""Replay a session log through the core and confirm the same events come out.

The requests of a log are fed to the core at their logged times; every logged event must come
out again, in order. A log that was never closed (a crash) is checked as far as it was written:
the core may go on past its last line, as the session would have.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.core.program import Program
from engine.core.runtime import start, step
from engine.core.state import State, request_from_record
from engine.errors import Diagnostic
from engine.record.format import CLOSED, NOT_EVENTS, POSES, REQUEST

Record = Mapping[str, Any]


@dataclass(frozen=True)
class ReplayResult:
    state: State
    compared: int  # logged events that came out again
    produced: list[dict[str, Any]]  # every event the core gave
    diagnostics: list[Diagnostic]


def _normal(record: Record) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("i", "h")}


def _shown(record: Record) -> str:
    text = json.dumps(record, ensure_ascii=False)
    return text if len(text) <= 200 else text[:199] + "…"


def order_problem(records: Sequence[Record], shown: str,
                  line_of: Callable[[int], int] = lambda i: i + 1) -> Diagnostic | None:
    """A request or event whose time is earlier than the one before it: the core cannot go
    back in time, so such a log cannot be replayed (LOG018)."""
    latest = 0
    for record in records:
        if record["k"] in (POSES, "note"):
            continue
        t = record["t"]
        if t < latest:
            line = line_of(int(record["i"]))
            return Diagnostic(shown, line, 1, "LOG018",
                              f"line {line} is at {t} ms, earlier than the line before it "
                              f"({latest} ms): time cannot go backwards")
        latest = t
    return None


def rerun(program: Program, seed: int, records: Sequence[Record],
          people: Iterable[str] | None = None) -> tuple[State, list[dict[str, Any]]]:
    """The final state and every event the core produces for the requests in ``records``
    (their times must not go backwards: see ``order_problem``), with ``people`` playing the
    roles the header names (every playable role when None, as in older logs)."""
    state, events = start(program, seed, people)
    produced = [e.to_record() for e in events]
    for record in records:
        kind = record["k"]
        if kind not in (REQUEST, CLOSED):
            continue
        state, events = step(program, state, None, int(record["t"]))
        produced += [e.to_record() for e in events]
        if kind == REQUEST:
            state, events = step(program, state, request_from_record(record), int(record["t"]))
            produced += [e.to_record() for e in events]
    timed = [int(r["t"]) for r in records if r["k"] not in (POSES, "note")]
    if timed and max(timed) > state.t_ms:
        state, events = step(program, state, None, max(timed))
        produced += [e.to_record() for e in events]
    return state, json.loads(json.dumps(produced))


def replay(program: Program, seed: int, records: Sequence[Record], shown: str, *,
           closed: bool = True, line_of: Callable[[int], int] = lambda i: i + 1,
           people: Iterable[str] | None = None) -> ReplayResult:
    """Compare the logged events of ``records`` with a fresh run of their requests. For a log
    that was not ``closed``, the run may give more events after the last one written.
    ``line_of`` gives the file's line number of a chained index, for the diagnostics."""
    problem = order_problem(records, shown, line_of)
    if problem is not None:
        return ReplayResult(start(program, seed)[0], 0, [], [problem])
    events = [r for r in records if r["k"] not in NOT_EVENTS]
    logged = [_normal(r) for r in events]
    lines = [line_of(int(r["i"])) for r in events]
    state, produced = rerun(program, seed, records, people)
    for n, (now, then) in enumerate(zip(produced, logged, strict=False)):
        if now != then:
            message = (f"replay differs at line {lines[n]}: logged {_shown(then)}, the core now "
                       f"gives {_shown(now)}")
            return ReplayResult(state, n, produced, [Diagnostic(shown, lines[n], 1, "LOG008",
                                                                message)])
    if len(produced) < len(logged) or (closed and len(produced) > len(logged)):
        more = "fewer" if len(produced) < len(logged) else "more"
        message = (f"replay gives {more} events ({len(produced)}) than were logged "
                   f"({len(logged)})")
        where = lines[min(len(produced), len(logged) - 1)] if lines else 1
        return ReplayResult(state, min(len(produced), len(logged)), produced,
                            [Diagnostic(shown, where, 1, "LOG008", message)])
    return ReplayResult(state, len(logged), produced, [])
