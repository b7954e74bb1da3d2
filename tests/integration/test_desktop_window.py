"""A trainee at a real desktop: the container search in a real X window (Xvfb), played with
real mouse and keyboard events (xdotool), the window finally closed as a window manager
closes it (WM_DELETE_WINDOW). Aiming is closed-loop, as a person's is: the test reads where
the trainee stands and looks from the session log's head poses and moves the mouse by what
is left. Afterwards the log holds everything done, verifies, and grades the read documents.

Needs Debian's xvfb and xdotool and python-xlib (installed by tools/setup.sh); skipped with
the reason where they are missing.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "container-search"
LOOK = 0.15  # degrees per pixel: engine.input.desktop.LOOK
TABLET, CONTAINER = (8.4, -12.2, 0.82), (0.0, -6.0, 1.2)


def records(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    found = []
    for line in log.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(json.JSONDecodeError):  # a line being written
            found.append(json.loads(line))
    return found


class Desktop:
    def __init__(self, display: str, log: Path, shots: Path) -> None:
        self.env = {**os.environ, "DISPLAY": display}
        self.log, self.shots, self.window = log, shots, ""
        self.taken = 0

    def x(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True,
                              timeout=30, check=False)
        return done.stdout.strip()

    def key(self, *names: str, pause: float = 0.7) -> None:
        self.x("key", *names)
        time.sleep(pause)

    def until(self, what: str, found: Callable[[list[dict[str, Any]]], bool],
              seconds: float = 40.0) -> list[dict[str, Any]]:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            lines = records(self.log)
            if found(lines):
                return lines
            time.sleep(0.25)
        self.shot(f"timeout-{what}")
        raise AssertionError(f"the log never showed {what}")

    def shot(self, name: str) -> None:
        self.taken += 1
        picture = self.shots / f"{self.taken:02d}-{name}.png"
        subprocess.run(["import", "-window", "root", str(picture)], env=self.env,
                       capture_output=True, timeout=30, check=False)

    def pose(self) -> tuple[list[float], list[float]]:
        """Where the eyes are and look, from the newest pose sample written."""
        lines = [r for r in records(self.log) if r["k"] == "poses"]
        return lines[-1]["p"][-1], lines[-1]["g"][-1]

    def settled_pose(self) -> tuple[list[float], list[float]]:
        """A pose written after the last move (poses go to the log ten at a time)."""
        count = sum(1 for r in records(self.log) if r["k"] == "poses")
        self.until("fresh poses",
                   lambda lines: sum(1 for r in lines if r["k"] == "poses") >= count + 2)
        return self.pose()

    def aim(self, target: tuple[float, float, float]) -> float:
        """Turn the view onto ``target`` with the mouse; returns its distance."""
        for _ in range(4):
            (x, y, z), (gx, gy, gz) = self.settled_pose()
            heading = math.degrees(math.atan2(-gx, gy))
            pitch = math.degrees(math.asin(max(-1.0, min(1.0, gz))))
            dx, dy = target[0] - x, target[1] - y
            want_h = math.degrees(math.atan2(-dx, dy))
            want_p = math.degrees(math.atan2(target[2] - z, math.hypot(dx, dy)))
            turn = (want_h - heading + 180) % 360 - 180
            tilt = want_p - pitch
            if abs(turn) < 0.6 and abs(tilt) < 0.6:
                return math.hypot(dx, dy)
            self.x("mousemove_relative", "--", str(round(-turn / LOOK)), str(round(-tilt / LOOK)))
            time.sleep(0.5)
        return math.hypot(target[0] - x, target[1] - y)


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (Debian: apt-get install xvfb xdotool)")
    pytest.importorskip("Xlib", reason="python-xlib is not installed (pip install python-xlib)")
    pytest.importorskip("panda3d", reason="panda3d is not installed (pip install -e '.[desktop]')")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=(tmp_path / "xvfb.log").open("w"))
    os.close(write)
    said = b""
    while not said.endswith(b"\n"):  # the display number, then a line break
        chunk = os.read(read, 16)
        if not chunk:
            break
        said += chunk
    number = said.decode().strip()
    try:
        _wait_for_server(f":{number}")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.close(read)


def _wait_for_server(display: str) -> None:
    from Xlib import display as xdisplay
    from Xlib.error import DisplayError

    for _ in range(100):
        try:
            xdisplay.Display(display).close()
            return
        except DisplayError:
            time.sleep(0.1)
    pytest.fail(f"Xvfb never accepted connections on {display}")


def close_window(display: str, window: str) -> None:
    """Ask the window to close, as a window manager's close button does."""
    from Xlib import X, protocol
    from Xlib import display as xdisplay

    connection = xdisplay.Display(display)
    target = connection.create_resource_object("window", int(window))
    protocols = connection.intern_atom("WM_PROTOCOLS")
    delete = connection.intern_atom("WM_DELETE_WINDOW")
    message = protocol.event.ClientMessage(window=target, client_type=protocols,
                                           data=(32, [delete, X.CurrentTime, 0, 0, 0]))
    target.send_event(message, event_mask=X.NoEventMask)
    connection.sync()  # the server has it before the connection goes
    connection.close()


