"""The shipped guidance list: one list in code, its generated page, and the checks that use it."""

from __future__ import annotations

from pathlib import Path

from engine.cli import main
from engine.scenario.guidance import GUIDANCE, GUIDANCE_DOC, PARTS, guidance_markdown
from tests.unit.test_scenario_checks import edit, only, problems

ROOT = Path(__file__).resolve().parents[2]


def test_the_guidance_page_is_generated_from_the_list() -> None:
    page = (ROOT / GUIDANCE_DOC).read_text(encoding="utf-8")
    assert page == guidance_markdown(), "run: taskforce guidance --out docs/guidance.md"
    for guidance, text in GUIDANCE.items():
        assert f"| {guidance} | {text} |" in page


def test_the_parts_hold_the_twenty_one_lines_in_order() -> None:
    ids = [g for part in PARTS for g in part.lines]
    assert ids == [f"G{p.number}.{n}" for p in PARTS for n in range(1, len(p.lines) + 1)]
    assert len(ids) == 21


def test_taskforce_guidance_prints_the_page(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["guidance"]) == 0
    assert capsys.readouterr().out == guidance_markdown()


def test_scn050_a_scenario_practising_an_unknown_guidance_line(tmp_path: Path) -> None:
    text = edit("levels: [tactical]\n", "levels: [tactical]\nguidance: [G2.1, G21]\n")
    found = only(problems(tmp_path, text), "SCN050", 7, 18)
    assert found.message == f"'G21' is not a guidance line (see {GUIDANCE_DOC})"
    assert found.hint == "did you mean 'G2.1'?"


def test_the_checklist_error_points_at_a_file_the_repository_has() -> None:
    from engine.errors import CODES

    assert GUIDANCE_DOC in CODES["CHK006"] and GUIDANCE_DOC in CODES["SCN050"]
    assert (ROOT / GUIDANCE_DOC).is_file()
