"""What headset mode opens before its window, and the trainee's comfort settings.

``start`` opens the OpenXR instance and finds the headset, so the failures a trainer can fix
come first; ``Opened`` holds the session's objects to destroy together; ``XrOptions`` are
the comfort settings (``taskforce run --display xr --snap-turn 45 --seated ...``),
checked by ``comfort_options``. Nothing here imports pyopenxr or Panda3D at import time.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine.present.xr.instance import Instance, available_extensions, choose_extensions, headless
from engine.present.xr.system import System

if TYPE_CHECKING:
    from engine.present.xr.actions import ActionSet
    from engine.present.xr.layers import ProjectionLayer
    from engine.present.xr.session import XrSession
    from engine.present.xr.spaces import Spaces
    from engine.present.xr.swapchains import Swapchain

log = logging.getLogger(__name__)
SNAP_CHOICES = (15, 30, 45, 90)
EYE_HEIGHT_M = (1.0, 2.2)  # seated or standing adults, kneeling trainees to tall ones
SCALE = (0.25, 2.0)  # of the runtime's recommended eye image size


@dataclass(frozen=True)
class XrOptions:
    render_scale: float = 1.0  # of the runtime's recommended eye image size
    snap_degrees: float = 30.0
    seated: bool = False  # seated play lifts the eyes to eye_height
    eye_height: float = 1.7
    near: float = 0.05
    far: float = 600.0


@dataclass
class Opened:
    """The OpenXR objects of one session, destroyed together."""

    instance: Instance
    system: System
    session: XrSession | None = None
    spaces: Spaces | None = None
    chains: list[Swapchain] = field(default_factory=list)
    layer: ProjectionLayer | None = None
    actions: ActionSet | None = None

    def destroy(self) -> None:
        for part in (self.actions, *self.chains, self.spaces, self.session):
            if part is not None:
                try:
                    part.destroy()
                except Exception as error:  # a lost runtime may refuse; keep tearing down
                    log.debug("while destroying %s: %s", type(part).__name__, error)
        self.actions, self.layer, self.chains = None, None, []
        self.spaces, self.session = None, None

    def close(self) -> None:
        self.destroy()
        self.instance.destroy()


def start(env_headless: bool | None = None) -> Opened:
    """Instance and headset, before any window opens: the failures a trainer can fix (no
    runtime, no OpenGL support, no headset) come first and alone."""
    bare = headless() if env_headless is None else env_headless
    instance = Instance(choose_extensions(available_extensions(), headless=bare))
    try:
        return Opened(instance, System(instance.handle, instance.runtime))
    except BaseException:
        instance.destroy()
        raise


def comfort_options(snap: str | None = None, seated: bool = False,
                    eye_height: str | None = None, scale: str | None = None) -> XrOptions:
    """The comfort settings as typed on the command line, checked; a ``ValueError`` says
    which value is wrong and what would do. Unset values keep ``XrOptions``'s defaults."""
    default = XrOptions()
    snaps = ", ".join(map(str, SNAP_CHOICES))
    turn = _number(snap, "--snap-turn", f"one of {snaps} (degrees)")
    if turn is not None and turn not in SNAP_CHOICES:
        raise ValueError(f"--snap-turn wants one of {snaps} (degrees), not {snap}")
    low, high = EYE_HEIGHT_M
    height = _number(eye_height, "--eye-height", f"metres from {low} to {high}")
    if height is not None and not low <= height <= high:
        raise ValueError(f"--eye-height wants metres from {low} to {high}, not {eye_height}")
    low, high = SCALE
    factor = _number(scale, "--xr-scale", f"a factor from {low} to {high}")
    if factor is not None and not low <= factor <= high:
        raise ValueError(f"--xr-scale wants a factor from {low} to {high} of the headset's "
                         f"recommended image size, not {scale}")
    return XrOptions(
        render_scale=default.render_scale if factor is None else factor,
        snap_degrees=default.snap_degrees if turn is None else turn,
        seated=seated,
        eye_height=default.eye_height if height is None else height,
        near=default.near, far=default.far)


def _number(text: str | None, flag: str, wanted: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{flag} wants {wanted}, not '{text}'") from None
    if not math.isfinite(value):
        raise ValueError(f"{flag} wants {wanted}, not '{text}'")
    return value
