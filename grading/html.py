"""The after-action report / improvement plan (AAR/IP) as one self-contained HTML page.

Inline CSS and SVG, and one small inline script (saving the evaluator's fields); nothing from
the network, so it opens anywhere, prints on A4 (``grading.pdf``) and can be archived. The
sections follow the AAR/IP: overview, objectives and capabilities with their ratings, strengths,
areas for improvement (observation, analysis, recommendation), the improvement plan, evaluator
notes, then the record: decisions with their reasons, the event table, the timeline and the
map. Every sentence about the session is generated from logged events and cites them.
"""

from __future__ import annotations

from html import escape

from grading.aar import decisions, event_rows, labels_of, participants, plan_rows, rule_words
from grading.facts import clock, humane
from grading.grade import RATING_NAMES, ItemResult, Report, rating_rule
from grading.guidance import GUIDANCE
from grading.notes import Notes, blank_notes
from grading.page_style import CSS, SCRIPT
from grading.plots import TRACK_COLOURS, Track, map_svg, marks_of, timeline_svg
from grading.report import ending_of
from grading.rules import STATUS_WORDS
from grading.team import by_role

RATING_COLOURS = {"P": "#1b7f3b", "S": "#7a8f1b", "M": "#c26a00", "U": "#b3261e", "N": "#6b7480"}


def badge(rating: str) -> str:
    return (f'<span class="badge rating-{rating}" style="background:{RATING_COLOURS[rating]}">'
            f"{rating}</span>")


def print_copy(value: str) -> str:
    """What a field holds, as printed text (a printed form field shows neither its whole text
    nor a date); the page's script keeps it in step as the evaluator types."""
    return f'<span class="print-only">{escape(value)}</span>'


def status(result: ItemResult) -> str:
    return f'<span class="status status-{result.status}">{STATUS_WORDS[result.status]}</span>'


def _guidance(result: ItemResult) -> str:
    return "; ".join(f"{g}: {escape(GUIDANCE.get(g, '').rstrip('.'))}"
                     for g in result.item.guidance) + "."


def _who(report: Report, result: ItemResult) -> str:
    item = result.item
    if item.role:
        return escape(labels_of(report).role(item.role))
    return escape(humane(item.agency or ""))


def _ending_words(report: Report) -> str:
    ending = ending_of(report)
    if ending is None:
        return f"no ending: the log stops at {clock(report.facts.end_t)}"
    return f"{humane(ending['ending'])} ({ending['outcome']}) at {ending['time']}"


def render_html(report: Report, notes: Notes | None = None) -> str:
    session = str(report.header.get("session") or "session")
    notes = notes or blank_notes(session)
    title = escape(report.loaded.scenario.title)
    parts = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>After-action report: {title}</title><style>{CSS}</style></head>",
             f'<body><main data-session="{escape(session)}">']
    for line in report.banners:
        kind = ("forced" if line.startswith("FORCED") else
                "regraded" if line.startswith("RE-GRADED") else "unfinished")
        parts.append(f'<p class="banner {kind}" id="{kind}">{escape(line)}</p>')
    passed = ("passed" if report.passed else "not passed" if report.finished else
              "not passed: the session has no ending")
    parts += ['<p class="kicker">After-action report and improvement plan</p>',
              f"<h1>{title}</h1>",
              f'<p class="overall" id="overall">Overall: {badge(report.overall)}'
              f"{RATING_NAMES[report.overall]} · {passed}</p>"]
    for section in (_overview, _capabilities, _strengths, _improvements, _not_observed, _plan,
                    _evaluator, _decisions, _events, _plots, _coverage):
        parts += section(report, notes)
    parts += ["</main>", f"<script>{SCRIPT}</script>", "</body></html>"]
    return "\n".join(parts) + "\n"


