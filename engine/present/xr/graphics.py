"""Graphics bindings: the OpenGL context Panda3D is drawing with, described to OpenXR.

Three kinds, for where headsets are: Windows (WGL; SteamVR, Meta Quest Link), Linux with a
window (GLX) and Linux with no display (EGL, through ``XR_MNDX_egl_enable``, as Panda3D's
``p3headlessgl`` draws). Everything is read from the context current on this thread, with
ctypes (no PyOpenGL platform switching, no environment changes). ``Gl`` holds the handful of
OpenGL calls the eye draw callbacks need.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from typing import Any

from engine.present.base import PresenterError

EGL_CONFIG_ID = 0x3028
EGL_NONE = 0x3038
GL_DRAW_FRAMEBUFFER = 0x8CA9
GL_READ_FRAMEBUFFER = 0x8CA8
GL_COLOR_ATTACHMENT0 = 0x8CE0
GL_TEXTURE_2D = 0x0DE1
GL_FRAMEBUFFER_SRGB = 0x8DB9
GL_DRAW_FRAMEBUFFER_BINDING = 0x8CA6
GL_RGBA = 0x1908
GL_UNSIGNED_BYTE = 0x1401
GL_COLOR_BUFFER_BIT, GL_DEPTH_BUFFER_BIT = 0x4000, 0x100
GL_MAJOR_VERSION, GL_MINOR_VERSION = 0x821B, 0x821C
GL_DEPTH_WRITEMASK = 0x0B72


def kind_for(platform: str, headless: bool) -> str:
    """Which binding Panda3D's context needs: "wgl", "glx" or "egl"."""
    if platform.startswith("win"):
        return "wgl"
    if platform.startswith("linux"):
        return "egl" if headless else "glx"
    raise PresenterError("XR006", f"headset mode is not supported on {platform}",
                         "use Windows or Linux")


def _lib(*names: str) -> Any:
    for name in names:
        found = ctypes.util.find_library(name)
        for candidate in ([found] if found else []) + [f"lib{name}.so.1", f"lib{name}.so"]:
            try:
                return ctypes.CDLL(candidate)
            except OSError:
                continue
    raise PresenterError("XR006", f"the OpenGL library {names[0]} could not be loaded",
                         "install the OpenGL drivers (Mesa is enough)")


def _field(struct: Any, name: str, address: int | None) -> Any:
    kind = dict(struct._fields_)[name]
    return ctypes.cast(ctypes.c_void_p(address), kind)


