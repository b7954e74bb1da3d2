"""Two documents compared side by side, and documents received on an inject read again from R."""

from __future__ import annotations

from typing import Any

from engine.core.view import DocumentView
from tests.render.conftest import frame, view_after


def _document(doc_id: str, beside: DocumentView | None = None) -> DocumentView:
    sid = "container-search"
    return DocumentView(doc_id, "label", f"{sid}/document/{doc_id}/title",
                        f"{sid}/document/{doc_id}/body", beside)


def _texts_in(node: Any) -> list[tuple[str, Any, Any]]:
    found = []
    for child in node.findAllMatches("**/+TextNode"):
        lo, hi = child.getTightBounds(node)
        found.append((child.node().getText(), lo, hi))
    return found


def test_a_record_compared_with_the_label_stands_beside_it(presenter: Any, loaded: Any) -> None:
    frame(presenter, view_after(loaded, []), frames=1)
    genuine = _document("genuine_label")
    presenter._show_documents("suspect_pallet", "Pallet of battery cartons",
                              [_document("carton_label", beside=genuine)])
    panel = presenter.hud.panel
    assert panel is not None and panel.kind == "document"
    assert "VOLTRA e-bike battery" in panel.body and "VOLTARA e-bike battery" in panel.aside
    texts = _texts_in(presenter.hud.panel_frame)
    left = next((lo, hi) for text, lo, hi in texts if "VOLTRA e-bike" in text)
    right = next((lo, hi) for text, lo, hi in texts if "VOLTARA e-bike" in text)
    assert left[1].x < right[0].x  # two columns, the label's text ends before the record's
    assert abs(left[1].z - right[1].z) < 0.01  # both start on the same line
    frame(presenter, view_after(loaded, []), frames=1)
    presenter.hud.close_panel()


def test_a_label_with_nothing_to_compare_fills_the_panel(presenter: Any, loaded: Any) -> None:
    frame(presenter, view_after(loaded, []), frames=1)
    presenter._show_documents("suspect_pallet", "Pallet of battery cartons",
                              [_document("carton_label")])
    panel = presenter.hud.panel
    assert panel is not None and panel.aside == ""
    presenter.hud.close_panel()
