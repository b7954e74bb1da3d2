"""What every input source offers the frame loop: intents out, and the screen back.

An input turns device events into ``engine.interact.intents`` and nothing more; it never
holds a presenter or reaches into a HUD. After each frame it is shown what was drawn, so a
device can follow it (a mouse captured for looking, a controller's buzz, a pilot reading the
rows of a panel).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from engine.core.state import Request
    from engine.core.view import View
    from engine.interact.body import Walls
    from engine.interact.controller import Pointed
    from engine.interact.intents import Intent
    from engine.interact.screen import Screen


@dataclass(frozen=True)
class Drawn:
    """What the last frame showed, handed back to the input after it was drawn."""

    screen: Screen
    view: View
    pointed: Pointed
    t_ms: int
    requested: Sequence[Request] = field(default=())
    walls: Walls | None = None


class InputSource(Protocol):
    def poll(self, dt: float) -> list[Intent]:
        """The intents since the last poll; ``dt`` is the seconds the frame took."""

    def feedback(self, drawn: Drawn) -> None:
        """What was drawn, for the device to follow."""

    def close(self) -> None:
        """Stop listening."""
