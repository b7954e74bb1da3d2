"""`taskforce play --role R`: one trainee plays R and the engine plays every other role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "container-search"


def test_a_two_role_walkthrough_played_solo_leaves_the_police_to_the_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "solo.jsonl"
    code = main(["play", str(SCENARIO), "--plan", str(SCENARIO / "walkthroughs" / "reference.yaml"),
                 "--role", "customs_officer", "--log", str(log)])
    out = capsys.readouterr().out
    assert "note: 4 steps of other roles were left to the engine" in out
    assert "the engine plays brand_expert, fire_officer, harbour_master, police_officer" in out
    assert "police_officer (engine): Put on protective equipment" in out
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert records[0]["people"] == ["customs_officer"]
    assert not [r for r in records if r["k"] == "request" and r["role"] == "police_officer"]
    # nobody asked the police for the cordon or the evidence, so neither happens
    assert not [r for r in records if r["k"] == "performed" and r["action"] == "record_evidence"]
    assert code == 0, out


def test_the_solo_walkthroughs_print_who_asked_and_who_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = SCENARIO / "walkthroughs" / "solo-customs.yaml"
    log = str(tmp_path / "a.jsonl")
    assert main(["play", str(SCENARIO), "--plan", str(plan), "--log", log]) == 0
    out = capsys.readouterr().out
    assert ("police_officer to customs_officer (radio, cordon_area): On our way. We will tape "
            "off the lane and move the queue back.") in out
    assert "police_officer (engine), asked by customs_officer: Record the evidence" in out
    assert "result: goods_secured (success) at 09:20" in out
    assert main(["replay", "--check", log]) == 0
