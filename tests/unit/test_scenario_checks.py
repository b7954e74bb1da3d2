"""Every scenario and walkthrough error code, located to the line and column a trainer sees."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from engine.errors import Diagnostic
from engine.scenario.loader import validate_paths

ROOT = Path(__file__).resolve().parents[2]

BASE = """\
id: drill
version: "1"
title: Drill
summary: A small scenario for checks.
objectives: [{id: safe, text: Stay safe}]
levels: [tactical]
duration_minutes: 10
time_limit: 600
roles:
  - {id: officer, name: Officer, agency: customs, playable: true}
  - {id: chief, name: Chief, agency: fire_service}
props:
  - {id: crate, name: Crate, asset: models/box.glb}
variables:
  - {id: ppe, type: bool, initial: false}
  - {id: heat, type: float, initial: 20.0}
  - {id: site, type: enum, values: [lane, bay], initial: lane}
actions:
  - id: don
    verb: don_ppe
    label: Put on PPE
    roles: [officer]
    target: crate
    effects: {set: {ppe: true}}
decisions:
  - id: where
    prompt: Where?
    roles: [officer]
    when: ppe
    options:
      - {id: here, label: Here}
      - {id: bay, label: Bay, effects: {set: {site: bay}}}
injects:
  - id: hello
    number: 1
    trigger: {at: 10}
    delivery: radio
    originator: chief
    recipient: officer
    content: Hello
hazards:
  - id: warm
    name: Warming
    variable: heat
    rates: [{when: "not ppe", rate: 0.1}]
endings:
  - {id: done, outcome: success, trigger: {when: ppe}, message: Done}
