"""The HTML debrief: a self-contained after-action report / improvement plan (AAR/IP) page.

One file, no scripts, no fonts or images from the network: inline CSS and SVG only, so it
opens anywhere and prints. Trainee-facing words come from the checklist and the scenario;
only headings are fixed.
"""

from __future__ import annotations

from html import escape
from typing import Any

from grading.facts import clock
from grading.grade import RATING_NAMES, ItemResult, Report, rating_rule
from grading.guidance import GUIDANCE
from grading.report import ending_of

_COLOURS = {"P": "#1b7f3b", "S": "#7a8f1b", "M": "#c26a00", "U": "#b3261e", "N": "#6b7480"}
_CSS = """
body{font:15px/1.45 "DejaVu Sans",Arial,sans-serif;color:#1d232b;margin:0;background:#f3f5f7}
main{max-width:1040px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:2px solid
#dde3ea;padding-bottom:4px}h3{font-size:16px;margin:16px 0 6px}
.meta{color:#4b5663;margin:0 0 12px}.banner{background:#b3261e;color:#fff;padding:10px 14px;
font-weight:bold;margin:0 0 14px}
.badge{display:inline-block;min-width:26px;text-align:center;color:#fff;font-weight:bold;
border-radius:4px;padding:2px 7px;margin-right:6px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{text-align:left;vertical-align:top;
padding:6px 8px;border-bottom:1px solid #e3e8ee}th{background:#f0f3f6;font-size:13px}
.why{color:#4b5663;font-size:13px}.crit{color:#b3261e;font-weight:bold}
li{margin:4px 0}.guide{color:#4b5663;font-size:13px;margin-top:2px}
.overall{font-size:18px;margin:8px 0 0}.note{color:#4b5663;font-size:13px}
svg#map{max-height:560px;display:block;margin:0 auto}
svg text{font-family:"DejaVu Sans",Arial,sans-serif}
"""


def _badge(rating: str) -> str:
    colour = _COLOURS[rating]
    return f'<span class="badge rating-{rating}" style="background:{colour}">{rating}</span>'


def _guidance(result: ItemResult) -> str:
    quotes = " ".join(f"{g}: {escape(GUIDANCE.get(g, ''))}" for g in result.item.guidance)
    return f'<div class="guide">Guidance {quotes}</div>'


def _who(result: ItemResult) -> str:
    return escape(result.item.role or result.item.agency or "")


def render_html(report: Report) -> str:
    scenario = report.loaded.scenario
    h = report.header
    ending = ending_of(report)
    end = (f"{escape(ending['ending'])} ({escape(str(ending['outcome']))}) at {ending['time']}"
           if ending else "no ending reached")
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Debrief: {escape(scenario.title)}</title><style>{_CSS}</style></head>",
             "<body><main>"]
    if report.banner:
        kind = "forced" if report.forced else "unfinished"
        parts.append(f'<p class="banner" id="{kind}">{escape(report.banner)}</p>')
    parts += [
        f"<h1>{escape(scenario.title)}</h1>",
        f'<p class="meta">After-action report for <b>{escape(str(h.get("trainee")))}</b> as '
        f'{escape(str(h.get("role")))} · session {escape(str(h.get("session")))} · '
        f'{escape(str(h.get("started")))} · {end}<br>Evaluated with '
        f'{escape(report.checklist.title)} (version {escape(report.checklist.version)})</p>',
        f'<p class="overall" id="overall">Overall: {_badge(report.overall)}'
        f'{RATING_NAMES[report.overall]} · {"passed" if report.passed else "not passed"}</p>',
    ]
    parts += _overview(report)
    parts += _critical(report)
    parts += _strengths(report)
    parts += _improvements(report)
    parts += ["<h2>Timeline</h2>", _timeline(report)]
    parts += ["<h2>Path</h2>", _map(report)]
    parts += _coverage(report)
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _overview(report: Report) -> list[str]:
    objectives = {o.id: o.text for o in report.loaded.scenario.objectives}
    rows = ["<h2>Overview: ratings per capability</h2>",
            '<table id="ratings"><tr><th>Capability</th><th>Rating</th><th>Why</th></tr>']
    for c in report.capabilities:
        objective = objectives.get(c.capability.objective or "", "")
        rows.append(
            f'<tr data-capability="{escape(c.capability.id)}" data-rating="{c.rating}">'
            f"<td><b>{escape(c.capability.name)}</b><div class=\"why\">{escape(objective)}</div>"
            f"</td><td>{_badge(c.rating)}{RATING_NAMES[c.rating]}</td>"
            f'<td class="why">{escape(c.explanation)}</td></tr>'
        )
    policy = report.checklist.rating
    rule = rating_rule(policy)
    rows += ["</table>", f'<p class="note">Rating rule: {escape(rule)}</p>']
    return rows


