"""The ``taskforce`` command: validate, schema, play, test, verify, replay and more.

Exit codes: 0 success, 1 problems found (invalid files, failed expectations, tampered logs),
2 usage errors. Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.backends import CHOICES as DISPLAY_CHOICES
from engine.errors import Diagnostic, TaskforceError, escape_controls, one_line

if TYPE_CHECKING:
    from engine.present.xr.opened import XrOptions

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format())


def cmd_validate(args: argparse.Namespace) -> int:
    from engine.scenario.loader import validate_paths

    _register_extra_checkers()
    result = validate_paths(args.paths)
    if result.files == 0:
        print(f"error CLI001: no scenario files found under {' '.join(args.paths)}")
        return EXIT_USAGE
    _print_diagnostics(result.diagnostics)
    count = len(result.diagnostics)
    files = f"{result.files} file{'s' * (result.files != 1)}"
    print(
        f"{files} checked: " + (f"{count} problem{'s' * (count != 1)}" if count else "no problems")
    )
    return EXIT_PROBLEMS if count else EXIT_OK


def _register_extra_checkers() -> None:
    """Let grading validate the files it owns (checklists) and check walkthroughs' ratings."""
    import grading.checklist as checklist

    checklist.register()


def cmd_schema(args: argparse.Namespace) -> int:
    from engine.schemas import json_schema

    text = json.dumps(json_schema(args.kind), indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_play(args: argparse.Namespace) -> int:
    from engine.play import play, unmet_expectations
    from engine.scenario.loader import load_scenario, load_walkthrough
    from engine.summary import print_summary

    loaded = load_scenario(args.scenario)
    plan = load_walkthrough(args.plan, loaded)
    roles = {r.id: r for r in loaded.scenario.roles}
    role = args.role or plan.role
    if role not in roles or not roles[role].playable:
        playable = ", ".join(r.id for r in loaded.scenario.roles if r.playable)
        print(f"error CLI002: '{role}' is not a playable role here (playable: {playable})")
        return EXIT_USAGE
    result = play(
        loaded, plan, role=args.role, log_path=Path(args.log) if args.log else None,
        acknowledge=args.ack,
    )
    print_summary(loaded, plan, result)
    if result.left_to_engine:
        print(f"note: {result.left_to_engine} steps of other roles were left to the engine, "
              f"which plays every role but {role}")
    problems = unmet_expectations(plan, result)
    for problem in problems:
        print(f"  expectation not met: {problem}")
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    from engine.walkthrough_tests import run_walkthrough_tests

    _register_extra_checkers()
    return run_walkthrough_tests(args.paths or ["scenarios"], Path(args.logs))


def cmd_verify(args: argparse.Namespace) -> int:
    from engine.record.cli import run_verify

    return run_verify(args)


def cmd_replay(args: argparse.Namespace) -> int:
    from engine.record.cli import run_replay

    return run_replay(args)


def cmd_key(args: argparse.Namespace) -> int:
    from engine.record.cli import run_key

    return run_key(args)


def cmd_grade(args: argparse.Namespace) -> int:
    from grading.cli import run_grade

    return run_grade(args)


def cmd_diff(args: argparse.Namespace) -> int:
    from grading.cli import run_diff

    return run_diff(args)


def cmd_run(args: argparse.Namespace) -> int:
    from engine.app import RunOptions, run

    width, _, height = args.size.partition("x")
    if not (width.isdigit() and height.isdigit()):
        print(f"error CLI003: --size wants WIDTHxHEIGHT such as 1280x720, not '{args.size}'")
        return EXIT_USAGE
    try:
        xr = headset_options(args)
    except ValueError as error:
        print(f"error CLI003: {error}")
        return EXIT_USAGE
    return run(RunOptions(
        scenario=args.scenario, role=args.role, display=args.display, plan=args.plan,
        log=args.log, screenshots=args.screenshots, speed=args.speed, every=args.every,
        size=(int(width), int(height)), trainee=args.trainee, seed=args.seed, xr=xr,
    ))


def headset_options(args: argparse.Namespace) -> XrOptions | None:
    """The headset comfort flags of ``run`` as ``XrOptions`` (None when none was given);
    a ``ValueError`` names a wrong value, or comfort flags for a display with no headset."""
    from engine.present.xr.opened import comfort_options

    given = {"--snap-turn": args.snap_turn, "--eye-height": args.eye_height,
             "--xr-scale": args.xr_scale, "--seated": args.seated or None}
    if all(value is None for value in given.values()):
        return None
    if args.display not in ("xr", "auto"):
        flag = next(name for name, value in given.items() if value is not None)
        raise ValueError(f"{flag} is a headset setting: use it with --display xr (or auto), "
                         f"not --display {args.display}")
    return comfort_options(args.snap_turn, args.seated, args.eye_height, args.xr_scale)


def cmd_host(args: argparse.Namespace) -> int:
    from engine import backends
    from engine.net.hosting import HostOptions, parse_bind

    try:
        bind = parse_bind(args.bind)
    except ValueError as error:
        print(f"error CLI040: --bind: {error}")
        return EXIT_USAGE
    bus = args.bus
    if bus != "embedded":
        from engine.net.bus import parse_bus

        try:
            parse_bus(bus)
        except ValueError:
            print(f"error CLI041: --bus is 'embedded' or nats://HOST:PORT, not '{bus}'")
            return EXIT_USAGE
    if args.speed is not None and not 0 < args.speed <= 1000:
        print(f"error CLI042: --speed is scenario seconds per second, above 0 and at most "
              f"1000, not {args.speed}")
        return EXIT_USAGE
    if args.ttl is not None and not 0 <= args.ttl <= 3600:
        print(f"error CLI042: --ttl is seconds from 0 to 3600, not {args.ttl}")
        return EXIT_USAGE
    players = tuple(p for p in (args.players or "").split(",") if p) or None
    options = HostOptions(args.scenario, bind, bus, args.log, players,
                          ttl_s=60.0 if args.ttl is None else args.ttl,
                          speed=args.speed or 1.0, seed=args.seed, start=args.start)
    code: int = backends.command(backends.HOST)(options)
    return code


def cmd_join(args: argparse.Namespace) -> int:
    from engine import backends
    from engine.join import JoinOptions
    from engine.net.hosting import parse_bind

    try:
        if args.address.startswith("nats:"):
            from engine.net.bus import parse_bus

            if not parse_bus(args.address)[1]:
                raise ValueError(f"'{args.address}' names no session: join the "
                                 "nats://HOST:PORT/SESSION address the host printed")
        else:
            parse_bind(args.address)
    except ValueError as error:
        print(f"error CLI043: {error}")
        return EXIT_USAGE
    width, _, height = args.size.partition("x")
    if not (width.isdigit() and height.isdigit()):
        print(f"error CLI003: --size wants WIDTHxHEIGHT such as 1280x720, not '{args.size}'")
        return EXIT_USAGE
    if args.log and Path(args.log).exists():
        print(f"error CLI004: {args.log} already exists; choose another --log path")
        return EXIT_USAGE
    options = JoinOptions(args.address, args.code, args.role, args.display, args.plan,
                          args.scenario, args.trainee, (int(width), int(height)), args.log,
                          args.client, args.wait)
    code: int = backends.command(backends.JOIN)(options)
    return code


def cmd_strings(args: argparse.Namespace) -> int:
    from engine.scenario.loader import load_scenario
    from engine.scenario.strings import string_table

    table = string_table(load_scenario(args.scenario).scenario)
    json.dump(table, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _trust_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--keys", action="append", metavar="FILE",
                   help="trust the public keys in FILE (from another station's `key export`)")
    p.add_argument("--ledger", metavar="FILE",
                   help="check against this ledger (e.g. an outside copy) instead of the "
                   "station's own")


def cmd_init(args: argparse.Namespace) -> int:
    from engine.scaffold import InitError, init
    from engine.scenario.files import display

    try:
        written = init(Path(args.folder), args.id, args.title)
    except InitError as error:
        print(f"error {error.code}: {error.message}")
        return EXIT_USAGE
    where = display(written.folder)
    for path in written.files:
        print(f"wrote {display(path)}")
    print(f"next: taskforce validate {where} && taskforce test {where}")
    print(f"      taskforce run {where} --plan {where}/walkthroughs/reference.yaml")
    return EXIT_OK


def cmd_guidance(args: argparse.Namespace) -> int:
    from engine.scenario.guidance import guidance_markdown

    text = guidance_markdown()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="taskforce", description="Multi-agency training scenarios: check, play, record."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(handler=handler)
        return p

    p = command("validate", cmd_validate, "Check scenarios, walkthroughs and checklists.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p = command("schema", cmd_schema, "Print the JSON Schema editors use to autocomplete.")
    p.add_argument(
        "kind", nargs="?", default="scenario", choices=["scenario", "walkthrough", "checklist"]
    )
    p.add_argument("--out", metavar="FILE")
    p = command("play", cmd_play, "Play a walkthrough headless and log the session.")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--plan", required=True, metavar="WALKTHROUGH")
    p.add_argument("--role", metavar="ROLE")
    p.add_argument("--log", metavar="OUT")
    p.add_argument(
        "--ack", action="store_true", help="print 'ack N' once each request is safely on disk"
    )
    p = command("test", cmd_test, "Play every walkthrough under PATH and check expectations.")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--logs", default="runs/test", metavar="DIR")
    p = command("verify", cmd_verify, "Check a session log's hash chain, signatures and ledger.")
    p.add_argument("log", metavar="LOG")
    _trust_options(p)
    p = command("replay", cmd_replay, "Re-run a log's requests through the core.")
    p.add_argument("log", metavar="LOG")
    p.add_argument("--check", action="store_true",
                   help="only confirm the same events come out (else print them too)")
    p.add_argument("--scenario", metavar="PATH")
    _trust_options(p)
    p = command("key", cmd_key, "This station's public key, for other stations to trust.")
    p.add_argument("action", choices=["export"])
    p.add_argument("--out", metavar="FILE", help="write the key to FILE instead of printing it")
    p = command("grade", cmd_grade, "Grade session logs against their scenario's checklist.")
    p.add_argument("logs", nargs="+", metavar="LOG")
    p.add_argument("--checklist", metavar="FILE")
    p.add_argument("--scenario", metavar="PATH")
    p.add_argument("--format", choices=["text", "json", "html", "pdf"], default="text")
    p.add_argument("--out", metavar="FILE")
    p.add_argument("--notes", metavar="FILE",
                   help="the evaluator's notes saved from an earlier report page")
    p.add_argument("--summary", action="store_true", help="a cohort summary of all the LOGs")
    p.add_argument("--force", action="store_true", help="grade a log that verify refuses")
    _trust_options(p)
    p.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: CPUs)")
    p = command("diff", cmd_diff, "Set two sessions of one scenario side by side.")
    p.add_argument("logs", nargs="+", metavar="LOG")
    p.add_argument("--format", choices=["text", "html"], default="text")
    p.add_argument("--out", metavar="FILE")
    p.add_argument("--force", action="store_true", help="compare logs that verify refuses")
    _trust_options(p)
    p = command("run", cmd_run, "Run a scenario in 3D: at a desktop, offscreen, or in a headset.")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--role", metavar="ROLE")
    p.add_argument("--display", default="auto", choices=list(DISPLAY_CHOICES))
    p.add_argument("--plan", metavar="WALKTHROUGH", help="let a walkthrough drive the input")
    p.add_argument("--log", metavar="OUT")
    p.add_argument("--screenshots", metavar="DIR",
                   help="save frames at each request, inject, decision and the end")
    p.add_argument("--speed", type=float, metavar="SECONDS",
                   help="scenario seconds per frame with --plan (default 5 offscreen, 1 desktop)")
    p.add_argument("--every", type=float, default=60.0, metavar="SECONDS",
                   help="also save a frame every SECONDS of scenario time (default 60)")
    p.add_argument("--size", default="1280x720", metavar="WxH")
    p.add_argument("--trainee", metavar="NAME")
    p.add_argument("--seed", type=int)
    p.add_argument("--snap-turn", metavar="DEGREES",
                   help="headset: degrees a thumbstick flick turns (15, 30, 45 or 90; 30)")
    p.add_argument("--seated", action="store_true",
                   help="headset: seated play, the eyes lifted to --eye-height")
    p.add_argument("--eye-height", metavar="M",
                   help="headset: standing eye height in metres, 1.0-2.2 (1.7)")
    p.add_argument("--xr-scale", metavar="S",
                   help="headset: eye image size, 0.25-2.0 of the headset's recommended (1.0)")
    p = command("host", cmd_host, "Host a shared session: one core, many trainees' machines.")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--bind", default="127.0.0.1:7470", metavar="HOST:PORT",
                   help="where trainees and the instructor connect (loopback unless told)")
    p.add_argument("--bus", default="embedded", metavar="embedded|nats://HOST:PORT")
    p.add_argument("--log", metavar="OUT",
                   help="the session log; an unfinished one is resumed after a crash")
    p.add_argument("--players", metavar="ROLE,ROLE",
                   help="the roles people will play (default: every playable role)")
    p.add_argument("--start", default="joined", choices=["joined", "instructor"],
                   help="start the clock when every player has joined, or on the instructor's "
                   "Start")
    p.add_argument("--ttl", type=float, metavar="SECONDS",
                   help="how long a dropped trainee keeps the role (default 60)")
    p.add_argument("--speed", type=float, metavar="S", help="scenario seconds per second (1)")
    p.add_argument("--seed", type=int)
    p = command("join", cmd_join, "Join a shared session as a trainee, or as a scripted client.")
    p.add_argument("address", metavar="HOST:PORT")
    p.add_argument("--code", required=True)
    p.add_argument("--role", metavar="ROLE", help="the role expected (the code decides)")
    p.add_argument("--display", default="auto", choices=["auto", "desktop", "offscreen", "xr"])
    p.add_argument("--plan", metavar="WALKTHROUGH", help="let a walkthrough drive the input")
    p.add_argument("--scenario", metavar="PATH", help="this machine's copy of the scenario")
    p.add_argument("--trainee", metavar="NAME")
    p.add_argument("--size", default="1280x720", metavar="WxH")
    p.add_argument("--log", metavar="OUT", help="keep a copy of every log line this machine "
                   "is sent")
    p.add_argument("--client", metavar="ID", help=argparse.SUPPRESS)
    p.add_argument("--wait", type=float, default=20.0, metavar="SECONDS",
                   help="how long to wait for the host to answer (20)")
    p = command("init", cmd_init, "Start a new scenario folder that validates and plays at once.")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--id", metavar="ID", help="the scenario's id (default: the folder's name)")
    p.add_argument("--title", metavar="TITLE")
    p = command("guidance", cmd_guidance,
                "List the guidance lines checklists cite (the text of docs/guidance.md).")
    p.add_argument("--out", metavar="FILE")
    p = command("strings", cmd_strings, "List every trainee-facing string by its stable id.")
    p.add_argument("scenario", metavar="SCENARIO")
    return parser


class _Escaping:
    """Standard output with control characters escaped, whatever a file made us print."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return int(self._stream.write(escape_controls(text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    stdout = sys.stdout
    sys.stdout = _Escaping(stdout)
    try:
        return _main(argv)
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the reader went away
        return 141
    finally:
        if isinstance(sys.stdout, _Escaping):
            sys.stdout = stdout


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    try:
        code: int = args.handler(args)
        return code
    except TaskforceError as error:
        _print_diagnostics(error.diagnostics)
        return EXIT_PROBLEMS
    except FileExistsError as error:
        print(one_line(f"error CLI004: {error.filename} already exists; choose another --log path"))
        return EXIT_USAGE
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the reader went away
        return 141
    except KeyboardInterrupt:
        print("interrupted; the session log keeps everything up to now")
        return 130
    except Exception as error:  # a bug, not bad input: one line unless asked for more
        if os.environ.get("TASKFORCE_DEBUG"):
            raise
        print(
            one_line(f"taskforce: internal error: {type(error).__name__}: {error} ")
            + "(set TASKFORCE_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 70
