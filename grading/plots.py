"""The report's inline SVG plots: the timeline with its hazard levels, and the top-down map.

Labels are laid out so they never overlap (``Shelf``); the time axis ends at the session's end,
which is marked; every axis has its unit; every name is the scenario's own, never an id. The
map draws props where they stood at each time (their placements, from the logged state), a
scale bar, time marks along each path and, when positions were recorded, where the trainee
dwelt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from engine.core.program import Program
from engine.scenario.schema import Scenario
from grading.facts import Facts, Labels, clock, humane
from grading.logread import Pose
from grading.timeline import walk

CHAR_PX = 0.6  # average glyph width per pixel of font size (DejaVu Sans)
LANE_COLOURS = {"inject": "#3a6ea5", "decision": "#7b4fa0", "action": "#1b7f3b",
                "refused": "#b3261e", "note": "#8a6d1f"}
TRACK_COLOURS = ("#3a6ea5", "#c2410c")


class Shelf:
    """Places labels in rows so that no two overlap: each label goes into the first row whose
    last label ends before it starts."""

    def __init__(self, gap: float = 4.0) -> None:
        self.rows: list[list[tuple[float, float, float, float]]] = []
        self.gap = gap

    def place(self, x0: float, y0: float, x1: float, y1: float, step: float, tries: int = 12) -> (
        float
    ):
        """The vertical shift (a multiple of ``step``) at which the box fits."""
        for n in range(tries):
            dy = n * step
            box = (x0, y0 + dy, x1, y1 + dy)
            if not any(_overlap(box, other, self.gap) for row in self.rows for other in row):
                self.rows.append([box])
                return dy
        self.rows.append([(x0, y0 + tries * step, x1, y1 + tries * step)])
        return tries * step


def _overlap(a: tuple[float, ...], b: tuple[float, ...], gap: float) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_PX


def _ticks(end_ms: int, most: int = 12) -> list[int]:
    for minutes in (1, 2, 5, 10, 15, 30, 60, 120):
        step = minutes * 60_000
        if end_ms // step <= most:
            return list(range(0, end_ms + 1, step))
    return [0, end_ms]


def _nice(low: float, high: float, count: int = 4) -> list[float]:
    span = (high - low) or 1.0
    raw = span / count
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 0.1
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw),
               default=raw)
    first = (low // step) * step
    return [first + n * step for n in range(int((high - first) / step) + 2)
            if low - 1e-9 <= first + n * step <= high + 1e-9]


@dataclass(frozen=True)
class Mark:
    t: int
    lane: str
    tip: str
    label: str = ""


def timeline_svg(facts: Facts, labels: Labels, scenario: Scenario, marks: Sequence[Mark],
                 ending: str | None) -> str:
    """Lanes of injects, decisions, actions and notes over scenario time, then each hazard's
    level with its thresholds; the axis runs from the start to the end of the log."""
    end = max(facts.end_t, 1)
    width, left, right = 1000, 120, 24
    span = width - left - right

    def x(t: int) -> float:
        return left + span * min(t, end) / end

    out: list[str] = []
    lanes = [lane for lane in ("inject", "decision", "action", "note")
             if any(m.lane == lane or (lane == "action" and m.lane == "refused") for m in marks)]
    shelf = Shelf()
    label_rows = 0
    placed: list[tuple[Mark, float]] = []
    for m in (m for m in marks if m.label):
        w = text_width(m.label, 10)
        dy = shelf.place(x(m.t) - w / 2, 0, x(m.t) + w / 2, 10, 12)
        placed.append((m, dy))
        label_rows = max(label_rows, int(dy // 12) + 1)
    top = 30 + 12 * label_rows
    lane_y = {lane: top + 34 * n for n, lane in enumerate(lanes)}
    for m, dy in placed:
        out.append(f'<text x="{x(m.t):.1f}" y="{top - 8 - dy:.1f}" font-size="10" '
                   f'text-anchor="middle" fill="{LANE_COLOURS[m.lane]}">{escape(m.label)}</text>')
    names = {"inject": "Injects", "decision": "Decisions", "action": "Actions",
             "note": "Reads, pauses"}
    for lane, at in lane_y.items():
        out.append(f'<text x="8" y="{at + 4}" font-size="12">{names[lane]}</text>'
                   f'<line x1="{left}" y1="{at}" x2="{left + span}" y2="{at}" stroke="#d5dbe2"/>')
    for m in marks:
        y = lane_y["action" if m.lane == "refused" else m.lane]
        colour, tip = LANE_COLOURS[m.lane], f"<title>{escape(m.tip)}</title>"
        cx = x(m.t)
        if m.lane == "inject":
            out.append(f'<path d="M{cx:.1f},{y - 8} l6,12 h-12 z" fill="{colour}">{tip}</path>')
        elif m.lane == "decision":
            out.append(f'<path d="M{cx:.1f},{y - 8} l8,8 l-8,8 l-8,-8 z" fill="{colour}">'
                       f"{tip}</path>")
        else:
            out.append(f'<circle cx="{cx:.1f}" cy="{y}" r="5" fill="{colour}">{tip}</circle>')
    bottom = float(top + 34 * max(len(lanes), 1) - 14)
    hazards, bottom = _hazards(facts, labels, scenario, x, left, left + span, bottom)
    out += hazards
    axis = bottom + 8
    out.append(f'<line x1="{left}" y1="{axis}" x2="{left + span}" y2="{axis}" stroke="#4b5663"/>')
    for t in _ticks(end):
        out.append(f'<line x1="{x(t):.1f}" y1="{axis}" x2="{x(t):.1f}" y2="{axis + 4}" '
                   f'stroke="#4b5663"/><text x="{x(t):.1f}" y="{axis + 16}" font-size="10" '
                   f'text-anchor="middle">{clock(t)}</text>')
    out.append(f'<text x="{left + span / 2:.0f}" y="{axis + 32}" font-size="11" '
               'text-anchor="middle">scenario time (mm:ss)</text>')
    if ending:
        anchor = "end" if x(end) + text_width(ending, 11) / 2 > width - 2 else "middle"
        out.append(f'<g id="ending-mark"><line x1="{x(end):.1f}" y1="14" x2="{x(end):.1f}" '
                   f'y2="{axis}" stroke="#1d232b" stroke-dasharray="5 3"/>'
                   f'<text x="{x(end) - (4 if anchor == "end" else 0):.1f}" y="11" '
                   f'font-size="11" text-anchor="{anchor}">{escape(ending)}</text></g>')
    height = axis + 40
    return (f'<svg id="timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
            'aria-label="Timeline of injects, decisions, actions, reads and hazard levels">'
            + "".join(out) + "</svg>")


def _hazards(facts: Facts, labels: Labels, scenario: Scenario, x: Any, left: float,
             right: float, top: float) -> tuple[list[str], float]:
    out: list[str] = []
    for hazard in scenario.hazards:
        points = [(0, facts.initial.get(hazard.variable))]
        points += [(t, v) for _, t, v in facts.changes.get(hazard.variable, [])]
        numbers = [(t, float(v)) for t, v in points if isinstance(v, int | float)]
        if not numbers:
            continue
        band_top, band_bottom = top + 22, top + 150
        marks = [t.above for t in hazard.thresholds if t.above is not None]
        marks += [t.below for t in hazard.thresholds if t.below is not None]
        values = [v for _, v in numbers] + marks
        low, high = min(values), max(values)
        high = high if high > low else low + 1

        def y(v: float, low: float = low, high: float = high, b: float = band_bottom,
              h: float = band_bottom - band_top) -> float:
            return b - h * (v - low) / (high - low)

        unit = labels.units.get(hazard.variable) or ""
        title = f"{labels.variable(hazard.variable)}" + (f" ({unit})" if unit else "")
        out.append(f'<text x="{left}" y="{top + 12}" font-size="12">{escape(hazard.name)}: '
                   f"{escape(title)}</text>")
        out.append(f'<rect x="{left}" y="{band_top}" width="{right - left}" '
                   f'height="{band_bottom - band_top}" fill="#fafbfc" stroke="#d5dbe2"/>')
        for tick in _nice(low, high):
            out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="10" '
                       f'text-anchor="end">{tick:g}{(" " + unit) if unit else ""}</text>'
                       f'<line x1="{left - 3}" x2="{left}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                       'stroke="#4b5663"/>')
        line = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in numbers)
        out.append(f'<polyline points="{line}" fill="none" stroke="#c26a00" stroke-width="2"/>')
        for mark in marks:
            out.append(f'<line x1="{left}" x2="{right}" y1="{y(mark):.1f}" y2="{y(mark):.1f}" '
                       f'stroke="#b3261e" stroke-dasharray="4 3"/><text x="{right - 4}" '
                       f'y="{y(mark) - 3:.1f}" font-size="10" text-anchor="end" fill="#b3261e">'
                       f"threshold {mark:g}{(' ' + unit) if unit else ''}</text>")
        top = band_bottom
    return out, top


@dataclass(frozen=True)
class Track:
    label: str
    poses: Sequence[Pose]
    colour: str = TRACK_COLOURS[0]


Positions = dict[str, list[tuple[int, tuple[float, ...]]]]


def prop_positions(program: Program, facts: Facts) -> Positions:
    """Each prop's positions over the session: ``(from t_ms, position)``, while it was shown."""
    scenario = program.scenario
    base = {p.id: p.position for p in scenario.props}
    found: dict[str, list[tuple[int, tuple[float, ...]]]] = {}
    hazard_vars = {h.id: h.variable for h in program.hazards}
    for _record, state in walk(facts.initial, hazard_vars, facts.records):
        for prop_id, spec in program.props.items():
            shown = spec.shown_when is None or bool(_holds(spec.shown_when, state))
            where: tuple[float, ...] | None = None
            if shown:
                where = next((p[1] for p in spec.placements if _holds(p[0], state)),
                             base[prop_id])
            history = found.setdefault(prop_id, [])
            last = history[-1][1] if history else None
            if where != last and not (where is None and not history):
                history.append((state.t_ms, where))  # type: ignore[arg-type]
    return {k: [(t, p) for t, p in v if p is not None] for k, v in found.items()}


