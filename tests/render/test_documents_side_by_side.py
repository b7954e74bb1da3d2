"""The desktop HUD draws a document and the record it is compared with in two columns, side by
side, with nothing overlapping; a lone document keeps the whole width."""

from __future__ import annotations

from typing import Any

from engine.interact.body import Body
from engine.interact.lines import Line, say
from engine.interact.screen import PanelShown, Screen, Section
from tests.render.conftest import frame, view_after

LABEL = Section(Line("container-search/document/carton_label/title"),
                (Line("container-search/document/carton_label/body"),))
GENUINE = Section(Line("container-search/document/genuine_label/title"),
                  (Line("container-search/document/genuine_label/body"),))


def _drawn(presenter: Any, panel: PanelShown) -> dict[str, tuple[Any, Any]]:
    presenter.show_hud(Screen(body=Body(), panel=panel), ())
    node = presenter.hud.parts["wide_panel"].node
    return {t.node().getText(): t.getTightBounds(node) for t in node.findAllMatches("**/+TextNode")}


def test_a_record_compared_with_a_label_stands_beside_it(presenter: Any, loaded: Any) -> None:
    frame(presenter, view_after(loaded, []), frames=1)
    panel = PanelShown("document", "document:suspect_pallet:*", Line(
        "container-search/prop/suspect_pallet/name"), sections=(LABEL,), beside=(GENUINE,),
        hint=say("ui/document_hint"))
    texts = _drawn(presenter, panel)
    label = next(box for text, box in texts.items() if text.startswith("VOLTRA e-bike"))
    genuine = next(box for text, box in texts.items() if text.startswith("VOLTARA e-bike"))
    assert label[1].x < genuine[0].x  # two columns: the label ends before the record begins
    assert abs(label[1].z - genuine[1].z) < 0.01  # and both start on the same line
    plate = presenter.hud.parts["wide_panel"]
    assert genuine[1].x < plate.width  # the record stays on the panel
    presenter.show_hud(Screen(body=Body()), ())


def test_a_lone_document_keeps_the_whole_width(presenter: Any, loaded: Any) -> None:
    frame(presenter, view_after(loaded, []), frames=1)
    alone = PanelShown("document", "document:suspect_pallet:*", Line(
        "container-search/prop/suspect_pallet/name"), sections=(LABEL,))
    wide = PanelShown("document", "document:x:*", alone.title, sections=(LABEL,),
                      beside=(GENUINE,))
    single = next(box for t, box in _drawn(presenter, alone).items() if t.startswith("VOLTRA"))
    split = next(box for t, box in _drawn(presenter, wide).items() if t.startswith("VOLTRA"))
    assert single[1].x - single[0].x > split[1].x - split[0].x  # more words on each line
    presenter.show_hud(Screen(body=Body()), ())
