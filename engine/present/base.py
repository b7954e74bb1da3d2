"""What every presenter offers the frame loop, whatever it draws on (window, buffer, headset).

A presenter draws a ``View`` from the core and the core's events (inject cards, messages);
it never changes the session itself: trainee intents reach the core as requests through an
input source.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # kept light: a window can open before the authoring layer is imported
    from engine.core.state import Event
    from engine.core.view import View


class PresenterError(Exception):
    """A presenter could not start (no display, no OpenGL, a missing asset): one clear line."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint

    def format(self) -> str:
        head = f"error {self.code}: {self.message}"
        return head if self.hint is None else f"{head}\n    hint: {self.hint}"


class ShownParts:
    """What each part of an overlay last showed, so unchanged text is not rebuilt each frame."""

    def __init__(self) -> None:
        self._last: dict[str, object] = {}

    def changed(self, part: str, value: object) -> bool:
        """Whether ``part`` now shows something new (and remember it)."""
        if self._last.get(part) == value:  # a part never shown counts as showing None
            return False
        self._last[part] = value
        return True


class Presenter(Protocol):
    def show(self, view: View, dt: float) -> None:
        """Make the next frame show ``view``; ``dt`` is the seconds since the last frame."""

    def notify(self, events: Sequence[Event]) -> None:
        """Facts the core just emitted (injects, results, refusals) for cards and sounds."""

    def render(self) -> None:
        """Draw one frame."""

    def screenshot(self, path: Path) -> None: ...

    def close(self) -> None: ...
