"""Which log lines a client may be sent: only what its role would know.

Stricter than what a trainee is told on screen (``engine.core.view.delivered_to``): a value
the scenario does not show that role (a hidden variable, another role's status plate) never
leaves the host, and neither do other roles' requests, notes or the session's seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.core.program import Program
from engine.core.state import Event, State
from engine.core.view import delivered_to

EVERYONE = "*"  # the instructor: every line
HOST_ONLY = frozenset({"header", "poses"})


def visible(program: Program, state: State, record: Mapping[str, Any], role: str) -> bool:
    """Whether a client playing (or watching) ``role`` may be sent ``record``."""
    kind = record.get("k")
    if role == EVERYONE:
        return kind not in ("poses",)
    if kind in HOST_ONLY or kind == "started":
        return False
    if kind == "closed":
        return True
    if kind == "request":
        return record.get("role") == role
    if kind == "note":
        note = record.get("note")
        if note == "message":
            return role in (record.get("role"), record.get("to"))
        if note == "instructor":
            return False
        return record.get("role") == role or note in ("joined", "left")
    if kind == "variable_changed":
        return _shown(program, state, str(record.get("var")), role)
    data = {k: v for k, v in record.items() if k not in ("i", "t", "k", "h")}
    return delivered_to(program, Event(int(record.get("t", 0)), str(kind), data), role)


def _shown(program: Program, state: State, var: str, role: str) -> bool:
    spec = program.variables.get(var)
    if spec is None or not spec.shown or (spec.shown_to and role not in spec.shown_to):
        return False
    return spec.shown_when is None or bool(spec.shown_when(state))