def _critical(report: Report) -> list[str]:
    failures = report.critical_failures
    if not failures:
        return []
    rows = ['<h2 class="crit">Critical failures</h2><ul id="critical">']
    for r in failures:
        tag = "essential" if r.item.essential else "critical"
        rows.append(f'<li><span class="crit">{escape(r.item.text)}</span> ({tag}, '
                    f"{_who(r)}): {escape(r.item.feedback.missed)}{_guidance(r)}</li>")
    return [*rows, "</ul>"]


def _strengths(report: Report) -> list[str]:
    rows = ['<section id="strengths"><h2>Strengths</h2>']
    for c in report.capabilities:
        met = [r for r in c.results if r.met]
        if not met:
            continue
        rows.append(f"<h3>{escape(c.capability.name)}</h3><ul>")
        for r in met:
            rows.append(f"<li>{escape(r.reason)} "
                        f'<span class="note">({escape(r.item.id)})</span></li>')
        rows.append("</ul>")
    if len(rows) == 1:
        rows.append("<p>None recorded.</p>")
    return [*rows, "</section>"]


def _improvements(report: Report) -> list[str]:
    missed = sorted((r for r in report.results if r.missed),
                    key=lambda r: (not (r.item.critical or r.item.essential)))
    rows = ["<h2>Areas for improvement and improvement plan</h2>"]
    if not missed:
        return [*rows, "<p>Every task was performed.</p>"]
    rows.append('<table id="improvements"><tr><th>Task</th><th>What happened and why it matters'
                "</th><th>Responsible</th></tr>")
    for r in missed:
        mark = ' <span class="crit">critical</span>' if r.item.critical or r.item.essential else ""
        rows.append(
            f'<tr data-item="{escape(r.item.id)}"><td><b>{escape(r.item.text)}</b>{mark}'
            f'<div class="note">{escape(r.capability.name)} · {escape(r.item.id)}</div></td>'
            f"<td>{escape(r.item.feedback.missed)}<div class=\"why\">Log: {escape(r.reason)}</div>"
            f"{_guidance(r)}</td><td>{_who(r)}</td></tr>"
        )
    return [*rows, "</table>"]