class Loader:
    """Finds OpenGL (and EGL/GLX/WGL) entry points for the current platform's context."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        if kind == "egl":
            self.egl = _lib("EGL")
            self.egl.eglGetProcAddress.restype = ctypes.c_void_p
            self.egl.eglGetProcAddress.argtypes = [ctypes.c_char_p]
        elif kind == "glx":
            self.glx = _lib("GL")
            self.glx.glXGetProcAddressARB.restype = ctypes.c_void_p
            self.glx.glXGetProcAddressARB.argtypes = [ctypes.c_char_p]
        else:
            self.wgl = ctypes.WinDLL("opengl32")  # type: ignore[attr-defined,unused-ignore]
            self.wgl.wglGetProcAddress.restype = ctypes.c_void_p
            self.wgl.wglGetProcAddress.argtypes = [ctypes.c_char_p]

    def address(self, name: str) -> int:
        if self.kind == "egl":
            found = self.egl.eglGetProcAddress(name.encode())
        elif self.kind == "glx":
            found = self.glx.glXGetProcAddressARB(name.encode())
        else:
            found = self.wgl.wglGetProcAddress(name.encode())
            if not found:
                found = ctypes.cast(getattr(self.wgl, name), ctypes.c_void_p).value
        if not found:
            raise PresenterError("XR006", f"OpenGL has no {name}", "update the graphics driver")
        return int(found)

    def binding(self) -> Any:
        """The ``XrGraphicsBinding*`` for the context current on this thread."""
        import xr

        if self.kind == "egl":
            egl = self.egl
            for fn in ("eglGetCurrentDisplay", "eglGetCurrentContext"):
                getattr(egl, fn).restype = ctypes.c_void_p
            display, context = egl.eglGetCurrentDisplay(), egl.eglGetCurrentContext()
            if not display or not context:
                raise PresenterError("XR006", "Panda3D's EGL context is not current",
                                     "open the Panda3D buffer before the headset session")
            config_id = ctypes.c_int(0)
            egl.eglQueryContext(ctypes.c_void_p(display), ctypes.c_void_p(context),
                                EGL_CONFIG_ID, ctypes.byref(config_id))
            wanted = (ctypes.c_int * 3)(EGL_CONFIG_ID, config_id.value, EGL_NONE)
            config, count = ctypes.c_void_p(), ctypes.c_int(0)
            egl.eglChooseConfig(ctypes.c_void_p(display), wanted, ctypes.byref(config), 1,
                                ctypes.byref(count))
            kind = xr.GraphicsBindingEGLMNDX
            return kind(get_proc_address=xr.PFN_xrEglGetProcAddressMNDX(
                            ctypes.cast(egl.eglGetProcAddress, ctypes.c_void_p).value),
                        display=_field(kind, "display", display),
                        config=_field(kind, "config", config.value),
                        context=_field(kind, "context", context))
        if self.kind == "glx":
            glx = self.glx
            for fn in ("glXGetCurrentDisplay", "glXGetCurrentContext"):
                getattr(glx, fn).restype = ctypes.c_void_p
            glx.glXGetCurrentDrawable.restype = ctypes.c_ulong
            display, context = glx.glXGetCurrentDisplay(), glx.glXGetCurrentContext()
            if not display or not context:
                raise PresenterError("XR006", "Panda3D's GLX context is not current",
                                     "open the Panda3D window before the headset session")
            kind = xr.GraphicsBindingOpenGLXlibKHR
            return kind(x_display=_field(kind, "x_display", display),
                        glx_drawable=glx.glXGetCurrentDrawable(),
                        glx_context=_field(kind, "glx_context", context))
        wgl = self.wgl
        wgl.wglGetCurrentDC.restype = ctypes.c_void_p
        wgl.wglGetCurrentContext.restype = ctypes.c_void_p
        kind = xr.GraphicsBindingOpenGLWin32KHR
        return kind(h_dc=_field(kind, "h_dc", wgl.wglGetCurrentDC()),
                    h_glrc=_field(kind, "h_glrc", wgl.wglGetCurrentContext()))


class Gl:
    """The few OpenGL calls made while Panda3D's eye buffers draw."""

    def __init__(self, loader: Loader) -> None:
        void, uint, int_ = None, ctypes.c_uint, ctypes.c_int
        fp = ctypes.CFUNCTYPE if loader.kind != "wgl" else \
            ctypes.WINFUNCTYPE  # type: ignore[attr-defined,unused-ignore]

        def fn(name: str, *args: Any) -> Any:
            return fp(void, *args)(loader.address(name))
        self.framebuffer_texture_2d = fn("glFramebufferTexture2D", uint, uint, uint, uint, int_)
        self.enable = fn("glEnable", uint)
        self.disable = fn("glDisable", uint)
        self.get_integerv = fn("glGetIntegerv", uint, ctypes.POINTER(int_))
        self.read_pixels = fn("glReadPixels", int_, int_, int_, int_, uint, uint, ctypes.c_void_p)
        self.bind_framebuffer = fn("glBindFramebuffer", uint, uint)
        self.finish = fn("glFinish")
        self.clear_color = fn("glClearColor", *[ctypes.c_float] * 4)
        self.clear_bits = fn("glClear", uint)
        self.depth_mask = fn("glDepthMask", ctypes.c_ubyte)
        self.get_booleanv = fn("glGetBooleanv", uint, ctypes.POINTER(ctypes.c_ubyte))

    def clear(self, r: float, g: float, b: float) -> None:
        """Clear colour and depth, leaving the depth write mask as Panda3D set it."""
        mask = ctypes.c_ubyte(0)
        self.get_booleanv(GL_DEPTH_WRITEMASK, ctypes.byref(mask))
        self.depth_mask(1)
        self.clear_color(r, g, b, 1.0)
        self.clear_bits(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT)
        self.depth_mask(mask.value)

    def integer(self, what: int) -> int:
        value = ctypes.c_int(0)
        self.get_integerv(what, ctypes.byref(value))
        return value.value

    def version(self) -> tuple[int, int]:
        return self.integer(GL_MAJOR_VERSION), self.integer(GL_MINOR_VERSION)

    def attach(self, texture: int) -> None:
        """Make the swapchain image ``texture`` the colour target of the bound framebuffer."""
        self.framebuffer_texture_2d(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D,
                                    texture, 0)

    def read_rgba(self, width: int, height: int) -> bytes:
        """The bound framebuffer's pixels, bottom row first."""
        buffer = ctypes.create_string_buffer(width * height * 4)
        self.read_pixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, buffer)
        return buffer.raw


def current_kind(headless: bool) -> str:
    return kind_for(sys.platform, headless)
