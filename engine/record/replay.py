"""Replay a session log through the core and confirm the same events come out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.core.program import Program
from engine.core.runtime import start, step
from engine.core.state import State, request_from_record
from engine.errors import Diagnostic
from engine.record.log import LogContents

NOT_EVENTS = frozenset({"header", "request", "poses", "closed", "note"})


@dataclass(frozen=True)
class ReplayResult:
    state: State
    compared: int
    diagnostics: list[Diagnostic]


def _normal(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("i", "h")}


def rerun(program: Program, contents: LogContents) -> tuple[State, list[dict[str, Any]]]:
    """The final state and every event the core produces for the requests in ``contents``."""
    people = contents.header.get("people")  # older logs: people played every playable role
    state, events = start(program, int(contents.header["seed"]),
                          None if not isinstance(people, list) else map(str, people))
    produced = [e.to_record() for e in events]
    for record in contents.records:
        kind = record["k"]
        if kind not in ("request", "closed"):
            continue
        state, events = step(program, state, None, int(record["t"]))
        produced += [e.to_record() for e in events]
        if kind == "request":
            state, events = step(program, state, request_from_record(record), int(record["t"]))
            produced += [e.to_record() for e in events]
    timed = [int(r["t"]) for r in contents.records if r["k"] not in ("poses", "note")]
    if timed and max(timed) > state.t_ms:
        state, events = step(program, state, None, max(timed))
        produced += [e.to_record() for e in events]
    return state, json.loads(json.dumps(produced))


def replay(program: Program, contents: LogContents, path: str | Path) -> ReplayResult:
    """Compare the logged events of ``contents`` with a fresh run of its requests."""
    logged = [_normal(r) for r in contents.records if r["k"] not in NOT_EVENTS]
    lines = [int(r["i"]) + 1 for r in contents.records if r["k"] not in NOT_EVENTS]
    state, produced = rerun(program, contents)
    for n, (now, then) in enumerate(zip(produced, logged, strict=False)):
        if now != then:
            return ReplayResult(
                state,
                n,
                [
                    Diagnostic(
                        str(path),
                        lines[n],
                        1,
                        "LOG008",
                        f"replay differs at line {lines[n]}: logged {json.dumps(then)}, "
                        f"the core now gives {json.dumps(now)}",
                    )
                ],
            )
    if len(produced) != len(logged):
        more = "fewer" if len(produced) < len(logged) else "more"
        return ReplayResult(
            state,
            min(len(produced), len(logged)),
            [
                Diagnostic(
                    str(path),
                    lines[-1] if lines else 1,
                    1,
                    "LOG008",
                    f"replay gives {more} events ({len(produced)}) "
                    f"than were logged ({len(logged)})",
                )
            ],
        )
    return ReplayResult(state, len(logged), [])
