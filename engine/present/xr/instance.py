"""The OpenXR instance: which runtime answers, which extensions to ask of it, and the one
clear sentence to say when no runtime, no OpenGL support or no headset can be had.

The runtime is found the standard way, by the loader pyopenxr ships: ``XR_RUNTIME_JSON`` if
set, else the system's active runtime (``/etc/xdg/openxr/1/active_runtime.json`` or
``~/.config/openxr/1/active_runtime.json`` on Linux, the registry on Windows).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from engine.present.base import PresenterError

OPENGL = "XR_KHR_opengl_enable"
EGL = "XR_MNDX_egl_enable"
DEBUG = "XR_EXT_debug_utils"
APP_NAME = "Task Force VR"

FIX_RUNTIME = ("install and start an OpenXR runtime (SteamVR, Meta Quest Link, WiVRn or "
               "Monado) and make it the active one, or set XR_RUNTIME_JSON to its manifest")


def no_runtime(env: Mapping[str, str] | None = None) -> PresenterError:
    env = os.environ if env is None else env
    manifest = env.get("XR_RUNTIME_JSON")
    if manifest and not os.path.isfile(manifest):
        return PresenterError("XR001", f"no OpenXR runtime found: XR_RUNTIME_JSON names "
                              f"{manifest}, which does not exist",
                              "point XR_RUNTIME_JSON at the runtime's manifest (a .json file)")
    if manifest:
        return PresenterError("XR001", f"no OpenXR runtime found: the runtime in {manifest} "
                              "could not be loaded", "check the manifest's library_path")
    return PresenterError("XR001", "no OpenXR runtime found: set XR_RUNTIME_JSON or install "
                          "SteamVR/Monado/WiVRn/Meta Quest Link", FIX_RUNTIME)


def choose_extensions(available: Sequence[str], *, headless: bool,
                      runtime: str = "the OpenXR runtime") -> list[str]:
    """The extensions to enable: OpenGL always; on Linux with no display, OpenGL through EGL
    (``XR_MNDX_egl_enable``) as well. Raises ``PresenterError`` naming what is missing."""
    if OPENGL not in available:
        raise PresenterError("XR003", f"{runtime} does not support OpenGL ({OPENGL} is "
                             "missing)", "use a runtime with OpenGL support: SteamVR, Monado, "
                             "WiVRn, or Meta Quest Link on Windows")
    wanted = [OPENGL]
    if headless:
        if EGL not in available:
            raise PresenterError("XR003", f"{runtime} cannot draw without a display ({EGL} "
                                 "is missing)", "run with a display (DISPLAY set), or use "
                                 "Monado, which supports EGL")
        wanted.append(EGL)
    return wanted


def headless(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> bool:
    """Linux with no X or Wayland display: Panda3D draws through EGL (p3headlessgl)."""
    env = os.environ if env is None else env
    return platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


@contextlib.contextmanager
def quiet_loader() -> Iterator[list[str]]:
    """Hold back what the OpenXR loader and runtime write to stderr (the loader prints its
    own errors there) and hand it over as lines, so a failure reads as one clear sentence."""
    lines: list[str] = []
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # no real stderr (captured): nothing to hide
        yield lines
        return
    sys.stderr.flush()
    saved = os.dup(fd)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), fd)
        try:
            yield lines
        finally:
            sys.stderr.flush()
            os.dup2(saved, fd)
            os.close(saved)
            sink.seek(0)
            lines.extend(sink.read().decode(errors="replace").splitlines())


def import_xr() -> Any:
    try:
        import xr
    except ImportError as error:
        raise PresenterError("XR000", "headset mode needs pyopenxr, which is not installed",
                             "pip install -e '.[xr]'") from error
    return xr


def available_extensions() -> list[str]:
    """The runtime's instance extensions; ``PresenterError`` when no runtime loads."""
    xr = import_xr()
    try:
        with quiet_loader():
            found = xr.enumerate_instance_extension_properties()
    except xr.exception.XrException as error:
        raise no_runtime() from error
    return [e.extension_name.decode() if isinstance(e.extension_name, bytes)
            else str(e.extension_name) for e in found]


class Instance:
    def __init__(self, extensions: Sequence[str]) -> None:
        xr = import_xr()
        from engine import __version__

        major, minor, patch = (int(p) for p in (__version__.split(".") + ["0", "0"])[:3])
        info = xr.InstanceCreateInfo(
            application_info=xr.ApplicationInfo(
                application_name=APP_NAME,
                application_version=xr.Version(major, minor, patch).number(),
                engine_name="taskforce-panda3d",
                engine_version=xr.Version(major, minor, patch).number(),
                api_version=xr.Version(1, 0, 0),
            ),
            enabled_extension_names=list(extensions),
        )
        try:
            with quiet_loader():
                self.handle = xr.create_instance(info)
        except xr.exception.RuntimeUnavailableError as error:
            raise no_runtime() from error
        except xr.exception.XrException as error:
            raise PresenterError("XR002", f"the OpenXR runtime refused to start ({error})",
                                 FIX_RUNTIME) from error
        properties = xr.get_instance_properties(self.handle)
        name = properties.runtime_name
        self.runtime = name.decode() if isinstance(name, bytes) else str(name)
        self.extensions = list(extensions)

    def destroy(self) -> None:
        import xr

        if self.handle is not None:
            try:
                xr.destroy_instance(self.handle)
            finally:
                self.handle = None
