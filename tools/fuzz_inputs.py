"""Mutation fuzzer over every command and every input kind, run outside the test suite.

Copies the shipped scenarios into a scratch folder (its own station key and ledger too), then,
until the time is up, mutates a scenario, its checklist or a walkthrough and runs ``validate``
and ``test`` on it, or mutates a played log (its bytes; its records re-hashed; or its records
signed again with the station's key, as only the key's holder could) and runs ``verify``,
``replay`` and ``grade`` in every format. Every answer must be exit 0, 1 or 2 with located
error lines and no internal error; each one that is not is saved with its input.

    python tools/fuzz_inputs.py [--minutes 10] [--seed N] [--out fuzz-findings]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS = ("scenario", "checklist", "walkthrough", "log-bytes", "log-rehashed", "log-signed")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", default="fuzz-findings")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="fuzz-"))
    os.environ["TASKFORCE_HOME"] = str(work / "station")

    from tests.grading_support import scratch_project
    from tests.mutations import (
        answer,
        log_commands,
        log_records,
        mutate_log_bytes,
        mutate_records,
        mutate_yaml,
        scenario_commands,
        write_log,
    )
    from tests.trust_support import play_reference

    pristine = scratch_project(work / "project") / "container-search"
    reference = play_reference(work / "reference.jsonl")
    records = log_records(reference)
    out = Path(args.out)
    found: dict[str, int] = {}
    cases, deadline = 0, time.monotonic() + args.minutes * 60
    print(f"seed {seed}; scratch folder {work}")
    try:
        while time.monotonic() < deadline:
            kind = rng.choice(KINDS)
            case = work / f"case-{cases}"
            if kind in ("scenario", "checklist", "walkthrough"):
                folder = case / "container-search"
                shutil.copytree(pristine, folder)
                (case / "assets").symlink_to(pristine.parents[1] / "assets")
                target = {"scenario": folder / "scenario.yaml",
                          "checklist": folder / "checklist.yaml",
                          "walkthrough": rng.choice(sorted((folder / "walkthroughs").iterdir()))
                          }[kind]
                text = target.read_text(encoding="utf-8")
                for _ in range(rng.randint(1, 3)):
                    text = mutate_yaml(text, rng)
                target.write_text(text, encoding="utf-8")
                commands = scenario_commands(folder)
                inputs = [target]
            else:
                case.mkdir()
                log = case / "log.jsonl"
                if kind == "log-bytes":
                    log.write_bytes(mutate_log_bytes(reference.read_bytes(), rng))
                else:
                    mutated = records
                    for _ in range(rng.randint(1, 3)):
                        mutated = mutate_records(mutated, rng)
                    write_log(log, mutated, sign=kind == "log-signed")
                commands = log_commands(log, pristine)
                inputs = [log]
            for command in commands:
                result = answer(command, seconds=60)
                for problem in result.problems():
                    key = f"{command[0]}: {problem.split(':', 1)[0]} {problem[-80:]}"
                    found[key] = found.get(key, 0) + 1
                    if found[key] == 1:
                        keep = out / f"finding-{len(found):03d}"
                        keep.mkdir(parents=True, exist_ok=True)
                        for path in inputs:
                            shutil.copy(path, keep / path.name)
                        (keep / "command.txt").write_text(
                            " ".join(result.args) + "\n\n" + problem + "\n\n" + result.out[-4000:]
                            + result.err[-4000:], encoding="utf-8")
                        print(f"FINDING {len(found)}: {' '.join(command[:1])} ({kind}): {problem}")
            shutil.rmtree(case, ignore_errors=True)
            cases += 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{cases} mutated inputs, {sum(found.values())} bad answers, {len(found)} distinct; "
          f"seed {seed}")
    raise SystemExit(1 if found else 0)


if __name__ == "__main__":
    main()
