"""What a presenter must draw this frame, decided by the controller and nothing else.

Everything is data: text as ``Line`` ids, rows as numbered choices with a stable key, the
trainee's body for the camera. A desktop HUD, headset panels and a test all read the same
``Screen``; none of them decides what it says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.interact.body import Body
from engine.interact.lines import Line

WIDE = frozenset({"document", "briefing"})


@dataclass(frozen=True, slots=True)
class Row:
    """A numbered choice; ``key`` says what it does (``do:ACTION``, ``read:PROP:DOC``,
    ``option:OPTION``), so a pilot or a test can find the row it wants."""

    number: int
    label: Line
    key: str
    chosen: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """A text field: a decision's rationale being typed."""

    prompt: Line
    text: str
    required: bool
    warning: Line | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its paragraphs (a document, the briefing's objectives)."""

    title: Line
    body: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class PanelShown:
    """A panel: a menu of a prop's actions, the radio, documents, the briefing, or a
    decision (docked at the side, so the trainee can still look, walk and act)."""

    kind: str
    key: str
    title: Line
    sections: tuple[Section, ...] = ()
    rows: tuple[Row, ...] = ()
    beside: tuple[Section, ...] = ()  # records compared with the sections, in a second column
    entry: Entry | None = None
    hint: Line | None = None
    countdown: Line | None = None

    @property
    def wide(self) -> bool:
        return self.kind in WIDE


@dataclass(frozen=True, slots=True)
class Card:
    """A message card (an inject, a confirmation, a refusal); ``key`` is unique per card."""

    key: int
    header: Line
    body: Line | None
    tone: str  # message | done | refused | notice


@dataclass(frozen=True, slots=True)
class Reminder:
    """A decision set aside (or waiting behind a document), with its time left."""

    decision: str
    prompt: Line
    countdown: Line | None
    hint: Line


@dataclass(frozen=True, slots=True)
class Banner:
    lines: tuple[Line, ...]
    tone: str  # paused | success | failure | timeout


@dataclass(frozen=True)
class Screen:
    body: Body
    status: tuple[Line, ...] = ()
    prompt: tuple[Line, ...] = ()
    hints: tuple[Line, ...] = ()
    crosshair: str = "idle"  # none | idle | focused
    focus: str | None = None
    panel: PanelShown | None = None
    decision: PanelShown | None = None
    reminders: tuple[Reminder, ...] = ()
    cards: tuple[Card, ...] = ()
    banner: Banner | None = None
    thermal: bool = False
    thermal_reading: tuple[Line, Line] | None = None
    frame_time: Line | None = None
    capture: bool = False  # the desktop pointer is held for looking around
    typing: bool = False
    aiming: bool = False  # a teleport arc is being aimed
    chimes: int = 0  # cards that arrived this frame, for a sound
    pulses: tuple[str, ...] = field(default=())  # hands to buzz: a pick was taken

    def panels(self) -> tuple[PanelShown, ...]:
        return tuple(p for p in (self.panel, self.decision) if p is not None)
