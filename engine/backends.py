"""The one registry of presenters and input sources, chosen by name at run time.

Names map to factories imported only when chosen, so `validate` and `grade` never load
Panda3D or OpenXR. The command line takes its choices from here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

# display name -> (presenter "module:class", input "module:class" for live play)
PANDA = "engine.present.panda.presenter:PandaPresenter"
DISPLAYS: dict[str, tuple[str, str]] = {
    "desktop": (PANDA, "engine.input.desktop:DesktopInput"),
    "offscreen": (PANDA, "engine.input.pilot:Pilot"),
    "xr": ("engine.present.xr.presenter:XrPresenter", "engine.input.xr:XrInput"),
}
PILOT = "engine.input.pilot:Pilot"
CHOICES = ("auto", *DISPLAYS)
# shared sessions: the host (no graphics at all) and a trainee's machine joining it
HOST = "engine.net.hosting:host"
JOIN = "engine.join:join"
BUSES = ("embedded", "nats://HOST:PORT")


def command(dotted: str) -> Callable[..., Any]:
    """``HOST`` or ``JOIN``, loaded only when that command runs."""
    return _load(dotted)


def _load(dotted: str) -> Callable[..., Any]:
    module, _, name = dotted.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return found


def presenter_class(display: str) -> Callable[..., Any]:
    return _load(DISPLAYS[display][0])


def input_class(display: str, scripted: bool) -> Callable[..., Any]:
    """The input for ``display``: its live device, or the pilot when a walkthrough drives."""
    return _load(PILOT if scripted else DISPLAYS[display][1])
