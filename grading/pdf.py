"""The report as a PDF: the HTML page printed on A4 by headless Chromium (through Playwright).

Chromium is found as ``$TASKFORCE_CHROMIUM``, else ``chromium``, ``chromium-browser`` or
``google-chrome`` on the path. Nothing is fetched: the page is self-contained.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from engine.errors import Diagnostic, TaskforceError

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


def chromium_path() -> str | None:
    named = os.environ.get("TASKFORCE_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _refuse(shown: str, code: str, message: str, hint: str) -> TaskforceError:
    return TaskforceError([Diagnostic(shown, 1, 1, code, message, hint)])


def render_pdf(html: str, shown: str) -> bytes:
    """``html`` printed on A4 with its print stylesheet; ``shown`` names the log in errors."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise _refuse(shown, "GRD017", "printing a PDF needs Playwright, which is not installed",
                      "pip install playwright (it drives the Chromium already on the machine)"
                      ) from None
    browser_path = chromium_path()
    if browser_path is None:
        raise _refuse(shown, "GRD018", "printing a PDF needs Chromium, which was not found",
                      "install chromium, or set TASKFORCE_CHROMIUM to its path")
    with tempfile.TemporaryDirectory(prefix="taskforce-pdf-") as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_text(html, encoding="utf-8")
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=browser_path,
                                                 args=CHROMIUM_FLAGS)
                try:
                    page = browser.new_page()
                    page.goto(page_file.as_uri())
                    page.emulate_media(media="print")
                    data: bytes = page.pdf(format="A4", print_background=True,
                                           prefer_css_page_size=True)
                finally:
                    browser.close()
        except Error as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else "no reason"
            raise _refuse(shown, "GRD018", f"Chromium could not print the report: {first}",
                          "check that the chromium at TASKFORCE_CHROMIUM (or on the path) starts"
                          ) from None
    return data
