"""Which display ``taskforce run --display auto`` picks, without opening any."""

from __future__ import annotations

from engine.app import choose_display


def test_auto_uses_a_window_only_where_there_is_a_display() -> None:
    assert choose_display("auto", {}) == ("offscreen", None)
    assert choose_display("auto", {"DISPLAY": ":0"}) == ("desktop", None)
    assert choose_display("auto", {"WAYLAND_DISPLAY": "wayland-0"}) == ("desktop", None)


def test_explicit_choices_are_kept() -> None:
    assert choose_display("offscreen", {"DISPLAY": ":0"}) == ("offscreen", None)
    assert choose_display("desktop", {}) == ("desktop", None)


def test_headset_mode_is_kept_and_auto_prefers_a_headset_that_is_there() -> None:
    assert choose_display("xr", {}) == ("xr", None)
    assert choose_display("auto", {}, lambda: (True, "Index on SteamVR"))[0] == "xr"


def test_auto_falls_back_from_a_missing_headset_with_a_one_line_notice() -> None:
    reason = "no OpenXR runtime found: set XR_RUNTIME_JSON (hint)"
    mode, notice = choose_display("auto", {"DISPLAY": ":0"}, lambda: (False, reason))
    assert mode == "desktop" and notice is not None and "\n" not in notice
    assert "no OpenXR runtime found" in notice and "using the desktop" in notice
    assert choose_display("auto", {}, lambda: (False, reason))[0] == "offscreen"
    assert choose_display("auto", {}, lambda: None) == ("offscreen", None)  # no pyopenxr


def test_importing_the_runner_loads_no_graphics() -> None:
    import subprocess
    import sys

    code = ("import sys, engine.app; bad = [m for m in sys.modules if m.split('.')[0] "
            "in ('panda3d', 'direct', 'simplepbr', 'gltf')]; assert not bad, bad")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
