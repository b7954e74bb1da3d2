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


def _refuse(code: str, message: str) -> int:
    print(f"error {code}: {message}")
    return EXIT_USAGE


def run_grade(args: argparse.Namespace) -> int:
    from grading.grade import Grader

    options = {"checklist": args.checklist, "scenario": args.scenario, "force": args.force,
               "keys": args.keys, "ledger": args.ledger}
    if args.summary:
        return _summary(args, options)
    if len(args.logs) != 1:
        return _refuse("CLI020", "give one LOG, or several with --summary")
    if args.format == "pdf" and not args.out:
        return _refuse("CLI021", "--format pdf writes a file: add --out FILE.pdf")
    if args.notes and args.format not in ("html", "pdf"):
        return _refuse("CLI022", "--notes belongs to the report page: use --format html or pdf")
    report = Grader(**options, poses=args.format in ("html", "pdf")).grade(args.logs[0])
    if args.format == "json":
        from grading.report import render_json

        _write(render_json(report), args.out)
    elif args.format in ("html", "pdf"):
        from grading.html import render_html

        notes = None
        if args.notes:
            from grading.notes import load_notes

            notes = load_notes(args.notes, str(report.header.get("session")),
                               {r.item.id for r in report.results})
        html = render_html(report, notes)
        if args.format == "html":
            _write(html, args.out)
        else:
            from grading.pdf import render_pdf

            Path(args.out).write_bytes(render_pdf(html, args.logs[0]))
            print(f"wrote {args.out}")
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

    if args.format == "pdf":
        return _refuse("CLI023", "--summary writes text, json or html")
    show = len(args.logs) >= PROGRESS_FROM and sys.stderr.isatty()
    results = grade_many(args.logs, dict(options), jobs=args.jobs,
                         progress=progress_bar() if show else None)
    summary = summarise(results)
    if args.format == "html":
        from grading.classview import render_summary_html

        render = render_summary_html
    else:
        render = render_summary_json if args.format == "json" else render_summary_text
    _write(render(summary), args.out)
    return EXIT_PROBLEMS if summary["refused"] else EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    from grading.diff import compare, render_diff_html, render_diff_text
    from grading.grade import Grader

    if len(args.logs) != 2:
        return _refuse("CLI020", "diff compares exactly two logs: LOG_A LOG_B")
    grader = Grader(force=args.force, poses=args.format == "html", keys=args.keys,
                    ledger=args.ledger)
    first, second = (grader.grade(log) for log in args.logs)
    comparison = compare(first, second, args.logs[1])
    render = render_diff_html if args.format == "html" else render_diff_text
    _write(render(comparison), args.out)
    return EXIT_OK
