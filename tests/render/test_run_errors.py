"""Every way `taskforce run` can fail to start ends in one clear line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.render.conftest import ROOT, SCENARIO

PLAN = SCENARIO / "walkthroughs" / "reference.yaml"


def run(*args: str, prelude: str = "", env: dict[str, str] | None = None) -> (
    subprocess.CompletedProcess[str]
):
    code = f"{prelude}\nfrom engine.cli import main\nraise SystemExit(main({list(args)!r}))"
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False, env=environment)


def one_clear_line(result: subprocess.CompletedProcess[str], code: str) -> None:
    assert result.returncode != 0
    assert result.stdout.startswith(f"error {code}:"), result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_size_in_the_wrong_form_is_cli003() -> None:
    one_clear_line(run("run", str(SCENARIO), "--plan", str(PLAN), "--size", "large"), "CLI003")


def test_an_existing_log_is_never_overwritten_cli004(tmp_path: Path) -> None:
    log = tmp_path / "kept.jsonl"
    log.write_text("a trainee's earlier session\n")
    result = run("run", str(SCENARIO), "--display", "offscreen", "--plan", str(PLAN),
                 "--log", str(log))
    one_clear_line(result, "CLI004")
    assert log.read_text() == "a trainee's earlier session\n"


def test_without_panda3d_installed_run002() -> None:
    result = run("run", str(SCENARIO), "--display", "offscreen", "--plan", str(PLAN),
                 prelude="import sys; sys.modules['panda3d'] = None")
    one_clear_line(result, "RUN002")
    assert "pip install" in result.stdout


def test_without_opengl_run003(tmp_path: Path) -> None:
    result = run("run", str(SCENARIO), "--display", "offscreen", "--plan", str(PLAN),
                 "--log", str(tmp_path / "x.jsonl"),
                 env={"MESA_LOADER_DRIVER_OVERRIDE": "no_such_driver",
                      "LIBGL_DRIVERS_PATH": str(tmp_path), "EGL_PLATFORM": "surfaceless"})
    one_clear_line(result, "RUN003")
