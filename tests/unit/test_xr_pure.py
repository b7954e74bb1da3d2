"""The pure parts of headset mode: pose and projection maths, binding tables, swapchain
format and extension choice, the session lifecycle driven by scripted runtime states, and
controller gestures. None of these import panda3d or pyopenxr."""

from __future__ import annotations

import math
from typing import Any

import pytest

from engine.input.xr import Gestures
from engine.present.base import PresenterError
from engine.present.xr import maths as m
from engine.present.xr.actions import ACTIONS, BINDINGS, COMPONENTS, LEFT_ONLY, component
from engine.present.xr.instance import EGL, OPENGL, choose_extensions, headless, no_runtime
from engine.present.xr.session import Command, Lifecycle, State
from engine.present.xr.spaces import LOCAL, STAGE, VIEW, choose_play_space
from engine.present.xr.swapchains import GL_RGBA8, GL_SRGB8, GL_SRGB8_ALPHA8, negotiate
from engine.present.xr.system import ViewSize, gl_version_ok, scaled


def close(a: tuple[float, ...], b: tuple[float, ...], tol: float = 1e-9) -> bool:
    return all(abs(x - y) < tol for x, y in zip(a, b, strict=True))


# -- maths -----------------------------------------------------------------------------------

def test_openxr_axes_become_panda3d_axes() -> None:
    assert m.position_from_xr((1.0, 2.0, -3.0)) == (1.0, 3.0, 2.0)  # -Z forward is +Y
    q = m.quat_from_xr(0.0, 0.0, 0.0, 1.0)
    assert close(m.forward(q), (0.0, 1.0, 0.0))
    turned = math.sin(math.radians(45)), math.cos(math.radians(45))  # 90 degrees about +Y (xr)
    q = m.quat_from_xr(0.0, turned[0], 0.0, turned[1])  # OpenXR: a left turn
    assert close(m.forward(q), (-1.0, 0.0, 0.0))  # Panda3D: looking along -X, heading 90
    assert m.heading_of(q) == pytest.approx(90.0)


def test_a_symmetric_field_of_view_is_a_centred_film() -> None:
    f = m.film(m.Fov(-math.pi / 4, math.pi / 4, math.pi / 4, -math.pi / 4))
    assert close((f.width, f.height, f.offset_x, f.offset_y), (2.0, 2.0, 0.0, 0.0))


def test_an_asymmetric_field_of_view_maps_its_edges_to_the_image_edges() -> None:
    fov = m.Fov(-0.9, 0.7, 0.8, -0.85)  # like a real headset's eye, wider to the nose side
    for angle, axis, edge in ((fov.left, 0, -1), (fov.right, 0, 1), (fov.down, 1, -1),
                              (fov.up, 1, 1)):
        point = (math.tan(angle), 1.0, 0.0) if axis == 0 else (0.0, 1.0, math.tan(angle))
        ndc = m.project(fov, point)
        assert ndc is not None and ndc[axis] == pytest.approx(edge)
    assert m.project(fov, (0.0, -1.0, 0.0)) is None
    with pytest.raises(ValueError):
        m.film(m.Fov(0.5, 0.5, 0.5, -0.5))


def test_snap_turn_turns_about_the_head_not_the_play_space_centre() -> None:
    rig = m.Rig((10.0, 5.0, 0.0), 0.0)
    head = (0.5, 1.0, 1.6)
    turned = m.snap_turn(rig, head, 30.0)
    assert turned.heading == pytest.approx(30.0)
    assert close(turned.to_world(head), rig.to_world(head))
    assert m.snap_turn(rig, head, -30.0).heading == pytest.approx(330.0)


def test_teleport_puts_the_head_over_the_target() -> None:
    rig = m.Rig((0.0, 0.0, 0.0), 45.0, lift=0.3)
    head = (0.4, -0.2, 1.2)
    moved = m.teleport(rig, head, (7.0, -3.0, 0.0))
    x, y, z = moved.to_world(head)
    assert (x, y) == pytest.approx((7.0, -3.0)) and z == pytest.approx(1.5)


