"""``taskforce verify``, ``replay`` and ``key``: whether a session log can be trusted, whether
it replays, and this station's public key for other stations to trust."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from engine.errors import Diagnostic, TaskforceError
from engine.record.format import NOTE, POSES

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _print(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format())


def _nothing(record: dict[str, Any]) -> bool:
    return False


def _replayed(record: dict[str, Any]) -> bool:
    return record["k"] not in (POSES, NOTE)


def run_verify(args: argparse.Namespace) -> int:
    from engine.record.verdict import check_log, load_trust

    verdict = check_log(args.log, load_trust(args.keys, args.ledger), keep=_nothing).verdict
    _print(verdict.problems)
    print(f"{args.log}: {verdict.summary()}")
    return EXIT_OK if verdict.accepted else EXIT_PROBLEMS


def run_replay(args: argparse.Namespace) -> int:
    from engine.core.program import program_for
    from engine.record.origin import logged_scenario
    from engine.record.replay import replay
    from engine.record.verdict import check_log, load_trust
    from engine.scenario.loader import load_scenario

    shown = args.log
    log = check_log(args.log, load_trust(args.keys, args.ledger), keep=_replayed,
                    parse_poses=False)
    verdict = log.verdict
    _print(verdict.problems)
    if not verdict.accepted:
        print(f"{shown}: {verdict.summary()}; not replaying")
        return EXIT_PROBLEMS
    seed = log.header.get("seed")
    if type(seed) is not int:
        raise TaskforceError([Diagnostic(shown, 1, 1, "LOG006",
                                         "the log header has no whole-number seed, so the "
                                         "session cannot be replayed")])
    loaded = load_scenario(logged_scenario(log.header, shown, named=args.scenario,
                                           code="LOG019"))
    if loaded.content_hash != log.header.get("scenario_hash"):
        raise TaskforceError([Diagnostic(
            shown, 1, 1, "LOG007", f"the log was recorded with a different version of "
            f"{loaded.path}", "replay with the scenario file the session used (--scenario PATH)")])
    people = log.header.get("people")  # a list of texts, when the header has it
    result = replay(program_for(loaded), seed, log.records, shown, closed=verdict.closed,
                    line_of=log.line_of, people=people if isinstance(people, list) else None)
    if not args.check:
        for event in result.produced:
            print(json.dumps(event, ensure_ascii=False))
    _print(result.diagnostics)
    if result.diagnostics:
        return EXIT_PROBLEMS
    if verdict.closed:
        print(f"{shown}: replay matches ({result.compared} events)")
    else:
        more = len(result.produced) - result.compared
        print(f"{shown}: replay matches the {result.compared} events written before the session "
              f"stopped (the log ends at line {log.line_of(verdict.last_index)})"
              + (f"; the core goes on with {more} more" if more else ""))
    return EXIT_OK


def run_key(args: argparse.Namespace) -> int:
    from engine.record.keys import station_key

    key = station_key()
    assert key is not None
    line = key.export_line() + "\n"
    if args.out:
        target = Path(args.out)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(line)
        except OSError as exc:
            print(f"error CLI005: cannot write {target}: {exc.strerror}")
            return EXIT_USAGE
        print(f"wrote {target}: the public key of this station (key {key.id})")
    else:
        print(line, end="")
    return EXIT_OK