"""


def problems(tmp_path: Path, text: str, plan: str | None = None) -> list[Diagnostic]:
    (tmp_path / "assets" / "models").mkdir(parents=True, exist_ok=True)
    box = tmp_path / "assets" / "models" / "box.glb"
    if not box.exists():
        box.write_bytes((ROOT / "assets" / "models" / "carton_generic.glb").read_bytes())
    folder = tmp_path / "drill"
    folder.mkdir(exist_ok=True)
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    if plan is not None:
        (folder / "walkthroughs").mkdir(exist_ok=True)
        (folder / "walkthroughs" / "p.yaml").write_text(textwrap.dedent(plan), encoding="utf-8")
    return validate_paths([folder]).diagnostics


def edit(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def only(found: list[Diagnostic], code: str, line: int, col: int) -> Diagnostic:
    located = [(d.code, d.line, d.col) for d in found]
    assert located == [(code, line, col)], [d.format() for d in found]
    return found[0]


def test_base_scenario_is_clean(tmp_path: Path) -> None:
    assert problems(tmp_path, BASE) == []


def test_scn001_unknown_key_with_suggestion(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("    prompt: Where?", "    promt: Where?")), "SCN001", 27, 5)
    assert d.hint == "did you mean 'prompt'?"
    assert d.format().endswith("hint: did you mean 'prompt'?")
    assert "drill/scenario.yaml:27:5: error SCN001: unknown key 'promt'" in d.format()


def test_scn002_missing_key(tmp_path: Path) -> None:
    only(problems(tmp_path, edit("title: Drill\n", "")), "SCN002", 1, 1)


def test_scn003_wrong_type(tmp_path: Path) -> None:
    d = only(
        problems(tmp_path, edit("duration_minutes: 10", "duration_minutes: ten")), "SCN003", 7, 19
    )
    assert "'ten'" in d.message


def test_scn003_mm_ss_times_are_checked(tmp_path: Path) -> None:
    only(problems(tmp_path, edit("time_limit: 600", "time_limit: '9:75'")), "SCN003", 8, 13)
    assert problems(tmp_path, edit("time_limit: 600", "time_limit: '10:00'")) == []


def test_scn004_duplicate_id(tmp_path: Path) -> None:
    text = edit("  - {id: chief, name: Chief,", "  - {id: officer, name: Chief,")
    found = [d for d in problems(tmp_path, text) if d.code == "SCN004"]
    assert [(d.line, d.col) for d in found] == [(11, 10)]
    assert "already used on line 10" in found[0].message


def test_scn004_duplicate_msel_number(tmp_path: Path) -> None:
    text = edit(
        "    content: Hello\n",
        "    content: Hello\n  - {id: bye, number: 1, trigger: {at: 20}, "
        "delivery: radio, originator: chief, recipient: officer, content: Bye}\n",
    )
    d = only(problems(tmp_path, text), "SCN004", 41, 23)
    assert "MSEL number 1" in d.message


def test_scn005_unknown_reference_with_suggestion(tmp_path: Path) -> None:
    d = only(
        problems(tmp_path, edit("    originator: chief", "    originator: chef")), "SCN005", 38, 17
    )
    assert d.hint == "did you mean 'chief'?"


def test_scn006_condition_syntax(tmp_path: Path) -> None:
    d = only(
        problems(tmp_path, edit("    when: ppe\n", "    when: ppe and (heat > 3\n")),
        "SCN006",
        29,
        11,
    )
    assert "expected ')'" in d.message and d.hint is not None and "^" in d.hint


def test_scn007_condition_types(tmp_path: Path) -> None:
    only(problems(tmp_path, edit("    when: ppe\n", "    when: heat and ppe\n")), "SCN007", 29, 11)


def test_scn007_effect_value_type(tmp_path: Path) -> None:
    d = only(
        problems(tmp_path, edit("effects: {set: {ppe: true}}", "effects: {set: {ppe: 3}}")),
        "SCN007",
        24,
        26,
    )
    assert "true/false" in d.message


def test_scn008_undeclared_name(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("    when: ppe\n", "    when: pppe\n")), "SCN008", 29, 11)
    assert "did you mean 'ppe'" in d.message


def test_scn009_decision_never_opened(tmp_path: Path) -> None:
    only(problems(tmp_path, edit("    when: ppe\n", "")), "SCN009", 26, 5)


def test_scn009_decision_whose_condition_never_holds(tmp_path: Path) -> None:
    text = edit("    when: ppe\n", "    when: site == bay\n")
    text = text.replace("effects: {set: {site: bay}}", "effects: {set: {ppe: true}}")
    only(problems(tmp_path, text), "SCN009", 29, 11)


def test_scn010_inject_after_time_limit(tmp_path: Path) -> None:
    only(problems(tmp_path, edit("trigger: {at: 10}", "trigger: {at: 900}")), "SCN010", 34, 5)


def test_scn010_inject_with_no_trigger(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("    trigger: {at: 10}\n", "")), "SCN010", 34, 5)
    assert d.hint is not None and "trigger" in d.hint


def test_scn011_missing_asset(tmp_path: Path) -> None:
    d = only(problems(tmp_path, edit("models/box.glb", "models/bx.glb")), "SCN011", 13, 37)
    assert "models/bx.glb" in d.message


def test_scn012_asset_outside_roots(tmp_path: Path) -> None:
    only(problems(tmp_path, edit("models/box.glb", "../../etc/passwd")), "SCN012", 13, 37)
    only(problems(tmp_path, edit("models/box.glb", "/etc/passwd")), "SCN012", 13, 37)


def test_scn013_initial_value(tmp_path: Path) -> None:
    d = only(
        problems(
            tmp_path,
            edit("values: [lane, bay], initial: lane", "values: [lane, bay], initial: quay"),
        ),
        "SCN013",
        17,
        58,
    )
    assert "lane, bay" in d.message


def test_scn014_ending_never_reached(tmp_path: Path) -> None:
    text = edit(
        "trigger: {when: ppe}, message: Done}",
        "trigger: {when: ppe}, message: Done}\n  - {id: late, outcome: failure, "
        "trigger: {at: 9000}, message: Late}",
    )
    only(problems(tmp_path, text), "SCN014", 48, 48)


def test_scn015_action_only_simulated_roles_can_take(tmp_path: Path) -> None:
    found = problems(
        tmp_path, edit("    roles: [officer]\n    target", "    roles: [chief]\n    target")
    )
    assert ("SCN015", 22, 12) in [(d.code, d.line, d.col) for d in found]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = edit("    originator: chief", "    originator: chef")
    text = text.replace("models/box.glb", "models/bx.glb").replace(
        "    when: ppe\n", "    when: pppe\n"
    )
    assert sorted(d.code for d in problems(tmp_path, text)) == ["SCN005", "SCN008", "SCN011"]


PLAN = """\
id: p
title: Plan
role: officer
steps:
  - {at: 5, do: don}
  - {at: 8, choose: where, option: bay}
