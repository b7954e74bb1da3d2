"""Helpers for the tests of signed logs: played logs, forgeries, other stations."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine.record.format import ZERO_HASH, chain_anchor, encode_line
from engine.record.verdict import Verdict, check_log, load_trust

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "container-search"
REFERENCE = SCENARIO / "walkthroughs" / "reference.yaml"

Record = dict[str, Any]


def play_reference(log: Path) -> Path:
    from engine.play import play
    from engine.scenario.loader import load_scenario, load_walkthrough

    loaded = load_scenario(SCENARIO)
    play(loaded, load_walkthrough(REFERENCE, loaded), log_path=log)
    return log


def records(path: Path) -> list[Record]:
    """Every line of a log as an object (signature lines too)."""
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def rehash(path: Path, lines: list[Record]) -> Path:
    """Write ``lines`` back with the hash chain computed anew and the signature lines kept as
    they were, as someone without the station's key would forge a log."""
    out, previous, index = [], ZERO_HASH, 0
    for line in lines:
        if line.get("k") == "signed":
            out.append(json.dumps(line, separators=(",", ":")).encode() + b"\n")
            continue
        body = {"i": index, **{k: v for k, v in line.items() if k not in ("i", "h")}}
        encoded, previous = encode_line(previous, body)
        if index == 0:
            previous = chain_anchor(body)
        out.append(encoded)
        index += 1
    path.write_bytes(b"".join(out))
    return path


def forged(source: Path, target: Path, edit: Callable[[list[Record]], list[Record]]) -> Path:
    return rehash(target, edit(records(source)))


def verdict(path: Path, *, keys: list[str] | None = None, ledger: str | None = None) -> Verdict:
    return check_log(path, load_trust(keys, ledger)).verdict


def codes(found: Verdict) -> list[str]:
    return [p.code for p in found.problems]


@contextmanager
def other_station(home: Path) -> Iterator[Path]:
    """Act as another training station (its own key and ledger) for a while."""
    before = os.environ["TASKFORCE_HOME"]
    os.environ["TASKFORCE_HOME"] = str(home)
    try:
        yield home
    finally:
        os.environ["TASKFORCE_HOME"] = before
