"""Opening Panda3D: a desktop window or an offscreen buffer, lit by the simplepbr pipeline.

Configuration is applied here, when a window is asked for, never on import.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.present.base import PresenterError


@dataclass(frozen=True)
class WindowSpec:
    mode: str  # "desktop" | "offscreen"
    width: int = 1280
    height: int = 720
    msaa: int = 0
    title: str = "Task Force VR"


def _config(spec: WindowSpec) -> str:
    lines = [
        f"win-size {spec.width} {spec.height}",
        f"window-title {spec.title}",
        "sync-video false",
        "notify-level-display error",
        "notify-level-glgsg error",
        "notify-level-device fatal",
        "notify-level-audio error",
        "text-use-harfbuzz true",
        "framebuffer-srgb false",
        "show-frame-rate-meter false",
        "print-pipe-types false",
    ]
    if spec.mode == "offscreen":
        lines += ["load-display p3headlessgl", "window-type offscreen", "audio-library-name null"]
    else:
        lines += ["window-type onscreen"]
        if not Path("/dev/snd").exists() and sys.platform.startswith("linux"):
            lines += ["audio-library-name null"]  # no sound card: stay quiet, not noisy
    return "\n".join(lines)


def open_base(spec: WindowSpec) -> Any:
    """A ShowBase with an open window or buffer; ``PresenterError`` with one clear sentence
    when none can be opened."""
    from panda3d.core import loadPrcFileData

    loadPrcFileData("taskforce-window", _config(spec))
    from direct.showbase.ShowBase import ShowBase

    what = "buffer" if spec.mode == "offscreen" else "window"
    try:
        base = ShowBase(windowType="offscreen" if spec.mode == "offscreen" else None)
    except Exception as error:  # Panda3D raises a bare Exception when no display opens
        raise PresenterError(
            "RUN003",
            f"could not open a {spec.mode} OpenGL {what} ({error})",
            "check the OpenGL drivers (Mesa llvmpipe is enough) or try --display offscreen",
        ) from error
    if base.win is None:
        base.destroy()
        raise PresenterError("RUN003", f"Panda3D opened no {spec.mode} window",
                             "check the OpenGL drivers or try --display offscreen")
    base.disableMouse()
    if is_software_renderer(base):
        # A software renderer builds mipmaps by drawing every level through its shaders, many
        # times slower than Panda3D building them on the CPU as each texture is first used.
        loadPrcFileData("taskforce-software", "driver-generate-mipmaps false")
    return base


SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software rasterizer")


def is_software_renderer(base: Any) -> bool:
    """Whether ``base``'s window is drawn by a CPU renderer (Mesa llvmpipe and the like)."""
    gsg = base.win.getGsg() if base.win is not None else None
    renderer = gsg.getDriverRenderer().lower() if gsg is not None else ""
    return any(name in renderer for name in SOFTWARE_RENDERERS)


def init_pipeline(base: Any, msaa: int = 0) -> Any:
    import simplepbr

    # Shadows are left off: enabling them crashed Panda3D offscreen on llvmpipe.
    return simplepbr.Pipeline(
        render_node=base.render,
        window=base.win,
        camera_node=base.cam,
        taskmgr=base.taskMgr,
        msaa_samples=msaa if msaa in (0, 2, 4, 8, 16) else 0,  # type: ignore[arg-type]
        enable_shadows=False,
        use_normal_maps=False,
        exposure=0.0,
    )
