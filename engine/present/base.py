"""What every presenter offers the frame loop, whatever it draws on (window, buffer, headset).

A presenter draws the core's ``View`` as the interaction controller's ``Screen`` says, and
reports what the trainee's pointer (crosshair, mouse, laser) rests on and what stands in
their way; it never changes the session: intents reach the core through the controller.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # kept light: a window can open before the authoring layer is imported
    from engine.core.view import View
    from engine.interact.body import Walls
    from engine.interact.controller import Pointed
    from engine.interact.screen import Screen


class PresenterError(Exception):
    """A presenter could not start (no display, no OpenGL, a missing asset): one clear line."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint

    def format(self) -> str:
        head = f"error {self.code}: {self.message}"
        return head if self.hint is None else f"{head}\n    hint: {self.hint}"


class Presenter(Protocol):
    device: str  # "desktop" or "xr": which words and gestures the controller uses

    def draw(self, view: View, screen: Screen, dt: float) -> None:
        """Make the next frame show ``view`` as ``screen`` says; ``dt``: seconds since the
        last frame, for what animates."""

    def render(self) -> None:
        """Draw one frame."""

    def pointed(self) -> Pointed:
        """What the pointer rests on in the frame just drawn."""

    def walls(self, view: View) -> Walls:
        """What a walker cannot enter in ``view``."""

    def camera_pose(self) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
        """Where the eyes are and where they look, for the log's pose samples."""

    def input_device(self) -> Any:
        """What a live input source listens to (a window's events, controller states)."""

    def screenshot(self, path: Path) -> None: ...

    def close(self) -> None: ...