def _holds(predicate: Any, state: Any) -> bool:
    try:
        return bool(predicate(state))
    except (KeyError, TypeError, ZeroDivisionError):
        return False


def map_svg(program: Program, facts: Facts, tracks: Sequence[Track], *, heat: bool = True) -> (
    tuple[str, str]
):
    """The top-down map and the sentence that explains it."""
    scenario = program.scenario
    zones = scenario.place.zones
    positions = prop_positions(program, facts)
    drawn = [p for p in scenario.props if p.interactable or p.role]
    xs = [z.area.center[0] + s * z.area.size[0] / 2 for z in zones for s in (-1, 1)]
    ys = [z.area.center[1] + s * z.area.size[1] / 2 for z in zones for s in (-1, 1)]
    for p in drawn:
        xs += [pos[0] for _, pos in positions.get(p.id, [])]
        ys += [pos[1] for _, pos in positions.get(p.id, [])]
    for track in tracks:
        xs += [q.x for q in track.poses]
        ys += [q.y for q in track.poses]
    if not xs:
        return "", "The scenario has no places to draw."
    x0, x1, y0, y1 = min(xs) - 6, max(xs) + 6, min(ys) - 8, max(ys) + 6
    width = 900.0
    k = width / max(x1 - x0, 1)
    height = (y1 - y0) * k

    def px(v: float) -> float:
        return (v - x0) * k

    def py(v: float) -> float:
        return (y1 - v) * k  # north up

    out = [f'<rect width="{width:.0f}" height="{height:.0f}" fill="#eef1f4"/>']
    shelf = Shelf(gap=2)
    fills = {"populated": "#f6d5d2", "isolation": "#d6ecd9", "inspection": "#dbe6f3",
             "staging": "#f3ead2"}
    for z in zones:
        (cx, cy), (sx, sy) = z.area.center, z.area.size
        size = min(12.0, sx * k / max(1, len(z.name)) / CHAR_PX)
        top = py(cy + sy / 2) + size + 3
        half = text_width(z.name, size) / 2
        shelf.place(px(cx) - half, top - size, px(cx) + half, top + 2, 0, tries=1)
        out.append(f'<rect x="{px(cx - sx / 2):.1f}" y="{py(cy + sy / 2):.1f}" '
                   f'width="{sx * k:.1f}" height="{sy * k:.1f}" '
                   f'fill="{fills.get(z.kind, "#e4e4e4")}" stroke="#8a96a3"/>'
                   f'<text x="{px(cx):.1f}" y="{py(cy + sy / 2) + size + 3:.1f}" '
                   f'font-size="{size:.1f}" text-anchor="middle">{escape(z.name)}</text>')
    if heat:
        out += _heat(tracks, px, py, k)
    for track in tracks:
        out += _track(track, px, py, shelf)
    for p in drawn:
        history = positions.get(p.id, [])
        for n, (t, pos) in enumerate(history):
            last = n == len(history) - 1
            until = "" if last else f"–{clock(history[n + 1][0])}"
            label = p.name if len(history) == 1 and t == 0 else (
                f"{p.name} ({clock(t)}{until})" if until else f"{p.name} (from {clock(t)})")
            cx, cy = px(pos[0]), py(pos[1])
            w = text_width(label, 10)
            lx = cx + 6 if cx + 6 + w < width else cx - 6 - w
            dy = shelf.place(lx, cy - 8, lx + w, cy + 2, 11)
            fill = "#4b5663" if last else "#9aa5b1"
            leader = (f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{lx:.1f}" y2="{cy + dy - 3:.1f}" '
                      f'stroke="{fill}" stroke-width="0.6"/>' if dy else "")
            out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{fill}"><title>'
                       f'{escape(label)}</title></circle>{leader}<text x="{lx:.1f}" '
                       f'y="{cy + dy:.1f}" font-size="10" fill="{fill}">{escape(label)}</text>')
    out += _scale_bar(k, height)
    svg = (f'<svg id="map" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" role="img" '
           'aria-label="Top-down map of the yard, the props where they stood, and the path '
           'walked">' + "".join(out) + "</svg>")
    samples = sum(len(t.poses) for t in tracks)
    if samples:
        note = (f"{samples} position samples. Paths: " + "; ".join(
            f"{escape(t.label)} ({len(t.poses)} samples)" for t in tracks) +
            ". Dots along a path mark each minute; a filled circle its start, a ringed one its "
            "end. Shaded squares show where time was spent (darker: longer). Props are drawn "
            "where they stood, with the time they moved there; grey: an earlier place.")
    else:
        note = ("No positions were recorded in this session (for example headless play); the "
                "map shows the scene, and the props where they stood, with the time they moved.")
    return svg, note