def test_seated_play_lifts_the_eyes_to_standing_height() -> None:
    assert m.seated_lift(1.15) == pytest.approx(0.55)
    assert m.Rig(lift=m.seated_lift(1.15)).to_world((0, 0, 1.15))[2] == pytest.approx(1.7)


def test_the_teleport_arc_lands_ahead_and_only_where_one_may_stand() -> None:
    points, land = m.arc((0.0, 0.0, 1.3), (0.0, 1.0, 0.2))
    assert land is not None and land[2] == 0.0 and 3.0 < land[1] < 12.0
    assert all(b[1] >= a[1] for a, b in zip(points, points[1:], strict=False))
    assert m.arc((0.0, 0.0, 1.3), (0.0, 0.0, 1.0), limit=5)[1] is None  # thrown up, not down
    box: m.Box = ((-1.0, 4.0, 0.0), (1.0, 6.0, 2.6))
    assert not m.standable((0.0, 5.0, 0.0), [box])
    assert not m.standable((1.2, 5.0, 0.0), [box])  # too close to its side
    assert m.standable((2.0, 5.0, 0.0), [box])
    assert not m.standable((500.0, 0.0, 0.0), [])


def test_body_text_on_a_panel_is_about_one_degree_tall() -> None:
    assert m.angular_size_m(1.0, 1.5) == pytest.approx(0.026, abs=0.001)  # DESIGN.md's 26 mm
    assert m.ray_plane((0, 0, 0), (0, 1, 0), (0, 2, 0), (0, -1, 0)) == pytest.approx(2.0)
    assert m.ray_plane((0, 0, 0), (0, -1, 0), (0, 2, 0), (0, -1, 0)) is None


# -- bindings --------------------------------------------------------------------------------

def test_every_common_controller_has_suggested_bindings() -> None:
    assert set(BINDINGS) == {
        "/interaction_profiles/khr/simple_controller",
        "/interaction_profiles/oculus/touch_controller",
        "/interaction_profiles/valve/index_controller",
        "/interaction_profiles/htc/vive_controller",
        "/interaction_profiles/microsoft/motion_controller",
    }


@pytest.mark.parametrize("profile", sorted(BINDINGS))
def test_bindings_name_only_components_the_profile_has(profile: str) -> None:
    table = BINDINGS[profile]
    assert set(table) <= set(ACTIONS)
    for action in ("aim", "grip", "select", "menu", "haptic"):
        assert table[action], f"{profile} has no binding for {action}"
    for action, paths in table.items():
        for path in paths:
            hand, part = component(path)
            assert hand in ("left", "right") and part in COMPONENTS[profile], (action, path)
            if (profile, part) in LEFT_ONLY:
                assert hand == "left", path
            kind = ACTIONS[action][0]
            assert part.endswith("/pose") == (kind == "pose")
            assert (part == "output/haptic") == (kind == "vibration")
    for action in ("aim", "grip", "select"):  # both hands point, hold and act
        assert {component(p)[0] for p in table[action]} == {"left", "right"}


def test_controllers_with_a_stick_or_pad_can_teleport_and_pick_up() -> None:
    for profile, table in BINDINGS.items():
        if "simple_controller" in profile:
            assert "move" not in table and "grab" not in table
        else:
            assert table["move"] and table["grab"]


# -- formats, extensions, spaces, sizes --------------------------------------------------------

def test_the_swapchain_format_is_negotiated_never_assumed() -> None:
    monado = [0x805B, 0x881A, 0x8C43, 0x8058, 0x8CAC, 0x81A5, 0x88F0, 0x8CAD]  # as seen here
    chosen = negotiate(monado)
    assert chosen.gl == GL_SRGB8_ALPHA8 and chosen.srgb
    assert GL_SRGB8 not in monado  # what panda3d-openxr hard-codes: Monado does not offer it
    assert negotiate([GL_RGBA8, GL_SRGB8]).gl == GL_SRGB8
    assert not negotiate([0x881A, GL_RGBA8]).srgb
    with pytest.raises(PresenterError) as error:
        negotiate([0x81A5, 0x88F0])  # depth formats only
    assert error.value.code == "XR005"


