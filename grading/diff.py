"""Two sessions of one scenario side by side, aligned by scenario events rather than by clock.

Both logs come from the one deterministic core, so an inject, a decision or a checklist task
means the same thing in each: the milestones line up by id, and the report shows when each
session reached each one, the first decision where they parted, what one did that the other did
not, and both paths on one map.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from grading.facts import clock
from grading.grade import Report
from grading.html import badge, status
from grading.page_style import CSS
from grading.plots import TRACK_COLOURS, Track, map_svg
from grading.rules import STATUS_WORDS
from grading.versions import problem


@dataclass(frozen=True)
class Milestone:
    kind: str  # inject, decision, task
    key: str
    name: str
    a: str  # what happened in A ("" when it did not)
    b: str
    a_t: int | None
    b_t: int | None

    @property
    def delta(self) -> str:
        if self.a_t is None or self.b_t is None:
            return ""
        d = self.b_t - self.a_t
        return ("+" if d > 0 else "−" if d < 0 else "±") + clock(abs(d))


@dataclass(frozen=True)
class Comparison:
    a: Report
    b: Report
    milestones: list[Milestone]
    diverged: Milestone | None
    only_a: list[tuple[int, str]]
    only_b: list[tuple[int, str]]

    def name(self, report: Report) -> str:
        return str(report.header.get("trainee") or report.header.get("session"))


def compare(a: Report, b: Report, shown: str) -> Comparison:
    if a.loaded.scenario.id != b.loaded.scenario.id:
        raise problem(shown, "GRD019", f"the logs are sessions of '{a.loaded.scenario.id}' and "
                      f"'{b.loaded.scenario.id}'; diff compares two sessions of one scenario")
    assert a.context is not None
    labels = a.context.labels
    milestones: list[Milestone] = []
    for spec in sorted(a.loaded.scenario.injects, key=lambda i: i.number):
        fa, fb = a.facts.fired.get(spec.id, []), b.facts.fired.get(spec.id, [])
        if fa or fb:
            milestones.append(Milestone(
                "inject", spec.id, labels.inject(spec.id), "fired" if fa else "",
                "fired" if fb else "", fa[0].t if fa else None, fb[0].t if fb else None))
    decisions: list[Milestone] = []
    for d in a.loaded.scenario.decisions:
        ea, eb = a.facts.chosen.get(d.id, []), b.facts.chosen.get(d.id, [])
        if ea or eb:
            option_a = labels.option(d.id, _option(ea[0].detail)) if ea else ""
            option_b = labels.option(d.id, _option(eb[0].detail)) if eb else ""
            decisions.append(Milestone("decision", d.id, labels.decision(d.id), option_a,
                                       option_b, ea[0].t if ea else None,
                                       eb[0].t if eb else None))
    milestones += decisions
    results_b = {r.item.id: r for r in b.results}
    for ra in a.results:
        rb = results_b.get(ra.item.id)
        if rb is None:
            continue
        ta = ra.evidence[-1].t if ra.evidence and ra.observed else None
        tb = rb.evidence[-1].t if rb.evidence and rb.observed else None
        milestones.append(Milestone("task", ra.item.id, ra.item.text, STATUS_WORDS[ra.status],
                                    STATUS_WORDS[rb.status], ta, tb))
    ordered = sorted(decisions, key=lambda m: min(t for t in (m.a_t, m.b_t) if t is not None))
    diverged = next((m for m in ordered if m.a != m.b), None)
    return Comparison(a, b, milestones, diverged, *_actions(a, b))


def _option(detail: str | None) -> str | None:
    return (detail or "").removeprefix("option ").removesuffix(" (timed out)") or None


def _actions(a: Report, b: Report) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    assert a.context is not None
    labels = a.context.labels

    def done(report: Report) -> dict[str, tuple[int, str]]:
        return {k: (v[0].t, labels.role(v[0].actor)) for k, v in report.facts.performed.items()
                if v}

    in_a, in_b = done(a), done(b)
    only_a = sorted((t, f"{labels.action(k)}” by the “{who}") for k, (t, who) in in_a.items()
                    if k not in in_b)
    only_b = sorted((t, f"{labels.action(k)}” by the “{who}") for k, (t, who) in in_b.items()
                    if k not in in_a)
    return only_a, only_b


def render_diff_text(c: Comparison) -> str:
    na, nb = c.name(c.a), c.name(c.b)
    lines = [f"{c.a.loaded.scenario.title}: {na} (A) and {nb} (B)",
             f"overall: A {c.a.overall}, B {c.b.overall}", ""]
    if c.diverged is None:
        lines.append("the decisions match")
    else:
        d = c.diverged
        lines.append(f"first divergence: “{d.name}”: A chose “{d.a or 'nothing'}”"
                     f"{_at(d.a_t)}, B chose “{d.b or 'nothing'}”{_at(d.b_t)}")
    for who, rows in (("A", c.only_a), ("B", c.only_b)):
        other = "B" if who == "A" else "A"
        for t, action in rows:
            lines.append(f"only {who}: “{action}” at {clock(t)} ({other} never did it)")
    guidance = {r.item.id: ", ".join(r.item.guidance) for r in c.a.results}
    for m in c.milestones:
        if m.kind == "task" and m.a != m.b:
            lines.append(f"task differs: {m.name} ({guidance.get(m.key, '')}): A {m.a}, B {m.b}")
    lines += ["", f"{'milestone':<52} {'A':<16} {'B':<16} B−A"]
    for m in c.milestones:
        mark = "≠" if m.a != m.b else " "
        lines.append(f"{mark} {m.kind:<8} {m.name[:41]:<41} {_cell(m.a, m.a_t):<16} "
                     f"{_cell(m.b, m.b_t):<16} {m.delta}")
    lines += ["", "≠: the sessions differ here; times are scenario time (mm:ss)"]
    return "\n".join(lines) + "\n"


def _at(t: int | None) -> str:
    return "" if t is None else f" at {clock(t)}"


def _cell(what: str, t: int | None) -> str:
    if not what:
        return "—"
    return f"{what[:10]} {clock(t)}" if t is not None else what[:16]


def render_diff_html(c: Comparison) -> str:
    na, nb = escape(c.name(c.a)), escape(c.name(c.b))
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           f"<title>Side by side: {na} and {nb}</title><style>{CSS}</style></head><body><main>",
           '<p class="kicker">Two sessions side by side</p>',
           f"<h1>{escape(c.a.loaded.scenario.title)}</h1>",
           f'<p class="overall">A: {na} {badge(c.a.overall)} · B: {nb} {badge(c.b.overall)}</p>']
    if c.diverged is None:
        out.append('<p id="divergence">The decisions match.</p>')
    else:
        d = c.diverged
        out.append(f'<p id="divergence" data-decision="{escape(d.key)}"><b>First divergence:'
                   f"</b> “{escape(d.name)}”: A chose “{escape(d.a or 'nothing')}”"
                   f"{_at(d.a_t)}, B chose “{escape(d.b or 'nothing')}”{_at(d.b_t)}.</p>")
    out.append('<section id="only"><h2>What one did that the other did not</h2><ul>')
    for who, rows in (("A", c.only_a), ("B", c.only_b)):
        out += [f"<li>only {who}: “{escape(action)}” at {clock(t)}</li>" for t, action in rows]
    out.append("</ul></section>")
    out.append('<section id="milestones"><h2>Milestones</h2><table><tr><th>Milestone</th>'
               f"<th>A: {na}</th><th>B: {nb}</th><th>B − A</th></tr>")
    results_a = {r.item.id: r for r in c.a.results}
    results_b = {r.item.id: r for r in c.b.results}
    for m in c.milestones:
        if m.kind == "task":
            cells = [f"{status(results_a[m.key])} {_at(m.a_t)}",
                     f"{status(results_b[m.key])} {_at(m.b_t)}"]
        else:
            cells = [f"{escape(m.a) or '—'}{_at(m.a_t)}", f"{escape(m.b) or '—'}{_at(m.b_t)}"]
        differs = ' class="differs"' if m.a != m.b else ""
        out.append(f'<tr data-milestone="{escape(m.kind)}:{escape(m.key)}"{differs}>'
                   f'<td>{escape(m.name)} <span class="note">{m.kind}</span></td>'
                   f"<td>{cells[0]}</td><td>{cells[1]}</td><td>{m.delta}</td></tr>")
    out.append("</table></section>")
    if c.a.context is not None:
        svg, note = map_svg(c.a.context.program, c.a.facts, [
            Track(f"A: {c.name(c.a)}", c.a.session.poses, TRACK_COLOURS[0]),
            Track(f"B: {c.name(c.b)}", c.b.session.poses, TRACK_COLOURS[1])], heat=False)
        out += ['<section id="paths"><h2>Both paths</h2>', svg,
                f'<p class="note">Blue: A; orange: B. Props as they stood in A. {note}</p>'
                "</section>"]
    out.append("<style>tr.differs td{background:#fff4e5}</style>")
    return "\n".join([*out, "</main></body></html>"]) + "\n"
