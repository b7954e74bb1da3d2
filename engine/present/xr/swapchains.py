"""Swapchains: one per eye, in a colour format the runtime offers (never an assumed one).

The runtime lists the OpenGL internal formats it can share, best first. We prefer an sRGB
format with alpha (the compositor then reads colours as sRGB and blending stays right), then
other 8-bit and wider formats; a format we cannot draw into (depth, compressed, integer) is
never chosen even if listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.present.base import PresenterError

GL_SRGB8_ALPHA8 = 0x8C43
GL_SRGB8 = 0x8C41
GL_RGBA8 = 0x8058
GL_RGB10_A2 = 0x8059
GL_RGBA16F = 0x881A
GL_RGBA16 = 0x805B
GL_RGB8 = 0x8051

# (format, is sRGB, name), most wanted first
PREFERENCE: tuple[tuple[int, bool, str], ...] = (
    (GL_SRGB8_ALPHA8, True, "SRGB8_ALPHA8"),
    (GL_SRGB8, True, "SRGB8"),
    (GL_RGBA8, False, "RGBA8"),
    (GL_RGB10_A2, False, "RGB10_A2"),
    (GL_RGBA16F, False, "RGBA16F"),
    (GL_RGBA16, False, "RGBA16"),
    (GL_RGB8, False, "RGB8"),
)


@dataclass(frozen=True)
class Format:
    gl: int
    srgb: bool
    name: str


def negotiate(offered: Sequence[int]) -> Format:
    """The colour format to ask for, from the runtime's list."""
    for gl, srgb, name in PREFERENCE:
        if gl in offered:
            return Format(gl, srgb, name)
    listed = ", ".join(hex(f) for f in offered) or "none"
    raise PresenterError("XR005", f"the OpenXR runtime offers no colour format Panda3D can draw "
                         f"into (it lists {listed})", "report this runtime and its version")


class Swapchain:
    def __init__(self, session: Any, width: int, height: int, fmt: Format) -> None:
        import xr

        self.width, self.height, self.format = width, height, fmt
        self.handle = xr.create_swapchain(session, xr.SwapchainCreateInfo(
            usage_flags=(xr.SwapchainUsageFlags.COLOR_ATTACHMENT_BIT
                         | xr.SwapchainUsageFlags.SAMPLED_BIT),
            format=fmt.gl, sample_count=1, width=width, height=height,
            face_count=1, array_size=1, mip_count=1))
        self.images = [int(i.image) for i in
                       xr.enumerate_swapchain_images(self.handle, xr.SwapchainImageOpenGLKHR)]
        self.acquired: int | None = None

    def acquire(self) -> int:
        """The OpenGL texture name to draw this frame's image into."""
        import xr

        index = xr.acquire_swapchain_image(self.handle, xr.SwapchainImageAcquireInfo())
        xr.wait_swapchain_image(self.handle, xr.SwapchainImageWaitInfo(
            timeout=xr.INFINITE_DURATION))
        self.acquired = int(index)
        return self.images[self.acquired]

    def release(self) -> None:
        import xr

        if self.acquired is not None:
            xr.release_swapchain_image(self.handle, xr.SwapchainImageReleaseInfo())
            self.acquired = None

    def destroy(self) -> None:
        import xr

        if self.handle is not None:
            xr.destroy_swapchain(self.handle)
            self.handle = None


def offered_formats(session: Any) -> list[int]:
    import xr

    return [int(f) for f in xr.enumerate_swapchain_formats(session)]