def test_extensions_ask_for_opengl_and_egl_only_without_a_display() -> None:
    assert choose_extensions([OPENGL, EGL, "XR_EXT_debug_utils"], headless=False) == [OPENGL]
    assert choose_extensions([OPENGL, EGL], headless=True) == [OPENGL, EGL]
    with pytest.raises(PresenterError, match="does not support OpenGL"):
        choose_extensions(["XR_KHR_vulkan_enable2"], headless=False, runtime="SomeVR")
    with pytest.raises(PresenterError, match="cannot draw without a display"):
        choose_extensions([OPENGL], headless=True)
    assert headless({}, "linux") and not headless({"DISPLAY": ":0"}, "linux")
    assert not headless({}, "win32")


def test_a_missing_runtime_says_how_to_fix_it() -> None:
    assert "XR_RUNTIME_JSON or install SteamVR" in no_runtime({}).message
    missing = no_runtime({"XR_RUNTIME_JSON": "/nowhere/monado.json"})
    assert "/nowhere/monado.json, which does not exist" in missing.message


def test_stage_space_is_preferred_and_local_is_the_fallback() -> None:
    assert choose_play_space([VIEW, LOCAL, STAGE]) == STAGE
    assert choose_play_space([VIEW, LOCAL]) == LOCAL


def test_eye_images_scale_within_the_runtimes_limits() -> None:
    view = ViewSize(1440, 1584, 2880, 3168, 1)
    assert scaled(view, 1.0) == (1440, 1584)
    assert scaled(view, 0.5) == (720, 792)
    assert scaled(view, 4.0) == (2880, 3168)
    assert gl_version_ok((4 << 48) | (3 << 32), 4, 5)
    assert not gl_version_ok((4 << 48) | (5 << 32), 3, 3)


# -- the session lifecycle, driven by scripted runtime states ---------------------------------

def test_a_normal_session_begins_focuses_and_ends() -> None:
    life = Lifecycle()
    assert life.on_state(State.IDLE) == [] and not life.frames
    assert life.on_state(State.READY) == [Command.BEGIN] and life.frames
    assert not life.focused and life.pause_reason
    life.replay([State.SYNCHRONIZED, State.VISIBLE])
    assert life.visible and not life.focused
    life.on_state(State.FOCUSED)
    assert life.focused and life.pause_reason is None
    assert life.replay([State.VISIBLE, State.SYNCHRONIZED, State.STOPPING]) == [Command.END]
    assert not life.frames
    assert life.replay([State.IDLE, State.EXITING]) == [Command.DESTROY]
    assert life.over and not life.lost


def test_focus_lost_holds_the_clock_and_focus_regained_resumes_it() -> None:
    life = Lifecycle()
    life.replay([1, 2, 3, 4, 5])
    assert life.focused
    life.on_state(State.VISIBLE)  # the runtime's system menu opened
    assert not life.focused and life.frames and "not focused" in (life.pause_reason or "")
    life.on_state(State.FOCUSED)
    assert life.focused


def test_a_lost_session_is_destroyed_and_waits_to_be_found_again() -> None:
    life = Lifecycle()
    life.replay([1, 2, 3, 4, 5])
    assert life.on_state(State.LOSS_PENDING) == [Command.DESTROY]
    assert life.lost and not life.frames and not life.over
    assert "lost" in (life.pause_reason or "")
    other = Lifecycle()
    other.replay([1, 2, 5])
    assert other.on_instance_loss() == [Command.DESTROY] and other.lost


def test_begin_and_end_are_asked_once_each_and_unknown_states_are_ignored() -> None:
    life = Lifecycle()
    assert life.replay([2, 2, 6, 6, 99]) == [Command.BEGIN, Command.END]
    assert life.state is State.STOPPING


# -- gestures --------------------------------------------------------------------------------

def test_a_trigger_pull_acts_once_until_released() -> None:
    g = Gestures()
    assert g.step({"right_select": True}, (0, 0), 0.1) == ["act"]
    assert g.step({"right_select": True}, (0, 0), 0.1) == []
    assert g.step({}, (0, 0), 0.1) == []
    assert g.step({"left_select": True, "grab": True}, (0, 0), 0.1) == ["radio", "read"]