def _overview(report: Report, notes: Notes) -> list[str]:
    h = report.header
    scenario = report.loaded.scenario
    checklist = report.checklist
    rows = [
        ("Exercise", f"{escape(scenario.title)}"),
        ("Scenario", f"{escape(scenario.id)} version {escape(scenario.version)} "
                     f'<span class="cite">{escape(str(h.get("scenario_hash")))}</span>'),
        ("Checklist", f"{escape(checklist.title)} version {escape(checklist.version)} "
                      f'<span class="cite">{escape(report.checklist_hash)}</span>'),
        ("Date (UTC)", escape(str(h.get("started") or "not recorded"))),
        ("Duration", f"{clock(report.facts.end_t)} of scenario time; {_ending_words(report)}"),
        ("Trainee", f"{escape(str(h.get('trainee')))}, playing the "
                    f"{escape(labels_of(report).role(str(h.get('role'))))}"),
        ("Participating agencies", "<br>".join(
            f"{escape(p.name)} ({escape(p.agency)}): {escape(p.how)}"
            for p in participants(report))),
        ("Evaluator", f'<input data-note="evaluator" value="{escape(notes.evaluator)}" '
                      f'aria-label="Evaluator">{print_copy(notes.evaluator)}'),
        ("Point of contact", f'<input data-note="point_of_contact" '
                             f'value="{escape(notes.point_of_contact)}" '
                             f'aria-label="Point of contact">{print_copy(notes.point_of_contact)}'),
        ("Session", f'{escape(str(h.get("session")))} · {report.session.lines} log lines · '
                    + ("closed" if report.closed else "never closed")
                    + (f" · seed {h.get('seed')}" if h.get("seed") is not None else "")),
    ]
    objectives = "".join(f"<li>{escape(o.text)}</li>" for o in scenario.objectives)
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return ['<section id="overview"><h2>Exercise overview</h2>',
            f'<table class="facts">{table}</table>', *_roles(report),
            f"<h3>Objectives</h3><ul>{objectives}</ul></section>"]


def _roles(report: Report) -> list[str]:
    """A shared session: how each role did at its own tasks, and who played it."""
    if not report.header.get("shared"):
        return []
    rows = "".join(
        f'<tr data-role="{escape(g.role)}"><td>{escape(g.name)}</td><td>{escape(g.played)}</td>'
        f"<td>{badge(g.rating)}{RATING_NAMES[g.rating]}</td>"
        f'<td class="why">{escape(g.explanation)}</td></tr>'
        for g in by_role(report))
    return ['<h3>Each role</h3><table id="roles"><tr><th>Role</th><th>Played by</th>'
            f"<th>Rating</th><th>Why</th></tr>{rows}</table>"]


def _capabilities(report: Report, notes: Notes) -> list[str]:
    objectives = {o.id: o.text for o in report.loaded.scenario.objectives}
    out = ['<section id="capabilities"><h2>Objectives and capabilities</h2>',
           '<table id="ratings"><tr><th>Capability</th><th>Rating</th><th>Why</th></tr>']
    for c in report.capabilities:
        objective = objectives.get(c.capability.objective or "", "")
        out.append(f'<tr data-capability="{escape(c.capability.id)}" data-rating="{c.rating}">'
                   f"<td><b>{escape(c.capability.name)}</b><div class=\"why\">"
                   f"{escape(objective)}</div></td><td>{badge(c.rating)}"
                   f'{RATING_NAMES[c.rating]}</td><td class="why">{escape(c.explanation)}</td>'
                   "</tr>")
    out.append("</table>")
    out.append(f'<p class="note">Rating rule: {escape(rating_rule(report.checklist.rating))} '
               "What the log shows for each task is under strengths, areas for improvement and "
               "not observed.</p>")
    ctx = report.context
    for c in report.capabilities:
        out.append(f"<h3>{badge(c.rating)}{escape(c.capability.name)}</h3>")
        out.append('<table class="tasks"><tr><th>Task and the rule that recognises it</th>'
                   "<th>Responsible</th><th>Result</th></tr>")
        for r in c.results:
            rule = escape(rule_words(r.item.rule, ctx)) if ctx else ""
            flags = " critical" if r.item.critical else ""
            flags += " essential" if r.item.essential else ""
            out.append(f'<tr data-task="{escape(r.item.id)}" data-status="{r.status}"><td>'
                       f"{escape(r.item.text)}"
                       f'<div class="note">{escape(r.item.level)}{flags} · '
                       f"{', '.join(r.item.guidance)} · rule: {rule}</div></td>"
                       f"<td>{_who(report, r)}</td><td>{status(r)}</td></tr>")
        out.append("</table>")
    return [*out, "</section>"]


