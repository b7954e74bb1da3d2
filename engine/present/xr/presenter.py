"""The headset presenter: the desktop presenter's world drawn for two eyes into OpenXR
swapchains, with tracked hands, a laser pointer, a teleport arc and world-space panels.

It subclasses ``PandaPresenter`` so the scene (``engine.present.panda.scene``) is the
desktop's own, and it draws the same ``Screen``; only the drawing surface (two eye buffers
and world-space panels) and the pointer (a hand's aim instead of the screen centre) differ.
The trainee's body from the screen moves the play space (snap turns and teleports). Each eye
buffer's draw callback binds the runtime's image to Panda3D's framebuffer before drawing,
as panda3d-openxr does.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from panda3d.core import (
    Camera,
    FrameBufferProperties,
    PerspectiveLens,
    PythonCallbackObject,
    Quat,
)

from engine.core.view import View
from engine.interact.body import Body
from engine.interact.controller import Pointed
from engine.interact.screen import Screen
from engine.present.base import PresenterError
from engine.present.panda.presenter import PandaPresenter
from engine.present.panda.window import WindowSpec
from engine.present.xr import graphics as G
from engine.present.xr.actions import ActionSet, Controls
from engine.present.xr.instance import headless
from engine.present.xr.layers import EyeView, ProjectionLayer
from engine.present.xr.maths import (
    Rig,
    arc,
    film,
    forward,
    heading_of,
    position_from_xr,
    quat_from_xr,
    seated_lift,
    snap_turn,
    standable,
    teleport,
)
from engine.present.xr.opened import Opened, XrOptions
from engine.present.xr.panels import XrHud
from engine.present.xr.pointer import LASER_REACH, Pointer
from engine.present.xr.session import XrSession
from engine.present.xr.spaces import Spaces
from engine.present.xr.swapchains import Swapchain, negotiate, offered_formats
from engine.present.xr.system import scaled
from engine.present.xr.tags import WorldTags
from engine.scenario.loader import LoadedScenario

log = logging.getLogger(__name__)
RETRY_S = 3.0
VIGNETTE_S = 0.25


class XrPresenter(PandaPresenter):
    device = "xr"

    def __init__(self, loaded: LoadedScenario, role: str, spec: WindowSpec, base: Any,
                 opened: Opened, options: XrOptions | None = None, *,
                 owns_base: bool = True) -> None:
        super().__init__(loaded, role, spec, base, owns_base=owns_base)
        self.options = options or XrOptions()
        self.body_seen: Body | None = None
        self.vignette = 0.0
        self.xr = opened
        self.tags = WorldTags(base.render, self.font)
        self.on_panel: tuple[float, int | str | None] | None = None  # the laser on a panel
        self.rig_node = base.render.attachNewNode("xr-rig")
        self.head = self.rig_node.attachNewNode("head")
        self.hands = {h: {k: self.rig_node.attachNewNode(f"{h}-{k}") for k in ("aim", "grip")}
                      for h in ("left", "right")}
        self.pointer = Pointer(base.render, self.hands["right"]["aim"], self.head)
        self.rig = Rig()
        self.controls = Controls()
        self.lifecycle_notes: list[str] = []
        self.loader = G.Loader(G.current_kind(headless()))
        self.gl = G.Gl(self.loader)
        self.eyes: list[tuple[Any, Any]] = []  # (buffer, camera) per eye
        self.drawn: list[bool] = []
        self.capture: Callable[[int, bytes, int, int], None] | None = None
        self.frames_submitted = 0
        self.lost_at: float | None = None
        self.exit = False
        self.teleport_target: tuple[float, float, float] | None = None
        self.calibrated = False
        base.camera.reparentTo(self.rig_node)  # the mirror shows the left eye
        try:
            self._connect()
        except BaseException:
            self.close()
            raise

    def _hud(self) -> Any:
        return XrHud(self.base.render, self.font, self.bold, self.texts.line)

    def input_device(self) -> Any:
        """What the headset's input reads: the controller states synced each frame."""
        return self.controls

    # -- opening and closing the session ---------------------------------------------------

    def _connect(self) -> None:
        xr, base = self.xr, self.base
        base.taskMgr.step()  # Panda3D's context is current after a frame
        xr.system.check_gl(*self.gl.version())
        xr.session = XrSession(xr.instance.handle, xr.system.id, self.loader.binding(),
                               xr.system.view_type)
        xr.spaces = Spaces(xr.session.handle)
        fmt = negotiate(offered_formats(xr.session.handle))
        log.info("OpenXR: %s on %s, %s images", xr.instance.runtime, xr.system.name, fmt.name)
        xr.chains = [Swapchain(xr.session.handle, *scaled(v, self.options.render_scale), fmt)
                     for v in xr.system.views]
        xr.layer = ProjectionLayer(xr.spaces.play, xr.chains)
        xr.actions = ActionSet(xr.instance.handle, xr.session.handle)
        if not self.eyes:
            self._eye_buffers()
        self.lost_at = None

    def _eye_buffers(self) -> None:
        props = FrameBufferProperties()
        props.setRgbaBits(8, 8, 8, 8)
        props.setDepthBits(24)
        for i, chain in enumerate(self.xr.chains):
            buffer = self.base.win.makeTextureBuffer(f"xr-eye-{i}", chain.width, chain.height,
                                                     None, False, props)
            if buffer is None:
                raise PresenterError("XR007", "Panda3D could not make an eye buffer",
                                     "update the graphics driver")
            buffer.disableClears()
            buffer.clearRenderTextures()
            buffer.setSort(-100 + i)
            camera = self.rig_node.attachNewNode(Camera(f"xr-eye-{i}", PerspectiveLens()))
            region = buffer.makeDisplayRegion(0, 1, 0, 1)
            region.disableClears()
            region.setCamera(camera)
            region.setDrawCallback(PythonCallbackObject(lambda cb, i=i: self._draw(i, cb)))
            buffer.setActive(False)
            self.eyes.append((buffer, camera))

    def close(self) -> None:
        for buffer, _ in self.eyes:
            self.base.graphicsEngine.removeWindow(buffer)
        self.eyes = []
        self.xr.close()
        self.pointer.destroy()
        self.tags.destroy()
        super().close()

    # -- each frame ----------------------------------------------------------------------------

    @property
    def lifecycle(self) -> Any:
        return self.xr.session.lifecycle if self.xr.session else None

    @property
    def focused(self) -> bool:
        return bool(self.lifecycle and self.lifecycle.focused)

    def pause_reason(self) -> str | None:
        return "headset lost: waiting for it to come back" if self.lifecycle is None \
            else self.lifecycle.pause_reason

    def render(self) -> None:
        session = self.xr.session
        if session is None:
            self._retry()
            self.base.taskMgr.step()
            return
        self.lifecycle_notes += session.poll()
        life = session.lifecycle
        if life.lost:
            self._lose()
            self.base.taskMgr.step()
            return
        if life.over:
            self.exit = True
        drawing = session.begin_frame() if life.frames else False
        if drawing:
            drawing = self._locate(session)
        for buffer, _ in self.eyes:
            buffer.setActive(drawing)
        self.drawn = [False] * len(self.eyes)
        self.base.taskMgr.step()
        if session.in_frame:
            assert self.xr.layer is not None
            complete = drawing and all(self.drawn) and self.xr.layer.valid
            session.end_frame([self.xr.layer.handle] if complete else [])
            self.frames_submitted += complete

    def _locate(self, session: XrSession) -> bool:
        xr = self.xr
        assert xr.layer is not None and xr.spaces is not None and xr.actions is not None
        t = session.display_time
        eyes = xr.layer.locate(session.handle, xr.system.view_type, t, xr.spaces.play)
        if not eyes:
            return False
        head = xr.spaces.locate(xr.spaces.view, t)
        if head is not None:
            self._pose(self.head, head)
            if not self.calibrated:
                self.calibrate()
        for (_, camera), eye in zip(self.eyes, eyes, strict=True):
            self._eye(camera, eye)
        self._mirror(eyes[0])
        self.controls.focused = life_focused(session)
        if self.controls.focused:
            xr.actions.sync(self.controls, t, xr.spaces.locate)
            for hand, nodes in self.hands.items():
                for kind, node in nodes.items():
                    pose = getattr(self.controls.hands[hand], kind)
                    if pose is None:
                        node.stash()
                    else:
                        node.unstash()
                        self._pose(node, pose)
        self.rig_node.setPos(self.rig.origin[0], self.rig.origin[1], self.rig.origin[2] +
                             self.rig.lift)
        self.rig_node.setH(self.rig.heading)
        return True

    @staticmethod
    def _pose(node: Any, pose: Any) -> None:
        p, q = pose.position, pose.orientation
        node.setPos(*position_from_xr((p.x, p.y, p.z)))
        node.setQuat(Quat(*quat_from_xr(q.x, q.y, q.z, q.w)))

    def _eye(self, camera: Any, eye: EyeView) -> None:
        camera.setPos(*eye.position)
        camera.setQuat(Quat(*eye.orientation))
        lens = camera.node().getLens()
        f = film(eye.fov)
        lens.setFocalLength(1.0)
        lens.setFilmSize(f.width, f.height)
        lens.setFilmOffset(f.offset_x, f.offset_y)
        lens.setNearFar(self.options.near, self.options.far)

    def _mirror(self, eye: EyeView) -> None:
        self.base.camera.setPos(*eye.position)
        self.base.camera.setQuat(Quat(*eye.orientation))
        f = film(eye.fov)
        lens = self.base.camLens
        lens.setFocalLength(1.0)
        lens.setFilmSize(f.width, f.width / max(0.1, self.base.getAspectRatio()))
        lens.setFilmOffset(f.offset_x, f.offset_y)

    def _draw(self, eye: int, cbdata: Any) -> None:
        """Draw one eye into the runtime's image for it (called inside Panda3D's draw)."""
        session = self.xr.session
        if session is None or not session.in_frame or eye >= len(self.xr.chains):
            return
        chain = self.xr.chains[eye]
        self.gl.attach(chain.acquire())
        try:
            if chain.format.srgb:
                self.gl.enable(G.GL_FRAMEBUFFER_SRGB)
            r, g, b, _ = self.base.getBackgroundColor()
            self.gl.clear(r ** 2.2, g ** 2.2, b ** 2.2)  # linear: the image is sRGB-encoded
            cbdata.upcall()
            if self.capture is not None:
                self.gl.finish()
                self.capture(eye, self.gl.read_rgba(chain.width, chain.height), chain.width,
                             chain.height)
            self.gl.disable(G.GL_FRAMEBUFFER_SRGB)
        finally:
            chain.release()
        self.drawn[eye] = True

    # -- losing and finding the headset --------------------------------------------------------

    def _lose(self) -> None:
        log.warning("the OpenXR session was lost; the scenario clock is held")
        for buffer, _ in self.eyes:
            buffer.setActive(False)
        self.xr.destroy()
        self.lost_at = time.monotonic()

    def _retry(self) -> None:
        if self.lost_at is None or time.monotonic() - self.lost_at < RETRY_S:
            return
        try:
            self._connect()
        except PresenterError as error:
            log.info("headset still unavailable: %s", error.message)
            self.lost_at = time.monotonic()

    # -- what the trainee sees and does -----------------------------------------------------

    @property
    def panels(self) -> XrHud:
        """The HUD as what it is here: world-space panels that a laser can point at."""
        assert isinstance(self.hud, XrHud)
        return self.hud

    def draw(self, view: View, screen: Screen, dt: float) -> None:
        self.view, self.screen = view, screen
        self._follow(screen.body)
        self.scene.focus = screen.focus
        self.scene.thermal = screen.thermal
        self.scene.apply(view, dt)
        self.tags.show([(label, distance) for label, _, _, distance in
                        self.scene.labels_on_screen()])
        pos = self.head.getPos(self.base.render)
        heading = self.head.getH(self.base.render)
        left = self.hands["left"]["grip"]
        self.panels.draw(screen)
        self.panels.place((pos.x, pos.y, pos.z), heading, dt, None if left.isStashed() else left)
        self._laser(view)
        self._arc(screen.aiming)
        self.vignette = max(0.0, self.vignette - dt / VIGNETTE_S)
        self.pointer.set_vignette(max(self.vignette, 0.6 if screen.aiming else 0.0))
        for hand in screen.pulses:
            self.pulse(hand)
        if screen.chimes:
            self.cue()

    def _follow(self, body: Body) -> None:
        """Move the play space as the trainee's body moved: a snap turn about the head, a
        teleport that puts the head over the target."""
        seen = self.body_seen
        if seen is None:
            self.rig = Rig((body.x, body.y, 0.0), body.heading, self.rig.lift)
        else:
            turn = (body.heading - seen.heading + 180) % 360 - 180
            if abs(turn) > 1e-6:
                self.rig = snap_turn(self.rig, self.head_local(), turn)
                self.vignette = 1.0
            if (body.x, body.y) != (seen.x, seen.y):
                self.rig = teleport(self.rig, self.head_local(), (body.x, body.y, 0.0))
                self.vignette = 1.0
        self.body_seen = body

    def _arc(self, aiming: bool) -> None:
        ray = self.aim_ray() if aiming else None
        if ray is None:
            self.teleport_target = None
            self.pointer.show_arc(None, None, False)
            return
        points, land = arc(ray[0], ray[1])
        allowed = land is not None and standable(land, self._obstacles())
        self.teleport_target = land if allowed else None
        self.pointer.show_arc(points, land, allowed)

    def _obstacles(self) -> list[Any]:
        render, found = self.base.render, []
        for prop in self.scene.props.values():
            if prop.node.isStashed():
                continue
            bounds = prop.node.getTightBounds(render)
            if bounds and bounds[1].z - bounds[0].z > 0.3:  # ankle-high things: step over
                lo, hi = bounds
                found.append(((lo.x, lo.y, lo.z), (hi.x, hi.y, hi.z)))
        return found

    def pointed(self) -> Pointed:
        """What the right hand's laser points at: a panel row or key, else a prop; and
        where a teleport being aimed would land."""
        aim, render, hud = self.hands["right"]["aim"], self.base.render, self.panels
        view = self.view
        self.on_panel = None
        if aim.isStashed() or view is None or view.ended:
            hud.hover(None)
            return Pointed()
        hit = hud.hit(aim.getPos(render), render.getRelativeVector(aim, (0, 1, 0)))
        ground = None if self.teleport_target is None else self.teleport_target[:2]
        if hit is not None:
            self.on_panel = (hit[0], hit[2])
            target = hit[2]
            hud.hover(None if target is None else (hit[1], target))
            if isinstance(target, str):
                return Pointed(panel=hit[1], key=target, ground=ground)
            return Pointed(panel=hit[1], row=target, ground=ground)
        hud.hover(None)
        prop = self.scene.pick(aim, {p.id for p in view.props if p.interactable})
        return Pointed(prop=prop, ground=ground)

    def _laser(self, view: View) -> None:
        """The laser out to what it points at, and the tooltip beside a pointed-at prop."""
        aim, render, hud = self.hands["right"]["aim"], self.base.render, self.panels
        focus = self.screen.focus if self.screen is not None else None
        origin = aim.getPos(render)
        if aim.isStashed() or view.ended or (self.on_panel is None and focus is None):
            self.pointer.show_laser(None, None)
            hud.point_at(None)
        elif self.on_panel is not None:
            distance = self.on_panel[0]
            end = origin + render.getRelativeVector(aim, (0, 1, 0)) * distance
            self.pointer.show_laser(distance, (end.x, end.y, end.z))
            hud.point_at(None)
        else:
            assert focus is not None
            hit = self.scene.props[focus].node.getPos(render)
            self.pointer.show_laser(min(LASER_REACH, (hit - origin).length()), None)
            hud.point_at((hit.x, hit.y, hit.z + self.scene.radius(focus)))

    def camera_pose(self) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
        render = self.base.render
        pos = self.head.getPos(render)
        gaze = render.getRelativeVector(self.head, (0, 1, 0))
        return (pos.x, pos.y, pos.z), (gaze.x, gaze.y, gaze.z)

    def calibrate(self) -> None:
        """Height calibration: seated play lifts the tracked head to the standing eye height;
        standing play trusts the floor (stage space) or assumes the eye height (local)."""
        assert self.xr.spaces is not None
        tracked = self.head.getZ()
        if self.options.seated or not self.xr.spaces.floor:
            lift = seated_lift(tracked, self.options.eye_height)
        else:
            lift = 0.0
        self.rig = Rig(self.rig.origin, self.rig.heading, lift)
        self.calibrated = True

    def pulse(self, hand: str) -> None:
        if self.xr.actions is not None:
            self.xr.actions.pulse(hand)

    def head_local(self) -> tuple[float, float, float]:
        p = self.head.getPos()
        return (p.x, p.y, p.z)

    def aim_heading(self) -> float:
        q = self.hands["right"]["aim"].getQuat(self.base.render)
        return heading_of((q.getR(), q.getI(), q.getJ(), q.getK()))

    def aim_ray(self, hand: str = "right"
                ) -> tuple[tuple[float, float, float], tuple[float, float, float]] | None:
        aim, render = self.hands[hand]["aim"], self.base.render
        if aim.isStashed():
            return None
        q = aim.getQuat(render)
        o = aim.getPos(render)
        return (o.x, o.y, o.z), forward((q.getR(), q.getI(), q.getJ(), q.getK()))


def life_focused(session: XrSession) -> bool:
    return session.lifecycle.focused