def test_menu_shows_the_briefing_and_a_long_press_pauses() -> None:
    g = Gestures()
    g.step({"menu": True}, (0, 0), 0.2)
    assert g.step({}, (0, 0), 0.1) == ["briefing"]
    out = [i for _ in range(6) for i in g.step({"menu": True}, (0, 0), 0.2)]
    assert out == ["pause"]
    assert g.step({}, (0, 0), 0.1) == []  # releasing after a long press is not a briefing


def test_the_stick_aims_a_teleport_and_snaps_turns() -> None:
    g = Gestures()
    assert g.step({}, (0.0, 0.9), 0.1) == ["aim"]
    assert g.step({}, (0.2, 0.8), 0.1) == []
    assert g.step({}, (0.0, 0.1), 0.1) == ["teleport"]
    assert g.step({}, (0.0, 0.9), 0.1) == ["aim"]
    assert g.step({}, (0.0, -0.9), 0.1) == ["cancel"]
    assert g.step({}, (0.9, 0.0), 0.1) == ["turn_right"]
    assert g.step({}, (1.0, 0.0), 0.1) == []  # one turn per push
    assert g.step({}, (0.0, 0.0), 0.1) == []
    assert g.step({}, (-0.9, 0.0), 0.1) == ["turn_left"]


def test_a_runtime_without_opengl_or_egl_is_xr003() -> None:
    from engine.present.base import PresenterError
    from engine.present.xr.instance import EGL, OPENGL, choose_extensions

    assert choose_extensions([OPENGL, EGL], headless=True) == [OPENGL, EGL]
    with pytest.raises(PresenterError) as no_gl:
        choose_extensions([EGL], headless=False, runtime="Monado")
    assert no_gl.value.code == "XR003" and "Monado does not support OpenGL" in no_gl.value.message
    with pytest.raises(PresenterError) as no_egl:
        choose_extensions([OPENGL], headless=True)
    assert no_egl.value.code == "XR003" and "without a display" in no_egl.value.message


def test_an_unsupported_platform_is_xr006() -> None:
    from engine.present.base import PresenterError
    from engine.present.xr.graphics import kind_for

    assert [kind_for("win32", False), kind_for("linux", False), kind_for("linux", True)] == [
        "wgl", "glx", "egl"]
    with pytest.raises(PresenterError) as error:
        kind_for("darwin", False)
    assert error.value.code == "XR006"


def test_headset_panels_never_ask_for_keys_or_clicks(container: Any) -> None:
    """Everything a headset shows through a decision with a typed reason, read in English:
    no key, click or Esc anywhere (the desktop's own words say those)."""
    from engine.core.program import program_for
    from engine.core.runtime import start, step
    from engine.core.state import Perform
    from engine.core.view import view
    from engine.interact import intents as i
    from engine.interact.controller import Controller, Pointed
    from engine.interact.lines import Line
    from engine.present.texts import Texts

    program = program_for(container)
    state, _ = start(program, 1)
    state, _ = step(program, state, Perform("review_documents", "customs_officer"), 1000)
    headset = Controller(program, "customs_officer", device="xr")
    words = Texts(program.scenario)
    seen: list[str] = []
    for intents, pointed in (([], Pointed()), ([i.Select()], Pointed(panel="decision", row=2)),
                             ([i.Select()], Pointed(panel="decision", key="done")),
                             ([i.Radio()], Pointed()), ([i.Briefing()], Pointed())):
        headset.handle(intents, pointed)
        headset.observe(view(program, state, "customs_officer"), [], 0.1)
        screen = headset.screen()
        lines: list[Line] = [*screen.status, *screen.prompt, *screen.hints]
        for panel in screen.panels():
            lines += [x for x in (panel.title, panel.hint, panel.countdown) if x is not None]
            if panel.entry is not None:
                lines += [panel.entry.prompt, *([panel.entry.warning] if panel.entry.warning
                                                else [])]
        seen += [words.line(x) for x in lines]
    assert any("Point at" in x for x in seen)
    for text in seen:
        assert not any(k in text for k in ("Press", "press", "click", "Esc", "Tab", "Enter")), text