def _strengths(report: Report, notes: Notes) -> list[str]:
    out = ['<section id="strengths"><h2>Strengths</h2>']
    for c in report.capabilities:
        met = [r for r in c.results if r.met]
        if met:
            out.append(f"<h3>{escape(c.capability.name)}</h3><ul>")
            out += [f"<li><b>{escape(r.item.text)}</b> {escape(r.reason)}</li>" for r in met]
            out.append("</ul>")
    if len(out) == 1:
        out.append("<p>No task was observed met.</p>")
    return [*out, "</section>"]


def _improvements(report: Report, notes: Notes) -> list[str]:
    rows = plan_rows(report)
    out = ['<section id="improvements"><h2>Areas for improvement</h2>']
    failures = report.critical_failures
    if failures:
        out.append('<p class="crit screen-only">Critical failures</p><ol id="critical" '
                   'class="screen-only">' + "".join(
                       f'<li><a href="#afi-{escape(r.item.id)}">{escape(r.item.text)}</a></li>'
                       for r in failures) + "</ol>")
    if not rows:
        out.append("<p>No task was missed.</p>")
    minor = [row for row in rows if not (row.result.item.critical or row.result.item.essential)]
    for row in rows:
        if row in minor:
            continue
        r = row.result
        tag = "essential" if r.item.essential else "critical"
        out.append(
            f'<div class="afi critical" id="afi-{escape(r.item.id)}" '
            f'data-item="{escape(r.item.id)}"><h3>{escape(r.item.text)} '
            f'<span class="crit">{tag}</span></h3><dl>'
            f"<dt>Observation</dt><dd>{escape(r.reason)}</dd>"
            f"<dt>Analysis</dt><dd>{escape(r.item.feedback.missed)}"
            f'<div class="guide">Guidance {_guidance(r)}</div></dd>'
            f"<dt>Recommendation</dt><dd>{escape(row.recommendation)} "
            f'<span class="note">({escape(row.capability)}; responsible: '
            f"{_who(report, r)})</span></dd></dl></div>")
    if minor:
        out.append('<h3>Other areas for improvement</h3><table class="minor"><tr><th>Task</th>'
                   "<th>Observation</th><th>Analysis</th><th>Recommendation</th></tr>")
        for row in minor:
            r = row.result
            out.append(f'<tr class="afi-row" id="afi-{escape(r.item.id)}" '
                       f'data-item="{escape(r.item.id)}"><td><b>{escape(r.item.text)}</b>'
                       f'<div class="note">{_who(report, r)}</div></td>'
                       f"<td>{escape(r.reason)}</td><td>{escape(r.item.feedback.missed)}"
                       f'<div class="guide">Guidance {_guidance(r)}</div></td>'
                       f"<td>{escape(row.recommendation)}</td></tr>")
        out.append("</table>")
    return [*out, "</section>"]


def _not_observed(report: Report, notes: Notes) -> list[str]:
    unseen = report.not_observed
    if not unseen:
        return []
    items = "".join(f'<li data-item="{escape(r.item.id)}"><b>{escape(r.item.text)}</b> '
                    f"{escape(r.reason)}</li>" for r in unseen)
    return ['<section id="not-observed"><h2>Not observed</h2><p class="note">Neither met nor '
            "missed: the log cannot show them, so they are not credited and not held against "
            f"the trainee.</p><ul>{items}</ul></section>"]


def _plan(report: Report, notes: Notes) -> list[str]:
    rows = plan_rows(report)
    out = ['<section id="plan"><h2>Improvement plan</h2>']
    if not rows:
        return [*out, "<p>No corrective action: no task was missed.</p></section>"]
    out.append('<table id="plan-matrix"><tr><th>Corrective action</th><th>Capability</th>'
               "<th>Responsible agency</th><th>Owner</th><th>Start</th><th>Completion</th></tr>")
    for row in rows:
        task = escape(row.result.item.id)
        entry = notes.entry(row.result.item.id)
        action = entry.action or row.corrective_action

        def field(name: str, value: str, kind: str = "text", task: str = task) -> str:
            return (f'<input type="{kind}" data-plan="{task}" data-field="{name}" '
                    f'value="{escape(value)}" aria-label="{name} for {task}">'
                    + print_copy(value))

        out.append(f'<tr data-item="{task}"><td><textarea data-plan="{task}" data-field="action" '
                   f'aria-label="corrective action for {task}">{escape(action)}</textarea>'
                   f"{print_copy(action)}</td>"
                   f"<td>{escape(row.capability)}</td><td>{escape(row.agency)}</td>"
                   f"<td>{field('owner', entry.owner)}</td>"
                   f"<td>{field('start', entry.start, 'date')}</td>"
                   f"<td>{field('completion', entry.completion, 'date')}</td></tr>")
    return [*out, "</table></section>"]


