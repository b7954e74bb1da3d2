"""``taskforce grade``: one log as text, JSON or an HTML debrief; many logs as a summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
PROGRESS_FROM = 20  # logs: show a progress bar on longer runs


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
        print(f"wrote {out}")
    else:
        sys.stdout.write(text)


def run_grade(args: argparse.Namespace) -> int:
    from grading.grade import Grader

    options = {"checklist": args.checklist, "scenario": args.scenario, "force": args.force,
               "keys": args.keys, "ledger": args.ledger}
    if args.summary:
        return _summary(args, options)
    if len(args.logs) != 1:
        print("error CLI005: give one LOG, or several with --summary")
        return EXIT_USAGE
    report = Grader(**options, poses=args.format == "html").grade(args.logs[0])
    if args.format == "json":
        from grading.report import render_json

        _write(render_json(report), args.out)
    elif args.format == "html":
        from grading.html import render_html

        _write(render_html(report), args.out)
    else:
        from grading.report import render_text

        _write(render_text(report), args.out)
    return EXIT_OK


def _summary(args: argparse.Namespace, options: dict[str, object]) -> int:
    from grading.cohort import (
        grade_many,
        progress_bar,
        render_summary_json,
        render_summary_text,
        summarise,
    )

    if args.format == "html":
        print("error CLI005: --summary writes text or json, not html")
        return EXIT_USAGE
    show = len(args.logs) >= PROGRESS_FROM and sys.stderr.isatty()
    results = grade_many(args.logs, dict(options), jobs=args.jobs,
                         progress=progress_bar() if show else None)
    summary = summarise(results)
    render = render_summary_json if args.format == "json" else render_summary_text
    _write(render(summary), args.out)
    return EXIT_PROBLEMS if summary["refused"] else EXIT_OK