def _timeline(report: Report) -> str:
    facts = report.facts
    end = max(facts.end_t, 1)
    width, left, right = 980, 120, 20
    span = width - left - right

    def x(t: int) -> float:
        return left + span * t / end

    lanes = [("Injects", 30), ("Decisions", 60), ("Actions", 90)]
    out = [f'<svg id="timeline" viewBox="0 0 {width} 250" width="100%" role="img" '
           'aria-label="Timeline of injects, decisions, actions and hazard levels">']
    for name, y in lanes:
        out.append(f'<text x="8" y="{y + 4}" font-size="12">{name}</text>'
                   f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#d5dbe2"/>')
    numbers = {i.id: i.number for i in report.loaded.scenario.injects}
    for found in facts.fired.values():
        for e in found:
            out.append(f'<g><title>{clock(e.t)} inject #{numbers.get(e.subject, "")} '
                       f'{escape(e.subject)}</title><path d="M{x(e.t):.1f},22 l6,14 h-12 z" '
                       f'fill="#3a6ea5"/><text x="{x(e.t):.1f}" y="18" font-size="10" '
                       f'text-anchor="middle">{numbers.get(e.subject, "")}</text></g>')
    for key, found in facts.chosen.items():
        for e in found if "/" not in key else []:
            out.append(f'<g><title>{clock(e.t)} {escape(e.subject)}: {escape(e.detail or "")}'
                       f'</title><path d="M{x(e.t):.1f},52 l8,8 l-8,8 l-8,-8 z" '
                       'fill="#7b4fa0"/></g>')
    for found in facts.performed.values():
        for e in found:
            out.append(f'<circle cx="{x(e.t):.1f}" cy="90" r="5" fill="#1b7f3b"><title>'
                       f'{clock(e.t)} {escape(e.subject)} by {escape(e.actor or "")}'
                       "</title></circle>")
    for found in facts.refused.values():
        for e in found:
            out.append(f'<circle cx="{x(e.t):.1f}" cy="90" r="5" fill="#b3261e"><title>'
                       f'{clock(e.t)} refused {escape(e.subject)}</title></circle>')
    out += _hazard_plot(report, x, left, width - right)
    for t in range(0, end + 1, max(60_000, (end // 10) // 60_000 * 60_000 or 60_000)):
        out.append(f'<text x="{x(t):.1f}" y="244" font-size="10" text-anchor="middle">'
                   f"{clock(t)}</text>")
    out.append("</svg>")
    return "".join(out)


def _hazard_plot(report: Report, x: Any, left: int, right: int) -> list[str]:
    top, bottom = 112, 228
    out = [f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
           'fill="#fafbfc" stroke="#d5dbe2"/>']
    for n, hazard in enumerate(report.loaded.scenario.hazards):
        points = [(0, report.facts.initial[hazard.variable])]
        points += [(t, v) for _, t, v in report.facts.changes.get(hazard.variable, [])]
        numbers = [(t, float(v)) for t, v in points if isinstance(v, int | float)]
        if not numbers:
            continue
        marks = [t.above for t in hazard.thresholds if t.above is not None]
        values = [v for _, v in numbers] + marks
        low, high = min(values), max(values)
        high = high if high > low else low + 1

        def y(v: float, low: float = low, high: float = high) -> float:
            return bottom - 6 - (bottom - top - 12) * (v - low) / (high - low)

        line = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in numbers)
        out.append(f'<polyline points="{line}" fill="none" stroke="#c26a00" stroke-width="2"/>')
        for mark in marks:
            out.append(f'<line x1="{left}" x2="{right}" y1="{y(mark):.1f}" y2="{y(mark):.1f}" '
                       f'stroke="#b3261e" stroke-dasharray="4 3"/><text x="{right - 4}" '
                       f'y="{y(mark) - 3:.1f}" font-size="10" text-anchor="end">threshold '
                       f"{mark:g}</text>")
        out.append(f'<text x="8" y="{top + 14 + 14 * n}" font-size="12">{escape(hazard.name[:16])}'
                   f'</text><text x="8" y="{top + 28 + 14 * n}" font-size="10">{low:g}–{high:g}'
                   "</text>")
    return out


def _map(report: Report) -> str:
    place = report.loaded.scenario.place
    poses = report.session.poses
    xs = [z.area.center[0] + s * z.area.size[0] / 2 for z in place.zones for s in (-1, 1)]
    ys = [z.area.center[1] + s * z.area.size[1] / 2 for z in place.zones for s in (-1, 1)]
    xs += [p.x for p in poses] + [p.position[0] for p in report.loaded.scenario.props]
    ys += [p.y for p in poses] + [p.position[1] for p in report.loaded.scenario.props]
    if not xs:
        return '<p class="note">The scenario has no places to draw.</p>'
    x0, x1, y0, y1 = min(xs) - 4, max(xs) + 4, min(ys) - 4, max(ys) + 4
    width, height = 900.0, 900.0 * (y1 - y0) / max(x1 - x0, 1)
    k = width / (x1 - x0)

    def px(x: float) -> float:
        return (x - x0) * k

    def py(y: float) -> float:
        return (y1 - y) * k  # north up

    out = [f'<svg id="map" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" role="img" '
           'aria-label="Top-down map of the trainee path">',
           f'<rect width="{width:.0f}" height="{height:.0f}" fill="#eef1f4"/>']
    fills = {"populated": "#f6d5d2", "isolation": "#d6ecd9", "inspection": "#dbe6f3",
             "staging": "#f3ead2"}
    for z in place.zones:
        (cx, cy), (sx, sy) = z.area.center, z.area.size
        out.append(f'<rect x="{px(cx - sx / 2):.1f}" y="{py(cy + sy / 2):.1f}" '
                   f'width="{sx * k:.1f}" height="{sy * k:.1f}" '
                   f'fill="{fills.get(z.kind, "#e4e4e4")}" '
                   f'stroke="#8a96a3"/><text x="{px(cx):.1f}" y="{py(cy + sy / 2) + 14:.1f}" '
                   f'font-size="12" text-anchor="middle">{escape(z.name)}</text>')
    for p in report.loaded.scenario.props:
        if p.role is None and p.interactable:
            out.append(f'<circle cx="{px(p.position[0]):.1f}" cy="{py(p.position[1]):.1f}" r="3" '
                       f'fill="#4b5663"><title>{escape(p.name)}</title></circle>')
    if poses:
        line = " ".join(f"{px(p.x):.1f},{py(p.y):.1f}" for p in poses)
        first, last = poses[0], poses[-1]
        out.append(f'<polyline id="path" points="{line}" fill="none" stroke="#3a6ea5" '
                   f'stroke-width="2.5" stroke-linejoin="round"/>'
                   f'<circle cx="{px(first.x):.1f}" cy="{py(first.y):.1f}" r="6" fill="#1b7f3b">'
                   f"<title>start {clock(first.t)}</title></circle>"
                   f'<circle cx="{px(last.x):.1f}" cy="{py(last.y):.1f}" r="6" fill="#b3261e">'
                   f"<title>end {clock(last.t)}</title></circle>")
    out.append("</svg>")
    note = (f'<p class="note">{len(poses)} position samples; green: start, red: end.</p>' if poses
            else '<p class="note">No positions were recorded in this session (for example '
            "headless play); the map shows the scene only.</p>")
    return "".join(out) + note


def _coverage(report: Report) -> list[str]:
    practised = report.uncovered_guidance(practised_only=True)
    cited = sorted({g for r in report.results for g in r.item.guidance})
    text = f"Guidance this evaluation rests on: {', '.join(cited)}."
    if practised:
        text += f" Guidance the scenario practises that no task covers: {', '.join(practised)}."
    return ["<h2>Guidance coverage</h2>", f'<p class="note">{escape(text)}</p>']

