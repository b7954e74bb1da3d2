"""The trainee's view of the container-search scenario, from the pure core."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from engine.core.program import Program, hazard_range
from engine.core.runtime import start, step
from engine.core.state import Choose, Perform, Request, State
from engine.core.view import View, view
from engine.scenario.schema import Scenario
from engine.scenario.strings import string_table

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "container-search" / "scenario.yaml"
ME = "customs_officer"


@pytest.fixture(scope="module")
def program() -> Program:
    # parsed without the asset check, so these tests need no 3D models
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    return Program.build(Scenario.model_validate(data))


def play(program: Program, plan: list[tuple[int, Request | None]]) -> State:
    state, _ = start(program, 1)
    for t_ms, request in plan:
        state, _ = step(program, state, request, t_ms)
    return state


def actions(v: View) -> dict[str, set[str]]:
    found = {p: {a.id for a in acts} for p, acts in v.interactables.items() if acts}
    found["(at hand)"] = {a.id for a in v.at_hand}
    return found


def test_start_shows_the_lane_with_its_props_and_no_hidden_ones(program: Program) -> None:
    v = view(program, play(program, []), ME)
    shown = {p.id for p in v.props}
    assert {"container", "ppe_kit", "inspection_robot", "harbour_master_figure"} <= shown
    assert not shown & {"suspect_pallet", "fire_engine", "barrier_west", "brand_owner_rep"}
    container = v.prop("container")
    assert container is not None
    assert container.position == (0.0, -6.0, 0.0) and container.rotation == (-90.0, 0.0, 0.0)
    assert [d.id for d in container.documents] == ["manifest", "bill_of_lading"]
    assert v.t_ms == 0 and v.time_limit_ms == 30 * 60_000 and not v.ended


def test_actions_sit_on_their_target_props_or_at_hand(program: Program) -> None:
    found = actions(view(program, play(program, []), ME))
    assert found["inspection_tablet"] == {"review_documents"}
    assert found["ppe_kit"] == {"don_ppe"}
    assert found["container"] == {"thermal_scan", "open_container"}
    assert {"call_fire_service", "request_brand_expert", "cordon_area"} <= found["(at hand)"]
    assert "police_don_ppe" not in set().union(*found.values())  # another role's action
    assert "examine_cartons" not in set().union(*found.values())  # its 'when' does not hold


def test_done_actions_disappear_unless_repeatable(program: Program) -> None:
    state = play(program, [(1000, Perform("don_ppe", ME)), (2000, Perform("thermal_scan", ME))])
    found = actions(view(program, state, ME))
    assert "ppe_kit" not in found
    assert "thermal_scan" in found["container"]


def test_placements_and_shown_when_follow_the_state(program: Program) -> None:
    state = play(program, [
        (1000, Perform("review_documents", ME)),
        (2000, Choose("search_site", "isolation_bay", ME)),
        (3000, Perform("deploy_robot", ME)),
        (290_000, None),
        (291_000, Perform("open_container", ME)),
    ])
    v = view(program, state, ME)
    container, robot = v.prop("container"), v.prop("inspection_robot")
    pallet = v.prop("suspect_pallet")
    assert container is not None and container.position == (38.0, 26.0, 0.0)
    assert robot is not None and robot.position == (31.0, 26.0, 0.0)
    assert robot.rotation == (-90.0, 0.0, 0.0)
    assert pallet is not None and pallet.position == (34.0, 22.0, 0.0)
    assert "examine_cartons" in actions(v)["suspect_pallet"]


def test_figures_carry_role_and_agency(program: Program) -> None:
    v = view(program, play(program, []), ME)
    figure = v.prop("harbour_master_figure")
    assert figure is not None
    assert (figure.role, figure.agency) == ("harbour_master", "port_authority")
    assert figure.role_name_id == "container-search/role/harbour_master/name"


def test_open_decisions_show_time_left_for_their_roles_only(program: Program) -> None:
    state = play(program, [(1000, Perform("review_documents", ME)), (31_000, None)])
    (decision,) = view(program, state, ME).decisions
    assert decision.id == "search_site" and decision.time_left_ms == 90_000
    assert [o.id for o in decision.options] == ["examine_here", "isolation_bay"]
    assert decision.prompt_id == "container-search/decision/search_site/prompt"
    assert view(program, state, "police_officer").decisions == ()


def test_every_string_id_in_the_view_is_in_the_string_table(program: Program) -> None:
    table = string_table(program.scenario)
    state = play(program, [(1000, Perform("review_documents", ME)), (2000, None)])
    v = view(program, state, ME)
    ids = [v.title_id, *v.objective_ids, v.briefing_id]
    ids += [p.name_id for p in v.props] + [d.title_id for p in v.props for d in p.documents]
    ids += [a.label_id for acts in v.interactables.values() for a in acts]
    ids += [a.label_id for a in v.at_hand] + [h.name_id for h in v.hazards]
    ids += [d.prompt_id for d in v.decisions] + [o.label_id for d in v.decisions for o in d.options]
    ids += [x.label_id for x in v.variables]
    assert [i for i in ids if i not in table] == []


def test_hazard_level_runs_from_the_first_threshold_to_the_failure_bound(program: Program) -> None:
    hazard = program.scenario.hazards[0]
    assert hazard_range(program.scenario, hazard) == (60.0, 150.0)
    cold = view(program, play(program, []), ME).hazards[0]
    assert (cold.prop, cold.value, cold.level) == ("suspect_pallet", 41.0, 0.0)
    hot = play(program, [(1000, Perform("open_container", ME)), (100_000, None)])
    h = view(program, hot, ME).hazards[0]
    assert h.value == pytest.approx(41.0 + 0.02 + 0.5 * 99, abs=0.1)
    assert h.level == pytest.approx((h.value - 60) / 90)


def test_ended_view_offers_nothing_and_names_its_message(program: Program) -> None:
    state = play(program, [(1000, Perform("open_container", ME)), (400_000, None)])
    v = view(program, state, ME)
    assert (v.ending, v.outcome) == ("battery_fire", "failure")
    assert v.ending_message_id == "container-search/ending/battery_fire/message"
    assert v.at_hand == () and not any(v.interactables.values()) and v.decisions == ()
    assert v.hazards[0].level == 1.0


def test_shown_variables_have_labels_and_units(program: Program) -> None:
    v = view(program, play(program, [(1000, Perform("thermal_scan", ME))]), ME)
    temp = next(x for x in v.variables if x.id == "pallet_temp")
    assert (temp.value, temp.unit) == (pytest.approx(41.02), "°C")
    assert {x.id for x in v.variables} == {"fire_on_scene", "container_location", "cordon",
                                           "pallet_temp"}


def test_the_container_is_open_from_opening_until_sealed(program: Program) -> None:
    def is_open(state: State) -> bool:
        container = view(program, state, ME).prop("container")
        return container is not None and container.open

    opened = [(1000, Perform("open_container", ME))]
    assert not is_open(play(program, []))
    assert is_open(play(program, opened))
    assert not is_open(play(program, [*opened, (2000, Perform("seal_container", ME))]))


def test_a_hazard_knows_where_it_is_even_while_its_prop_is_hidden(program: Program) -> None:
    (hazard,) = view(program, play(program, []), ME).hazards
    assert hazard.position == (-4.0, -10.0, 0.0)
