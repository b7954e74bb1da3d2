"""The class view: a cohort summary (``grading.cohort.summarise``) as one self-contained page:
a row per trainee, the rating distribution per capability, the pass rate of every task and the
most-missed tasks with their guidance, and a legend for every marker."""

from __future__ import annotations

from html import escape
from typing import Any

from grading.cohort import LEGEND
from grading.grade import NOT_RATED, RATING_NAMES, RATINGS
from grading.html import RATING_COLOURS, badge
from grading.page_style import CSS


def render_summary_html(summary: dict[str, Any]) -> str:
    ratings = (*RATINGS, NOT_RATED)
    capabilities = list(summary["capabilities"])
    rate = summary["pass_rate"]
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           f"<title>Class view</title><style>{CSS}</style></head><body><main>",
           '<p class="kicker">Class view</p>',
           f"<h1>{summary['graded']} sessions graded</h1>",
           f'<p class="overall" id="pass-rate">Passed {summary["passed"]} of {summary["graded"]}'
           + (f" ({rate:.0%})" if rate is not None else "") + "</p>"]
    if summary["refused"]:
        out.append('<p class="banner" id="refused">' + escape(
            f"{len(summary['refused'])} logs could not be graded: "
            + "; ".join(f"{r['log']}: {r['error']}" for r in summary["refused"])) + "</p>")
    out += ['<section id="trainees"><h2>Trainees</h2><table><tr><th>Trainee</th><th>Date</th>'
            "<th>Overall</th><th>Result</th>"
            + "".join(f"<th>{escape(c)}</th>" for c in capabilities)
            + "<th>Missed</th><th>Not observed</th></tr>"]
    for row in summary["trainees"]:
        result = ("passed" if row["passed"] else
                  "no ending" if not row["finished"] else "not passed")
        flags = "".join(f' <span class="note">{word}</span>' for word, on in
                        (("never closed", row["unfinished"]), ("forced", row["forced"])) if on)
        cells = "".join(f"<td>{badge(row['ratings'][c]) if c in row['ratings'] else '–'}</td>"
                        for c in capabilities)
        out.append(f'<tr data-session="{escape(row["session"])}"><td>{escape(row["trainee"])}'
                   f'</td><td>{escape(row["started"][:10])}</td><td>{badge(row["overall"])}</td>'
                   f"<td>{result}{flags}</td>{cells}<td>{row['missed']}</td>"
                   f"<td>{row['not_observed']}</td></tr>")
    out.append("</table></section>")
    out += ['<section id="distribution"><h2>Ratings per capability</h2><table><tr>'
            "<th>Capability</th>" + "".join(f"<th>{badge(k)}</th>" for k in ratings) + "</tr>"]
    for capability, counts in summary["capabilities"].items():
        total = sum(counts.values()) or 1
        bars = "".join(
            f'<td><div style="background:{RATING_COLOURS[k]};height:10px;width:'
            f'{100 * counts[k] / total:.0f}%"></div>{counts[k]}</td>' for k in ratings)
        out.append(f"<tr><td>{escape(capability)}</td>{bars}</tr>")
    out.append("</table></section>")
    out += ['<section id="tasks"><h2>Pass rate per task</h2><table><tr><th>Task</th>'
            "<th>Capability</th><th>Met</th><th>Missed</th><th>Not observed</th>"
            "<th>Pass rate</th></tr>"]
    for item in summary["items"]:
        mark = ' <span class="crit" title="critical or essential">!</span>' if item[
            "critical"] else ""
        shown = "–" if item["pass_rate"] is None else f"{item['pass_rate']:.0%}"
        out.append(f"<tr><td>{escape(item['item'])}{mark}</td><td>{escape(item['capability'])}"
                   f"</td><td>{item['met']}</td><td>{item['missed']}</td>"
                   f"<td>{item['not_observed']}</td><td>{shown}</td></tr>")
    out.append("</table></section>")
    out.append('<section id="most-missed"><h2>Most missed</h2><ol>')
    for m in summary["most_missed"]:
        guidance = "; ".join(f"{g['id']}: {escape(g['text'])}" for g in m["guidance"])
        mark = ' <span class="crit">!</span>' if m["critical"] else ""
        out.append(f"<li><b>{escape(m['item'])}</b>{mark}, missed in {m['missed']} sessions"
                   f'<div class="guide">Guidance {guidance}</div></li>')
    out.append("</ol></section>")
    names = " ".join(f"{k}: {RATING_NAMES[k]}." for k in ratings)
    out.append(f'<section id="legend"><h2>Legend</h2><p class="note">{escape(names)} '
               f"{escape(LEGEND)}</p></section>")
    return "\n".join([*out, "</main></body></html>"]) + "\n"
