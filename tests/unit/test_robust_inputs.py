"""Bad scenarios, checklists and walkthroughs end in located lines, never an internal error:
one regression test for each cause found (by hand or by the mutation fuzzer)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.errors import did_you_mean
from tests.grading_support import scratch_project

ROOT = Path(__file__).resolve().parents[2]
LOCATED = re.compile(r"^\S.*:\d+:\d+: error [A-Z]+\d{3}: ")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped scenarios (and their models) to break."""
    return scratch_project(tmp_path) / "container-search"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(list(args))
    out = capsys.readouterr().out.splitlines()
    return code, out


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if " error " in line]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unclosed_brace_is_a_located_syntax_error(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scenario.yaml").write_text("a: {b: c")
    code, out = run(capsys, "validate", str(tmp_path / "scenario.yaml"))
    assert code == 1
    assert errors(out) == [f"{tmp_path / 'scenario.yaml'}:2:1: error YML005: expected ',' or "
                           "'}' in the mapping from line 1"]


@pytest.mark.parametrize("written", ["[don_ppe]", "{a: b}"])
def test_an_id_that_is_a_list_or_mapping_is_reported(project: Path, written: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    replace(project / "scenario.yaml", "  - id: don_ppe\n", f"  - id: {written}\n")
    code, out = run(capsys, "validate", str(project))
    assert code == 1 and errors(out) and all(LOCATED.match(line) for line in errors(out))
    assert any("SCN003" in line for line in out)


def test_a_checklist_rule_without_a_value_is_chk003(project: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    replace(project / "checklist.yaml",
            "rule: {event: {performed: don_ppe}, before: {performed: open_container}}",
            "rule: {performed: ~}")
    code, out = run(capsys, "validate", str(project))
    assert code == 1 and len(errors(out)) == 1
    assert "error CHK003: 'performed' needs a value" in out[0]


def test_a_comparison_without_a_value_is_chk003(project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    text = (project / "checklist.yaml").read_text(encoding="utf-8")
    match = re.search(r"\{(lt|le|gt|ge|eq|ne): [^}]+\}", text)
    assert match is not None
    (project / "checklist.yaml").write_text(text.replace(match.group(), "{lt: ~}", 1))
    code, out = run(capsys, "validate", str(project))
    assert code == 1 and "error CHK003: 'lt' needs a value" in "\n".join(out)


def test_an_asset_name_longer_than_a_file_name_is_scn040(project: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> (
    None
):
    long_name = f"asset: models/{'p' * 300}.glb"
    replace(project / "scenario.yaml", "asset: models/ppe_kit.glb", long_name)
    code, out = run(capsys, "validate", str(project))
    assert code == 1 and any("error SCN040:" in line and "255 bytes" in line for line in out)


def test_control_characters_in_values_are_escaped_in_one_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(project / "scenario.yaml", "  - id: don_ppe\n", '  - id: "a\\nb\\u001b[31m"\n')
    code, out = run(capsys, "validate", str(project))
    assert code == 1
    shown = [line for line in out if "a\\nb" in line]
    assert shown and all("\x1b" not in line for line in out)
    assert all(LOCATED.match(line) or line.startswith("    hint:") or "checked" in line
               for line in out)
    assert "\\u001b[31m" in shown[0]


def test_a_time_written_with_a_decimal_point_is_not_read_as_seconds(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = project / "walkthroughs" / "reference.yaml"
    replace(plan, '{at: "0:40", do: don_ppe}', '{at: "2.30", do: don_ppe}')
    code, out = run(capsys, "validate", str(project))
    assert code == 1
    assert any("error WLK003:" in line and "'2.30'" in line and "2:30" in line for line in out)


def test_did_you_mean_prefers_the_name_that_begins_with_what_was_written() -> None:
    actions = ["call_police", "call_fire_service", "don_ppe"]
    assert did_you_mean("call_fire", actions) == "did you mean 'call_fire_service'?"
    assert did_you_mean("don_pe", actions) == "did you mean 'don_ppe'?"
    assert did_you_mean(None, actions) is None


def test_validate_checks_the_ratings_a_walkthrough_expects(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = project / "walkthroughs" / "reference.yaml"
    replace(plan, "ratings: {safe-examination: P,", "ratings: {safe-examinaton: P,")
    replace(plan, "  missed: []", "  missed: [no-such-item]")
    code, out = run(capsys, "validate", str(project))
    assert code == 1
    found = [line for line in out if "WLK006" in line]
    assert len(found) == 2 and "safe-examinaton" in found[0] and "no-such-item" in found[1]
    assert "did you mean 'safe-examination'?" in "\n".join(out)


def test_validate_finds_a_required_reason_left_out(project: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    plan = project / "walkthroughs" / "reference.yaml"
    text = plan.read_text(encoding="utf-8")
    text = re.sub(r"    rationale: Counterfeit[^\n]*\n", "", text, count=1)
    plan.write_text(text, encoding="utf-8")
    code, out = run(capsys, "validate", str(project))
    assert code == 1
    assert any("error WLK002: missing required key 'rationale'" in line for line in out), out


def test_an_existing_log_is_cli004(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "kept.jsonl"
    log.write_text("an earlier session\n")
    scenario = ROOT / "scenarios" / "container-search"
    code, out = run(capsys, "play", str(scenario), "--plan",
                    str(scenario / "walkthroughs" / "reference.yaml"), "--log", str(log))
    assert code == 2 and out == [f"error CLI004: {log} already exists; choose another --log path"]
    assert log.read_text() == "an earlier session\n"


def test_a_checklist_checker_that_cannot_load_is_not_silently_skipped(project: Path) -> None:
    code = ("import sys; sys.modules['grading.checklist'] = None\n"
            f"from engine.cli import main\nraise SystemExit(main(['validate', {str(project)!r}]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, check=False)
    assert result.returncode not in (0, 1)
    assert "grading.checklist" in result.stderr and "checked" not in result.stdout


# --- containment -------------------------------------------------------------------------------


def test_an_asset_linking_out_of_the_assets_is_scn012(project: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "outside.glb"
    secret.write_bytes(b"glTF elsewhere")
    model = project.parents[1] / "assets" / "models" / "ppe_kit.glb"
    model.unlink()
    model.symlink_to(secret)
    code, out = run(capsys, "validate", str(project))
    assert code == 1
    assert any("error SCN012: asset 'models/ppe_kit.glb' is a link" in line for line in out)


@pytest.mark.parametrize("name", ["walkthroughs/outside.yaml", "checklist.yaml"])
def test_files_linking_out_of_a_scenario_folder_are_not_read_scn041(
    project: Path, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n")
    link = project / name
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    code, out = run(capsys, "validate", str(project))
    assert code == 1 and any("error SCN041:" in line for line in out)
    assert "hunter2" not in "\n".join(out) and "password" not in "\n".join(out)


def test_a_scenario_linking_out_of_the_folder_named_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(ROOT / "scenarios" / "container-search", outside)
    named = tmp_path / "named" / "linked"
    named.mkdir(parents=True)
    (named / "scenario.yaml").symlink_to(outside / "scenario.yaml")
    code, out = run(capsys, "validate", str(tmp_path / "named"))
    assert code == 1 and any("error SCN041:" in line for line in out)