expect:
  outcome: success
  fired: [hello]
"""


def test_clean_walkthrough(tmp_path: Path) -> None:
    assert problems(tmp_path, BASE, PLAN) == []


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "col"),
    [
        ("title: Plan", "titel: Plan", "WLK001", 2, 1),
        ("role: officer\n", "", "WLK002", 1, 1),
        ("{at: 5, do: don}", "{at: soon, do: don}", "WLK003", 5, 10),
        ("{at: 5, do: don}", "{at: 5, do: dont}", "WLK004", 5, 17),
        ("option: bay}", "option: bya}", "WLK004", 6, 36),
        ("{at: 8, choose", "{at: 2, choose", "WLK005", 6, 10),
        ("fired: [hello]", "fired: [helo]", "WLK006", 9, 11),
        ("role: officer\n", "role: chief\n", "WLK007", 3, 7),
        ("role: officer\n", "role: officer\nuntil: 6\n", "WLK020", 7, 10),
        ("option: bay}", "option: bay, rationale: Away from the gate}", "WLK021", 6, 52),
    ],
)
def test_walkthrough_codes(
    tmp_path: Path, old: str, new: str, code: str, line: int, col: int
) -> None:
    assert old in PLAN
    found = [d for d in problems(tmp_path, BASE, PLAN.replace(old, new, 1)) if d.code == code]
    assert [(d.line, d.col) for d in found] == [(line, col)], found


def test_every_code_is_documented_and_tested() -> None:
    from engine.errors import CODES

    root = Path(__file__).resolve().parents[2]
    documented = (root / "docs" / "errors.md").read_text(encoding="utf-8")
    tests = "".join(p.read_text(encoding="utf-8") for p in (root / "tests").rglob("test_*.py"))
    assert [c for c in CODES if f"| {c} |" not in documented] == []
    # Only a misbehaving OpenXR runtime produces these; no runtime here can be made to.
    runtime_only = {"XR002", "XR004", "XR007"}
    untested = [c for c in CODES if not re.search(rf"\b{c}\b", tests)]
    assert sorted(set(untested) - runtime_only) == []


@pytest.mark.parametrize("kind", ["scenario", "walkthrough"])
def test_committed_json_schemas_are_current(kind: str) -> None:
    import json

    from engine.schemas import json_schema

    root = Path(__file__).resolve().parents[2]
    committed = json.loads((root / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(kind), f"run: taskforce schema {kind} --out schema/..."


def test_shipped_files_point_editors_at_the_schema() -> None:
    root = Path(__file__).resolve().parents[2]
    for path in root.glob("scenarios/*/scenario.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/scenario.schema.json"
    for path in root.glob("scenarios/*/walkthroughs/*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../../schema/walkthrough.schema.json"


def test_schema_errors_do_not_hide_semantic_ones(tmp_path: Path) -> None:
    text = edit("    verb: don_ppe\n", "    verb: wear\n")
    text = text.replace("    originator: chief", "    originator: chef")
    text = text.replace(
        "decisions:\n",
        "  - {id: look, verb: inspect, label: Look, roles: [officer], target: crat}\ndecisions:\n",
    )
    found = [(d.code, d.line, d.col) for d in problems(tmp_path, text)]
    # the rejected action is set aside; the one after it keeps its own line numbers
    assert found == [("SCN003", 20, 11), ("SCN005", 25, 70), ("SCN005", 39, 17)]


def test_references_to_a_rejected_item_are_not_reported_twice(tmp_path: Path) -> None:
    text = edit("    verb: don_ppe\n", "    verb: wear\n")
    text = text.replace("  - {id: done, outcome: success, trigger: {when: ppe}",
                        "  - {id: done, outcome: success, trigger: {when: done(don)}")
    assert [d.code for d in problems(tmp_path, text)] == ["SCN003"]
