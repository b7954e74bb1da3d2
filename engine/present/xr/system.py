"""The OpenXR system: the head-mounted display the runtime offers, its two views, and the
OpenGL version it asks for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.present.base import PresenterError


@dataclass(frozen=True)
class ViewSize:
    """One eye's recommended and largest image, and its recommended sample count."""

    width: int
    height: int
    max_width: int
    max_height: int
    samples: int


def scaled(size: ViewSize, scale: float, *, multiple: int = 4) -> tuple[int, int]:
    """An eye image ``scale`` times the recommended size (a slower machine renders fewer
    pixels), kept within the runtime's maximum and rounded to a multiple of four."""
    def one(value: int, most: int) -> int:
        wanted = max(multiple, round(value * scale / multiple) * multiple)
        return min(wanted, most)
    return one(size.width, size.max_width), one(size.height, size.max_height)


def gl_version_ok(requirement_min: int, major: int, minor: int) -> bool:
    """Whether an OpenGL ``major.minor`` context meets a runtime's minimum (an XrVersion:
    major in the top 16 bits, minor in the next 16)."""
    need = (requirement_min >> 48 & 0xFFFF, requirement_min >> 32 & 0xFFFF)
    return (major, minor) >= need


class System:
    def __init__(self, instance: Any, runtime: str) -> None:
        import xr

        self.instance = instance
        try:
            self.id = xr.get_system(instance, xr.SystemGetInfo(
                form_factor=xr.FormFactor.HEAD_MOUNTED_DISPLAY))
        except xr.exception.FormFactorUnavailableError as error:
            raise PresenterError("XR004", f"no headset found: {runtime} is running but no "
                                 "head-mounted display is connected",
                                 "connect and switch on the headset (for Quest: start Link or "
                                 "WiVRn), then try again") from error
        except xr.exception.XrException as error:
            raise PresenterError("XR004", f"{runtime} offers no head-mounted display ({error})",
                                 "check the runtime's own status window") from error
        properties = xr.get_system_properties(instance, self.id)
        name = properties.system_name
        self.name = name.decode() if isinstance(name, bytes) else str(name)
        self.view_type = xr.ViewConfigurationType.PRIMARY_STEREO
        self.views = [
            ViewSize(v.recommended_image_rect_width, v.recommended_image_rect_height,
                     v.max_image_rect_width, v.max_image_rect_height,
                     v.recommended_swapchain_sample_count)
            for v in xr.enumerate_view_configuration_views(instance, self.id, self.view_type)
        ]
        # the specification requires asking before a session is created
        self.gl_requirements = xr.get_opengl_graphics_requirements_khr(instance, self.id)

    def check_gl(self, major: int, minor: int) -> None:
        minimum = int(self.gl_requirements.min_api_version_supported)
        if not gl_version_ok(minimum, major, minor):
            raise PresenterError(
                "XR003", f"the OpenXR runtime needs OpenGL {minimum >> 48}.{minimum >> 32 & 0xFFFF}"
                f" but Panda3D's context is {major}.{minor}", "update the graphics driver")
