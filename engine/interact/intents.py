"""What a trainee means, whatever device said it: the only thing inputs produce.

Mouse and keys, tracked controllers and the scripted pilot all speak in these; the
interaction controller alone decides what each means in the moment (a number picks in the
open panel, Esc closes it or sets a decision aside, a click acts or picks a row).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Look:
    """Turn the view: degrees of heading (positive turns left) and of pitch (positive up)."""

    yaw: float
    pitch: float


@dataclass(frozen=True, slots=True)
class Move:
    """Walk for ``seconds``: ``forward`` and ``right`` in -1..1, faster when ``run``."""

    forward: float
    right: float
    seconds: float
    run: bool = False


@dataclass(frozen=True, slots=True)
class Turn:
    """A snap turn by ``degrees`` (positive turns left)."""

    degrees: float


@dataclass(frozen=True, slots=True)
class Aim:
    """Start (or stop) aiming a teleport: the arc shows where one would land."""

    on: bool


@dataclass(frozen=True, slots=True)
class Teleport:
    """Go to (x, y), or where the teleport arc points when no place is given, if one may
    stand there."""

    x: float | None = None
    y: float | None = None


@dataclass(frozen=True, slots=True)
class Select:
    """Click or trigger: pick the panel row pointed at, else act on what is pointed at."""


@dataclass(frozen=True, slots=True)
class Act:
    """Act on what the crosshair rests on (its one action, or a menu of them)."""


@dataclass(frozen=True, slots=True)
class Read:
    """Read the documents of what is pointed at (again: put them down)."""


@dataclass(frozen=True, slots=True)
class Radio:
    """Open the radio and phone: calls and actions not tied to an object."""


@dataclass(frozen=True, slots=True)
class Briefing:
    """Show or hide the briefing and objectives."""


@dataclass(frozen=True, slots=True)
class Thermal:
    """Switch the thermal camera view on or off."""


@dataclass(frozen=True, slots=True)
class Pause:
    """Stop or restart the scenario clock."""


@dataclass(frozen=True, slots=True)
class Back:
    """Esc: stop typing, close a panel, set a decision aside, or free the mouse pointer."""


@dataclass(frozen=True, slots=True)
class Recall:
    """Bring back a decision that was set aside."""


@dataclass(frozen=True, slots=True)
class Pick:
    """Pick row ``number`` (1-based) of the panel in front."""

    number: int


@dataclass(frozen=True, slots=True)
class Type:
    """Characters typed into an open text field."""

    text: str


@dataclass(frozen=True, slots=True)
class Erase:
    """Delete the last character typed."""


@dataclass(frozen=True, slots=True)
class Submit:
    """Enter: hand in what was typed."""


@dataclass(frozen=True, slots=True)
class FrameRate:
    """Show or hide the frame-time readout."""


@dataclass(frozen=True, slots=True)
class Quit:
    """The window was closed or the headset session ended."""


Intent = (Look | Move | Turn | Aim | Teleport | Select | Act | Read | Radio | Briefing | Thermal
          | Pause | Back | Recall | Pick | Type | Erase | Submit | FrameRate | Quit)
