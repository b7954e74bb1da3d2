"""``taskforce validate`` on a walkthrough's expected ratings: the capabilities and items it
names must be in the checklist beside the scenario (``taskforce test`` then checks the values)."""

from __future__ import annotations

from engine.errors import Diagnostic, TaskforceError, did_you_mean
from engine.scenario.files import contained_file
from engine.scenario.loader import LoadedScenario
from engine.scenario.walkthrough import Walkthrough
from engine.scenario.yamlsource import Source
from grading.checklist import CHECKLIST_FILE, load_checklist


def expectation_diagnostics(plan: Walkthrough, source: Source, loaded: LoadedScenario) -> (
    list[Diagnostic]
):
    expect = plan.expect
    if not expect.ratings and not expect.missed:
        return []
    path = contained_file(loaded.folder / CHECKLIST_FILE, [loaded.folder])
    if path is None:
        where = ("expect", "ratings") if expect.ratings else ("expect", "missed")
        return [source.diagnostic(where, "WLK006", f"the walkthrough expects ratings, but there "
                                  f"is no {CHECKLIST_FILE} beside the scenario")]
    try:
        checklist = load_checklist(path, loaded)
    except TaskforceError:
        return []  # the checklist's own problems are reported on it
    capabilities = [c.id for c in checklist.capabilities]
    items = [item.id for _, _, item in checklist.items()]
    found = []
    for capability in expect.ratings:
        if capability not in capabilities:
            found.append(source.diagnostic(
                ("expect", "ratings", capability), "WLK006",
                f"the checklist has no capability '{capability}'",
                did_you_mean(capability, capabilities), key=True))
    for n, item in enumerate(expect.missed):
        if item not in items:
            found.append(source.diagnostic(("expect", "missed", n), "WLK006",
                                           f"the checklist has no item '{item}'",
                                           did_you_mean(item, items)))
    return found
