"""``taskforce run`` as a trainer would start it, offscreen, in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.render.conftest import ROOT, SCENARIO


def taskforce(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=300,
    )


def text_line(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(f"    {text}") + 1


def no_display() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}


def test_a_walkthrough_offscreen_leaves_screenshots_and_a_sound_log(tmp_path: Path) -> None:
    pytest.importorskip("panda3d")
    shots, log = tmp_path / "shots", tmp_path / "run.jsonl"
    plan = SCENARIO / "walkthroughs" / "reference.yaml"
    result = taskforce(
        "run",
        str(SCENARIO),
        "--display",
        "offscreen",
        "--plan",
        str(plan),
        "--screenshots",
        str(shots),
        "--log",
        str(log),
        "--size",
        "320x180",
        "--speed",
        "30",
        "--every",
        "600",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ended: goods_secured (success)" in result.stdout
    pictures = sorted(shots.glob("*.png"))
    names = " ".join(p.name for p in pictures)
    for moment in ("open_container", "decision-search_site", "inject-fire_crew_arrives", "ended"):
        assert moment in names
    image = np.asarray(Image.open(pictures[-1]).convert("RGB"))
    assert image.shape == (180, 320, 3) and image.std() > 15
    assert taskforce("verify", str(log)).returncode == 0
    replay = taskforce("replay", "--check", str(log))
    assert replay.returncode == 0, replay.stdout
    assert '"k":"pose' in log.read_text(encoding="utf-8")  # head poses were sampled


def test_offscreen_without_a_walkthrough_says_what_to_do(tmp_path: Path) -> None:
    result = taskforce("run", str(SCENARIO), "--log", str(tmp_path / "x.jsonl"), env=no_display())
    assert result.returncode == 2
    assert "error RUN001" in result.stdout and "--plan" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_headset_mode_without_a_headset_is_one_clear_error(tmp_path: Path) -> None:
    env = dict(no_display(), XR_RUNTIME_JSON=str(tmp_path / "no-runtime.json"))
    result = taskforce("run", str(SCENARIO), "--display", "xr", env=env)
    # XR001 where pyopenxr is installed (no runtime), XR000 where it is not
    assert result.stdout.startswith(("error XR001: no OpenXR runtime found",
                                     "error XR000: headset mode needs pyopenxr"))
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_a_broken_model_is_one_clear_message(tmp_path: Path) -> None:
    pytest.importorskip("panda3d")
    folder = tmp_path / "scenario"
    (folder / "models").mkdir(parents=True)
    (folder / "scenario.yaml").write_bytes((SCENARIO / "scenario.yaml").read_bytes())
    (folder / "walkthroughs").mkdir()
    (folder / "walkthroughs" / "reference.yaml").write_bytes(
        (SCENARIO / "walkthroughs" / "reference.yaml").read_bytes()
    )
    assets = ROOT / "assets"
    (folder / "fonts").symlink_to(assets / "fonts")
    for model in (assets / "models").glob("*.glb"):  # copies: links out of a root are refused
        shutil.copy(model, folder / "models" / model.name)
    for model in (SCENARIO / "models").glob("*.glb") if (SCENARIO / "models").is_dir() else ():
        shutil.copy(model.resolve(), folder / "models" / model.name)
    (folder / "models" / "ppe_kit.glb").unlink()
    (folder / "models" / "ppe_kit.glb").write_bytes(b"glTF but not really")
    result = taskforce(
        "run",
        str(folder),
        "--display",
        "offscreen",
        "--plan",
        str(folder / "walkthroughs" / "reference.yaml"),
        "--log",
        str(tmp_path / "x.jsonl"),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    # known before anything loads: located at the prop that names it, with how to fix it
    line = text_line(folder / "scenario.yaml", "asset: models/ppe_kit.glb")
    assert f"scenario.yaml:{line}:12: error AST002: 'ppe_kit.glb'" in result.stdout
    assert "hint: export it again as glTF 2.0 binary" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_problems_in_the_scenario_are_reported_located_once_the_window_is_open(
    tmp_path: Path,
) -> None:
    pytest.importorskip("panda3d")
    folder = tmp_path / "scenario"
    (folder / "walkthroughs").mkdir(parents=True)
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    text = (SCENARIO / "scenario.yaml").read_text(encoding="utf-8")
    (folder / "scenario.yaml").write_text(text.replace("target: container\n", "target: crate\n"))
    plan = folder / "walkthroughs" / "reference.yaml"
    plan.write_bytes((SCENARIO / "walkthroughs" / "reference.yaml").read_bytes())
    result = taskforce("run", str(folder), "--display", "offscreen", "--plan", str(plan),
                       "--log", str(tmp_path / "x.jsonl"))
    assert result.returncode == 1, result.stdout + result.stderr
    line = text[: text.index("target: container\n")].count("\n") + 1
    assert f"scenario.yaml:{line}:13: error SCN005: unknown target" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "x.jsonl").exists()
