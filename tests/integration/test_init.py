"""``taskforce init DIR``: a scaffold that validates and passes its walkthroughs wherever it is
written, with ``$schema`` lines an editor can follow, and one clear line for a bad folder."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.cli import main
from engine.scaffold import init
from engine.scenario.loader import load_scenario

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def schema_targets(folder: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(folder.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.match(first)
        assert match, f"{path} does not start with a $schema line"
        found[path.relative_to(folder).as_posix()] = (path.parent / match.group(1)).resolve()
    return found


def test_a_scaffold_outside_the_project_validates_and_passes_its_walkthroughs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "courses" / "week-1" / "parcel-drill"
    assert main(["init", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "wrote" in out and "next: taskforce validate" in out
    assert main(["validate", str(folder)]) == 0
    assert "4 files checked: no problems" in capsys.readouterr().out
    assert main(["test", str(folder), "--logs", str(tmp_path / "logs")]) == 0
    assert "2 passed, 0 failed" in capsys.readouterr().out
    targets = schema_targets(folder)
    assert set(targets) == {"scenario.yaml", "checklist.yaml", "walkthroughs/reference.yaml",
                            "walkthroughs/no-partner.yaml"}
    for name, target in targets.items():
        kind = "walkthrough" if name.startswith("walkthroughs/") else name.split(".")[0]
        assert target.name == f"{kind}.schema.json" and target.is_file(), (name, target)
    assert not (folder / "models").exists()  # the shipped models are found from anywhere


def test_the_scaffold_names_the_folder_and_title_given(tmp_path: Path) -> None:
    folder = tmp_path / "Parcel Drill"
    init(folder, "parcel-drill", 'Parcels: "gifts" that are not')
    loaded = load_scenario(folder)
    assert loaded.scenario.id == "parcel-drill"
    assert loaded.scenario.title == 'Parcels: "gifts" that are not'


def test_cli030_a_folder_with_files_in_it(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "drill").mkdir()
    (tmp_path / "drill" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path / "drill")]) == 2
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("error CLI030: ")
    assert (tmp_path / "drill" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in (tmp_path / "drill").iterdir()) == ["notes.txt"]


def test_cli031_a_folder_name_that_cannot_be_an_id(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "Week 1 Drill")]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out == ["error CLI031: the folder name 'Week 1 Drill' cannot be a scenario id "
                   "(lower-case letters, digits, '_' and '-', starting with a letter); "
                   "try --id week-1-drill"]
    assert not (tmp_path / "Week 1 Drill").exists()
    assert main(["init", str(tmp_path / "Week 1 Drill"), "--id", "week-1-drill"]) == 0


def test_cli030_a_file_and_cli032_a_title_too_long(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "drill.yaml").write_text("id: drill", encoding="utf-8")
    assert main(["init", str(tmp_path / "drill.yaml")]) == 2
    assert capsys.readouterr().out.startswith("error CLI030: ")
    assert main(["init", str(tmp_path / "drill"), "--title", "x" * 4001]) == 2
    assert capsys.readouterr().out == ("error CLI032: --title has 4001 characters; a title "
                                       "has at most 4000\n")
    assert not (tmp_path / "drill").exists()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(string.ascii_letters + string.digits + " -_.é", min_size=1, max_size=30),
       title=st.text(min_size=0, max_size=80))
def test_any_name_and_title_give_a_valid_scaffold_or_one_clear_line(
    tmp_path_factory: pytest.TempPathFactory, name: str, title: str,
) -> None:
    if name in (".", "..") or name.strip(".") == "":
        return
    folder = tmp_path_factory.mktemp("init") / name
    try:
        init(folder, None, title or None)
    except ValueError as error:
        assert getattr(error, "code", None) == "CLI031", error
        assert not folder.exists()
        return
    scenario = load_scenario(folder).scenario
    assert scenario.title == (title or scenario.id.replace("-", " ").replace("_", " ")
                              .capitalize())
