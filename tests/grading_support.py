"""Shared helpers for the grading tests: a scratch copy of the scenarios, real played logs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from engine.core.plan import ms, planned_requests
from engine.core.program import program_for
from engine.scenario.loader import LoadedScenario, load_scenario, load_walkthrough
from engine.session import Session

ROOT = Path(__file__).resolve().parents[1]


def scratch_project(target: Path) -> Path:
    """Copy ``scenarios/`` under ``target`` with an ``assets/models`` folder holding every model
    the scenarios name (the real file when it exists, else a stand-in model), so the scenarios
    validate while the 3D assets are still being made. Returns the copied scenarios folder."""
    scenarios = target / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    models = target / "assets" / "models"
    models.mkdir(parents=True)
    for scenario in scenarios.rglob("scenario.yaml"):
        for name in set(re.findall(r"models/([\w.-]+\.glb)", scenario.read_text("utf-8"))):
            real = ROOT / "assets" / "models" / name
            if real.is_file():
                shutil.copy(real, models / name)
            else:
                shutil.copy(ROOT / "assets" / "models" / "pallet.glb", models / name)
    return scenarios


def play_with_poses(loaded: LoadedScenario, plan_file: Path, log_path: Path, hz: float = 2.0,
                    *, notes: bool = False) -> Path:
    """Play a walkthrough as a presenter would: head poses sampled between the requests, the
    trainee walking from the protective equipment station towards each action's target. With
    ``notes`` the desktop's note lines are written too: the briefing opened at the start, the
    tablet's documents read at 0:15, a pause from 0:30 to 0:35."""
    plan = load_walkthrough(plan_file, loaded)
    props = {p.id: p.position for p in loaded.scenario.props}
    zones = {z.id: (*z.area.center, 0.0) for z in loaded.scenario.place.zones}
    targets = {a.id: props.get(a.target or "", zones.get(a.target or "")) for a in
               loaded.scenario.actions}
    session = Session.begin(loaded, role=plan.role, seed=plan.seed, trainee=plan.trainee,
                            log_path=log_path, extra={"plan": plan.id})
    pending = [(0, {"note": "briefing", "role": plan.role}),
               (15_000, {"note": "read", "role": plan.role, "prop": "inspection_tablet",
                         "documents": ["manifest", "risk_profile"]}),
               (30_000, {"note": "paused", "role": plan.role}),
               (35_000, {"note": "resumed", "role": plan.role})] if notes else []
    here = (8.0, -12.0)
    step_ms = round(1000 / hz)
    t = 0
    for at_ms, request in planned_requests(plan):
        goal = targets.get(getattr(request, "action", "")) or (*here, 0.0)
        start, span = here, max(at_ms - t, 1)
        begin = t
        while t < at_ms and not session.ended:
            f = (t - begin) / span
            x = start[0] + (goal[0] - start[0]) * f
            y = start[1] + (goal[1] - start[1]) * f
            session.advance(t)
            while pending and pending[0][0] <= t:
                session.log.append("note", pending[0][0], pending.pop(0)[1])
            session.pose(t, (x, y, 1.7), (0.0, 1.0, 0.0))
            t += step_ms
        here = (goal[0], goal[1])
        if session.ended:
            break
        session.submit(request, at_ms)
    if not session.ended:
        session.advance(ms(plan.until) if plan.until else program_for(loaded).time_limit_ms)
    session.close("ended" if session.ended else "plan_finished")
    return log_path


def load(scenarios: Path) -> LoadedScenario:
    return load_scenario(scenarios / "container-search" / "scenario.yaml")


CRASH = """
import os, sys
from pathlib import Path
from engine.core.plan import planned_requests
from engine.scenario.loader import load_scenario, load_walkthrough
from engine.session import Session

scenario, plan_file, log, requests = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cut_after_request = sys.argv[5] == "1"
loaded = load_scenario(scenario)
plan = load_walkthrough(plan_file, loaded)
session = Session.begin(loaded, role=plan.role, seed=plan.seed, trainee=plan.trainee,
                        log_path=Path(log), extra={"plan": plan.id})
for n, (t_ms, request) in enumerate(planned_requests(plan)):
    if n == requests:
        if cut_after_request:  # dies between writing a request and what it led to
            session.advance(t_ms)
            session.log.append("request", t_ms, request.to_record())
        break
    session.submit(request, t_ms)
os._exit(9)  # as a crash would: no closing line, no last signature
"""


def crashed_log(scenario: Path, plan_file: Path, log_path: Path, requests: int, *,
                cut_after_request: bool = False) -> Path:
    """A real crashed session: ``requests`` requests of a walkthrough played in another
    process, which then dies without closing its log (with ``cut_after_request``, right after
    writing the next request, before the events it leads to)."""
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", CRASH, str(scenario), str(plan_file), str(log_path), str(requests),
         "1" if cut_after_request else "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 9, result.stdout + result.stderr
    return log_path


def signed_log(path: Path, header: dict[str, object], records: list[dict[str, object]]) -> Path:
    """Write a log of ``records`` (each with its ``k`` and ``t``) signed by this station as a
    closed session is: what only someone holding the station's key could make."""
    from engine.record.format import ZERO_HASH, chain_anchor, encode_line
    from engine.record.station import station_signer

    signer = station_signer()
    header_record = {"i": 0, "k": "header", "format": 1, **header}
    first, header_hash = encode_line(ZERO_HASH, header_record)
    out, previous = [first], chain_anchor(header_record)
    for index, record in enumerate(records, 1):
        line, previous = encode_line(previous, {"i": index, **record})
        out.append(line)
    upto = len(records)
    signature, sig = signer.signature_line(header_hash, upto, previous)
    path.write_bytes(b"".join(out) + signature)
    session = header.get("session")
    signer.record(session=session if isinstance(session, str) else "", log=str(path),
                  header_hash=header_hash, upto=upto, head_hash=previous, sig=sig)
    return path
