"""``taskforce join``: a trainee's machine (or a scripted client) in a shared session.

It connects first, to learn the scenario and the role its code grants, finds that scenario on
this machine by its content hash, opens the display, and runs the frame loop with the host's
session in place of a local one. A walkthrough given with ``--plan`` drives the interface as a
person would; the clock is the host's, and it waits at each of the plan's steps for it.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.present.base import PresenterError

if TYPE_CHECKING:
    from engine.net.client import RemoteSession

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
FRAME_S = 0.05
EARLY_FRAMES = 20


@dataclass
class JoinOptions:
    address: str
    code: str
    role: str | None = None
    display: str = "auto"
    plan: str | None = None
    scenario: str | None = None  # where this machine keeps the host's scenario, if elsewhere
    trainee: str | None = None
    size: tuple[int, int] = (1280, 720)
    log: str | None = None  # a copy of every log line this client was sent
    client: str | None = None
    wait_s: float = 20.0


def join(options: JoinOptions) -> int:
    from engine.app import choose_display, headset_probe
    from engine.net.buslink import NatsLink
    from engine.net.client import Refused, RemoteSession
    from engine.net.link import Link

    mode, notice = choose_display(options.display, headset=headset_probe)
    if notice:
        print(notice)
    if mode == "offscreen" and options.plan is None:
        print("error RUN001: offscreen there is nobody to click: give a walkthrough to drive "
              "it\n    hint: taskforce join ... --display offscreen --plan WALKTHROUGH")
        return EXIT_USAGE
    hello: dict[str, Any] = {"k": "hello", "code": options.code,
                             "client": options.client or str(uuid.uuid4()),
                             "scripted": options.plan is not None}
    if options.role:
        hello["role"] = options.role
    if options.trainee:
        hello["trainee"] = options.trainee
    link: Any = (NatsLink(options.address, hello) if options.address.startswith("nats:")
                 else Link(options.address, hello))
    link.start()
    remote: RemoteSession | None = None
    try:
        welcome = _first(link, options.wait_s)  # the scenario and role, before anything opens
        loaded = find_scenario(welcome, options.scenario)
        remote = RemoteSession(loaded, link,
                               journal=Path(options.log) if options.log else None)
        remote.take(welcome)
        from engine.scenario.schema import clock

        watching = "observer of " if remote.kind == "observer" else ""
        print(f"joined {welcome['scenario']} as {watching}{remote.role} at "
              f"{clock(int(welcome['t']))} (state {welcome['state_hash']})", flush=True)
        return _play(remote, loaded, mode, options)
    except Refused as refused:
        print(f"error {refused.code}: {refused.reason}")
        return EXIT_PROBLEMS
    except PresenterError as error:
        print(error.format())
        return EXIT_PROBLEMS
    except ImportError as error:
        print(f"error RUN002: the 3D runtime is not installed ({error.name} is missing)")
        return EXIT_PROBLEMS
    finally:
        if remote is not None:
            remote.close("left")
        else:
            link.close()


def _first(link: Any, wait_s: float) -> dict[str, Any]:
    import queue

    from engine.net.client import Refused

    try:
        first: dict[str, Any] = link.inbox.get(timeout=wait_s)
    except queue.Empty:
        raise Refused({"code": "NET011", "reason": link.failed or
                       f"no answer from {link.url} within {wait_s:.0f} s"}) from None
    if first.get("k") == "refused":
        raise Refused(first)
    return first


def find_scenario(welcome: dict[str, Any], given: str | None) -> Any:
    """The host's scenario, found on this machine by its content hash."""
    from engine.net.client import Refused
    from engine.record.store import find_version
    from engine.scenario.loader import load_scenario

    wanted = welcome.get("scenario_hash")
    places = [p for p in (given, welcome.get("scenario_path")) if p]
    stored = find_version(wanted)
    for place in [*places, *([str(stored)] if stored else [])]:
        if not Path(place).exists():
            continue
        loaded = load_scenario(place)
        if loaded.content_hash == wanted:
            return loaded
    raise Refused({"code": "NET012", "reason":
                   f"this machine has no copy of the host's scenario {welcome.get('scenario')} "
                   f"({str(wanted)[:19]}...): copy its folder here and give --scenario PATH"})