def _evaluator(report: Report, notes: Notes) -> list[str]:
    return ['<section id="evaluator"><h2>Evaluator notes</h2>',
            f'<textarea data-note="notes" aria-label="Evaluator notes" rows="5">'
            f"{escape(notes.notes)}</textarea>{print_copy(notes.notes)}",
            '<p class="screen-only"><button type="button" id="save-notes">Save notes</button> '
            '<span id="saved" class="note">Saves the evaluator, point of contact, notes and the '
            "improvement plan's owners and dates as a notes file.</span></p>",
            '<div class="sign"><div>Evaluator signature</div><div>Date</div></div></section>']


def _decisions(report: Report, notes: Notes) -> list[str]:
    taken = decisions(report)
    out = ['<section id="decisions"><h2>Decisions</h2>']
    if not taken:
        return [*out, "<p>No decision was taken.</p></section>"]
    out.append("<table><tr><th>Time</th><th>Decision</th><th>Option</th><th>Took</th>"
               "<th>By</th><th>Reason given</th></tr>")
    for d in taken:
        took = "" if d.took_ms is None else clock(d.took_ms)
        option = ("timed out: " if d.timed_out else "") + d.option
        reason = escape(d.rationale) if d.rationale else '<span class="note">none given</span>'
        out.append(f'<tr data-decision="{escape(d.decision)}"><td>{clock(d.answered)} '
                   f'<span class="cite">line {d.answered_line}</span></td>'
                   f"<td>{escape(d.prompt)}</td><td>{escape(option)}</td><td>{took}</td>"
                   f"<td>{escape(d.by)}</td><td>{reason}</td></tr>")
    return [*out, "</table></section>"]


def _events(report: Report, notes: Notes) -> list[str]:
    rows = event_rows(report)
    out = ['<section id="events"><h2>Event table</h2>',
           '<table class="events"><tr><th>Time</th><th>Line</th><th>Kind</th><th>Who</th>'
           "<th>What</th></tr>"]
    out += [f'<tr data-kind="{escape(r.kind)}"><td>{clock(r.t)}</td><td>{r.i}</td>'
            f"<td>{escape(r.kind)}</td><td>{escape(r.who)}</td><td>{escape(r.what)}</td></tr>"
            for r in rows]
    return [*out, "</table></section>"]


def _plots(report: Report, notes: Notes) -> list[str]:
    labels = labels_of(report)
    ctx = report.context
    ending = ending_of(report)
    mark = (f"ending: {humane(ending['ending'])} ({ending['outcome']}) {ending['time']}"
            if ending else f"log stops {clock(report.facts.end_t)} (no ending)")
    timeline = timeline_svg(report.facts, labels, report.loaded.scenario,
                            marks_of(report.facts.records, labels), mark)
    out = ['<section class="plots" id="plots"><h2>Timeline</h2>', timeline,
           '<p class="legend note"><span>▲ inject (number above)</span><span>◆ decision</span>'
           "<span>● action (red: refused)</span><span>● read or pause</span>"
           "<span>- - threshold</span><span>| end of the log</span></p>"]
    if ctx is not None:
        trainee = str(report.header.get("trainee") or "trainee")
        svg, note = map_svg(ctx.program, report.facts,
                            [Track(trainee, report.session.poses, TRACK_COLOURS[0])])
        out += ["<h2>Path</h2>", svg, f'<p class="note">{note}</p>']
    return [*out, "</section>"]


def _coverage(report: Report, notes: Notes) -> list[str]:
    practised = report.uncovered_guidance(practised_only=True)
    cited = sorted({g for r in report.results for g in r.item.guidance})
    text = f"Guidance this evaluation rests on: {', '.join(cited)}."
    if practised:
        text += f" Guidance the scenario practises that no task covers: {', '.join(practised)}."
    return ['<section id="coverage"><h2>Guidance coverage</h2>',
            f'<p class="note">{escape(text)}</p></section>']