def test_a_trainee_plays_the_container_search_with_mouse_and_keys(display: str,
                                                                    tmp_path: Path) -> None:
    log, shots = tmp_path / "desk.jsonl", tmp_path / "shots"
    shots.mkdir()
    desk = Desktop(display, log, shots)
    run = subprocess.Popen([sys.executable, "-m", "engine", "run", str(SCENARIO), "--display",
                            "desktop", "--size", "1024x576", "--log", str(log)], cwd=ROOT,
                           env=desk.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    try:
        desk.until("the first frames", lambda lines: any(r["k"] == "poses" for r in lines), 120)
        desk.window = desk.x("search", "--sync", "--name", "Task Force VR").splitlines()[0]
        desk.shot("start")
        desk.x("mousemove", "--window", desk.window, "512", "288", "click", "1")  # capture
        time.sleep(0.8)
        desk.x("mousemove_relative", "--", "40", "0")  # look around
        time.sleep(0.5)
        desk.x("keydown", "shift", "keydown", "w")  # Shift first, then W: run
        time.sleep(1.0)
        desk.x("keyup", "w", "keyup", "shift")
        desk.aim(CONTAINER)
        desk.key("e")  # the container's menu: thermal scan, open, read...
        desk.shot("menu")
        desk.key("1")
        desk.until("the scan and the decision it opens", lambda lines: any(
            r["k"] == "decision_opened" for r in lines))
        desk.shot("decision")
        desk.key("Escape")  # frees the mouse
        desk.key("Escape")  # sets the decision aside
        desk.until("the decision set aside", lambda lines: any(
            r.get("note") == "set_aside" for r in lines))
        desk.shot("set-aside")
        desk.x("mousemove", "--window", desk.window, "600", "300", "click", "1")
        time.sleep(0.6)
        desk.x("mousemove_relative", "--", "-90", "15")  # look around while it waits
        time.sleep(0.5)
        desk.key("r")
        desk.shot("radio")
        desk.key("1")  # call the fire service
        desk.until("the call", lambda lines: any(r.get("do") == "call_fire_service"
                                                for r in lines))
        desk.key("q")  # the decision again
        desk.key("2")  # the isolation bay; a reason is asked for
        desk.x("type", "--delay", "40", "Away from the gate queue")
        desk.shot("typing")
        desk.key("Return")
        desk.until("the choice", lambda lines: any(r.get("choose") == "search_site"
                                                  for r in lines))
        desk.aim(TABLET)
        desk.x("keydown", "w")
        time.sleep(2.5)
        desk.x("keyup", "w")
        for _ in range(3):  # aim, read, and look whether it was the tablet that was read
            desk.aim(TABLET)
            desk.key("f")
            with contextlib.suppress(AssertionError):
                desk.until("the tablet read", lambda lines: any(
                    r.get("note") == "read" and r.get("prop") == "inspection_tablet"
                    for r in lines), seconds=6)
                break
        desk.shot("documents")
        desk.key("Escape")
        desk.aim(CONTAINER)
        desk.key("e")
        desk.key("2")  # open the doors
        desk.until("the doors opened", lambda lines: any(r.get("do") == "open_container"
                                                        for r in lines))
        desk.key("p")
        desk.shot("paused")
        desk.key("p")
        close_window(display, desk.window)
        output, _ = run.communicate(timeout=60)
    except BaseException:
        if run.poll() is None:
            run.kill()
        print(run.communicate()[0][-3000:])  # what the run said, for the failure report
        raise
    assert run.returncode == 0, output
    lines = records(log)
    asked = [r.get("do") or r.get("choose") for r in lines if r["k"] == "request"]
    assert asked == ["thermal_scan", "call_fire_service", "search_site", "review_documents",
                     "open_container"], asked
    choice = next(r for r in lines if r.get("choose") == "search_site")
    assert choice["rationale"] == "Away from the gate queue"
    notes = [r["note"] for r in lines if r["k"] == "note"]
    for note in ("set_aside", "recalled", "read", "paused", "resumed"):
        assert note in notes, notes
    places = [tuple(p[:2]) for r in lines if r["k"] == "poses" for p in r["p"]]
    assert math.dist(places[0], places[-1]) > 5, "the trainee walked"
    chained = [r for r in lines if r["k"] != "signed"]  # signature lines stand beside the chain
    assert chained[-1]["k"] == "closed" and chained[-1]["reason"] == "window_closed"
    verified = subprocess.run([sys.executable, "-m", "engine", "verify", str(log)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120, check=False)
    assert verified.returncode == 0 and "intact" in verified.stdout, verified.stdout
    graded = subprocess.run([sys.executable, "-m", "engine", "grade", str(log), "--format",
                             "json"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            check=False)
    report = json.loads(graded.stdout)
    tasks = {t["id"]: t for c in report["capabilities"] for t in c["items"]}
    read = tasks["intelligence-before-acting"]  # documents reviewed before the doors open
    assert read["status"] == "met", read
