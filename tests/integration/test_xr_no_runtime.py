"""With no OpenXR runtime to be found, headset mode says so in one clear line and ``auto``
falls back with a one-line notice. The real OpenXR loader (shipped with pyopenxr) is called
and fails for real: ``XR_RUNTIME_JSON`` names a manifest that does not exist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "container-search"


def taskforce(*args: str, missing: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["XR_RUNTIME_JSON"] = str(missing)
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_headset_mode_names_what_is_missing_and_how_to_fix_it(tmp_path: Path) -> None:
    pytest.importorskip("xr", reason="pyopenxr is not installed (pip install -e '.[xr]')")
    result = taskforce("run", str(SCENARIO), "--display", "xr", missing=tmp_path / "none.json")
    assert result.returncode == 1
    first, *rest = result.stdout.splitlines()
    assert first.startswith("error XR001: no OpenXR runtime found")
    assert "none.json, which does not exist" in first
    assert len(rest) == 1 and rest[0].strip().startswith("hint:")
    assert "Traceback" not in result.stderr and "OpenXR-Loader" not in result.stderr


def test_auto_falls_back_to_offscreen_with_a_one_line_notice(tmp_path: Path) -> None:
    pytest.importorskip("xr", reason="pyopenxr is not installed (pip install -e '.[xr]')")
    pytest.importorskip("panda3d", reason="panda3d is not installed (pip install -e '.[desktop]')")
    result = taskforce("run", str(SCENARIO), "--display", "auto", "--plan",
                       str(SCENARIO / "walkthroughs" / "reference.yaml"), "--size", "160x90",
                       "--speed", "60", "--log", str(tmp_path / "run.jsonl"),
                       missing=tmp_path / "none.json")
    assert result.returncode == 0, result.stdout + result.stderr
    notices = [x for x in result.stdout.splitlines() if x.startswith("note:")]
    assert notices == [notices[0]] and "no headset (no OpenXR runtime found" in notices[0]
    assert notices[0].endswith("using offscreen")
    assert "ended: goods_secured (success)" in result.stdout


def test_probe_reports_the_missing_runtime_without_side_effects(tmp_path: Path) -> None:
    pytest.importorskip("xr", reason="pyopenxr is not installed (pip install -e '.[xr]')")
    code = ("import os, logging, sys; from engine.present.xr.probe import probe; "
            "before = (dict(os.environ), logging.getLogger().handlers[:]); p = probe(); "
            "assert not p and 'no OpenXR runtime found' in p.reason, p; "
            "assert (dict(os.environ), logging.getLogger().handlers[:]) == before; "
            "assert not [m for m in sys.modules if m.split('.')[0] in ('panda3d', 'direct')]")
    env = dict(os.environ, XR_RUNTIME_JSON=str(tmp_path / "none.json"))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