def _track(track: Track, px: Any, py: Any, shelf: Shelf) -> list[str]:
    poses = track.poses
    if not poses:
        return []
    colour = track.colour
    line = " ".join(f"{px(q.x):.1f},{py(q.y):.1f}" for q in poses)
    first, last = poses[0], poses[-1]
    out = [f'<polyline class="path" points="{line}" fill="none" stroke="{colour}" '
           'stroke-width="2.5" stroke-linejoin="round" stroke-opacity="0.85"/>']
    minute = 60_000
    next_mark = (first.t // minute + 1) * minute
    for q in poses:
        if q.t < next_mark:
            continue
        label = clock(next_mark)
        cx, cy = px(q.x), py(q.y)
        dy = shelf.place(cx + 4, cy - 12, cx + 4 + text_width(label, 9), cy - 3, 10)
        out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.5" fill="{colour}"/>'
                   f'<text x="{cx + 4:.1f}" y="{cy - 4 + dy:.1f}" font-size="9" fill="{colour}">'
                   f"{label}</text>")
        next_mark = (q.t // minute + 1) * minute
    out.append(f'<circle cx="{px(first.x):.1f}" cy="{py(first.y):.1f}" r="6" fill="{colour}">'
               f"<title>{escape(track.label)}: start {clock(first.t)}</title></circle>"
               f'<circle cx="{px(last.x):.1f}" cy="{py(last.y):.1f}" r="6" fill="#fff" '
               f'stroke="{colour}" stroke-width="3"><title>{escape(track.label)}: end '
               f"{clock(last.t)}</title></circle>")
    return out


def _heat(tracks: Iterable[Track], px: Any, py: Any, k: float, cell: float = 2.0) -> list[str]:
    dwell: dict[tuple[int, int], float] = {}
    for track in tracks:
        poses = track.poses
        for a, b in zip(poses, poses[1:], strict=False):
            key = (int(a.x // cell), int(a.y // cell))
            dwell[key] = dwell.get(key, 0.0) + min(b.t - a.t, 1000) / 1000
    if not dwell:
        return []
    most = max(dwell.values())
    return [f'<rect x="{px(cx * cell):.1f}" y="{py((cy + 1) * cell):.1f}" width="{cell * k:.1f}" '
            f'height="{cell * k:.1f}" fill="#7b2d8b" fill-opacity="{0.08 + 0.5 * s / most:.2f}">'
            f"<title>{s:.0f} s here</title></rect>"
            for (cx, cy), s in sorted(dwell.items())]


def _scale_bar(k: float, height: float) -> list[str]:
    metres = next((m for m in (5, 10, 20, 50, 100, 200, 500) if m * k >= 80), 1000)
    x, y = 16.0, height - 14
    return [f'<g id="scale"><rect x="{x - 6}" y="{y - 18}" width="{metres * k + 40:.1f}" '
            'height="28" fill="#fff" fill-opacity="0.8"/>'
            f'<line x1="{x}" y1="{y}" x2="{x + metres * k:.1f}" y2="{y}" stroke="#1d232b" '
            f'stroke-width="3"/><text x="{x + metres * k / 2:.1f}" y="{y - 6}" font-size="11" '
            f'text-anchor="middle">{metres} m</text></g>']


def marks_of(records: Iterable[Mapping[str, Any]], labels: Labels) -> list[Mark]:
    """The timeline's marks, each with a hover tip in the scenario's words."""
    found = []
    for r in records:
        k, t = r.get("k"), r["t"]
        if k == "inject_fired":
            spec = labels.injects.get(r["inject"])
            number = spec.number if spec else "?"
            found.append(Mark(t, "inject", f"{clock(t)} {labels.inject(r['inject'])}",
                              f"#{number}"))
        elif k in ("decided", "decision_timed_out"):
            found.append(Mark(t, "decision", f"{clock(t)} {labels.decision(r['decision'])}: "
                              f"{labels.option(r['decision'], r.get('option'))}"))
        elif k == "performed":
            who = labels.role(r.get("role"))
            found.append(Mark(t, "action", f"{clock(t)} {labels.action(r['action'])} ({who})"))
        elif k == "refused":
            name = r.get("do") or r.get("choose") or "?"
            found.append(Mark(t, "refused", f"{clock(t)} refused: "
                              f"{labels.actions.get(name) or labels.decision(name)}"))
        elif k == "note" and r.get("note") in ("read", "briefing", "paused", "resumed"):
            found.append(Mark(t, "note", f"{clock(t)} {humane(str(r.get('note')))}"))
    return found