def _play(remote: RemoteSession, loaded: Any, mode: str, options: JoinOptions) -> int:
    from engine import backends
    from engine.app import open_presenter, start_body
    from engine.core.plan import planned_requests
    from engine.frameloop import FrameLoop
    from engine.interact.controller import Controller
    from engine.scenario.loader import load_walkthrough

    plan = load_walkthrough(options.plan, loaded) if options.plan else None
    if plan is not None and remote.kind == "trainee" and remote.role not in {
            r.role for _, r in planned_requests(plan)}:
        print(f"error CLI002: the walkthrough has no step for {remote.role}, the role the "
              "code is for")
        return EXIT_USAGE
    for _ in range(200):  # the View follows the welcome
        remote.pump()
        if remote.has_view:
            break
        time.sleep(0.01)
    _, _, role, presenter = open_presenter(str(loaded.path), remote.role, None, mode,
                                           options.size)
    try:
        first = remote.view(role)
        walls = presenter.walls(first)
        controller = Controller(loaded_program(loaded), role, device=presenter.device,
                                body=start_body(first, walls), walls=walls)
        if plan is not None and remote.kind == "trainee":
            source = backends.input_class(mode, scripted=True)(plan, role, {role})
            done = remote.welcome.get("done", [])
            steps = [r.to_record() for _, r in planned_requests(plan) if r.role == role]
            while source.index < len(steps) and source.index < len(done) \
                    and steps[source.index] == done[source.index]:
                source.index += 1  # done before this client came (back)
        elif plan is not None:
            source = None
        else:
            source = backends.input_class(mode, scripted=False)(presenter.input_device())
        loop = FrameLoop(remote, presenter, controller, source or _Idle())  # type: ignore[arg-type]
        reason = run_remote(loop, remote, source if plan is not None else None)
    finally:
        presenter.close()
    from engine.scenario.schema import clock

    print(f"left the session ({reason}) at {clock(remote.t_ms)}"
          + (f"; {remote.unacknowledged()} requests not acknowledged"
             if remote.unacknowledged() else ""))
    return EXIT_OK


def loaded_program(loaded: Any) -> Any:
    from engine.core.program import program_for

    return program_for(loaded)


class _Idle:
    """An observer driven by a walkthrough has nothing to do: it watches."""

    def poll(self, dt: float) -> list[Any]:
        return []

    def feedback(self, drawn: Any) -> None:
        """Nothing to follow."""

    def close(self) -> None:
        """Nothing to release."""


def run_remote(loop: Any, remote: RemoteSession, pilot: Any) -> str:
    """Frames until the session ends, the window closes or the host is gone for good."""
    from engine.scenario.schema import clock

    controller = loop.controller
    held: int | None | str = "unset"
    host_running = remote.running
    last = time.perf_counter()
    while not remote.ended and not controller.quit and not getattr(loop.presenter, "exit", False):
        remote.pump()
        if remote.link.refused is not None or remote.link.failed is not None:
            return "refused" if remote.link.refused is not None else "host_unreachable"
        if remote.running != host_running:  # the host paused or resumed for everyone
            host_running = remote.running
            controller.paused = not host_running
            print(f"clock {'running' if host_running else 'stopped'} at {clock(remote.t_ms)}",
                  flush=True)
        controller.people = frozenset(remote.others)  # whom the radio can message now
        for message in remote.messages:
            if message.get("role") != controller.role:  # one's own is on the "Sent" card
                _card(controller, message)
        remote.messages.clear()
        now = time.perf_counter()
        if pilot is not None and now - last < FRAME_S:  # a walkthrough's frames are paced, so
            time.sleep(FRAME_S - (now - last))  # its patience is real time: a busy host's
            now = time.perf_counter()  # late View does not run out a step's frames
        dt = min(0.25, now - last) if pilot is None else FRAME_S
        last = now
        loop.frame(dt, remote.t_ms)
        remote.pose(remote.t_ms, *loop.presenter.camera_pose())
        if pilot is not None and remote.kind == "trainee":
            wanted = pilot.hold_until()
            if wanted != held:
                remote.hold(wanted)
                held = wanted
            if wanted is not None and remote.t_ms < wanted:
                # the host's clock, not this machine's frames, brings a step due: a pilot
                # gives a step up only after its frames once it is due
                pilot.frames_on_step = min(pilot.frames_on_step, EARLY_FRAMES)
    remote.pump()
    return "ended" if remote.ended else "window_closed"


def _card(controller: Any, message: dict[str, Any]) -> None:
    from engine.interact.lines import say
    from engine.scenario.strings import string_id

    sender = say(string_id(controller.program.scenario.id, f"role/{message['role']}/name"))
    header = say(f"ui/message/{message['via']}", sender=sender)
    controller.cards.add(header, say("ui/verbatim", text=str(message["text"])), "message")
