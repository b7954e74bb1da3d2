"""A team's log graded per role: each role's own tasks, rated by the checklist's rule.

The team's rating is the overall one; this says how each role did at the tasks that are its
own (a task names its role, or its agency when one playable role belongs to it). A task
that is the whole team's (an agency with several roles, or none) stays with the team. Who
did each task, for whom and at whose request is in each task's evidence already.
"""

from __future__ import annotations

from dataclasses import dataclass

from grading.aar import participants
from grading.grade import ItemResult, Report, rate

TEAM = "team"


@dataclass(frozen=True)
class RoleGrade:
    role: str  # a role id, or TEAM
    name: str
    played: str  # who played it, as the debrief says
    rating: str
    explanation: str
    met: int
    missed: int
    not_observed: int


def owner(result: ItemResult, roles_of_agency: dict[str, list[str]]) -> str:
    item = result.item
    if item.role:
        return item.role
    owners = roles_of_agency.get(item.agency or "", [])
    return owners[0] if len(owners) == 1 else TEAM


def by_role(report: Report) -> list[RoleGrade]:
    """One row per playable role (in the scenario's order), then the team's shared tasks."""
    scenario = report.loaded.scenario
    playable = [r for r in scenario.roles if r.playable]
    roles_of_agency: dict[str, list[str]] = {}
    for role in playable:
        roles_of_agency.setdefault(role.agency, []).append(role.id)
    mine: dict[str, list[ItemResult]] = {}
    for result in report.results:
        mine.setdefault(owner(result, roles_of_agency), []).append(result)
    how = {p.role: p.how for p in participants(report)}
    rows = [(r.id, r.name, how.get(r.id, "")) for r in playable]
    rows.append((TEAM, "The team together", "everyone"))
    grades = []
    for role_id, name, played in rows:
        results = mine.get(role_id, [])
        if not results:
            continue
        rating, _, explanation = rate(results, report.checklist.rating,
                                      finished=report.finished)
        grades.append(RoleGrade(role_id, name, played, rating, explanation,
                                sum(r.met for r in results), sum(r.missed for r in results),
                                sum(not r.observed for r in results)))
    return grades
