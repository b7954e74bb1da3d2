"""An on-screen keyboard (the headset's) without its drawing: which keys it has, where they sit,
and the text typed with them (pure, so the editing rules are unit-tested without a runtime).

A trainee types a decision's rationale by pointing the laser at a key and pulling the
trigger: letters, digits and a little punctuation; space, backspace, and done. Done is
refused while a required rationale is still blank, as the core would refuse it.
"""

from __future__ import annotations

from dataclasses import dataclass

SPACE, BACK, DONE = "space", "backspace", "done"
SPECIAL = (SPACE, BACK, DONE)
CHARACTER_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm,.-")
COLUMNS = 10
MAX_CHARS = 240  # two or three sentences: a rationale, not an essay


@dataclass(frozen=True)
class Key:
    """One key: what it types (a character or SPACE/BACK/DONE), its row from the top, and
    its left edge and width in key widths."""

    name: str
    row: int
    column: float
    width: float = 1.0


def layout() -> tuple[Key, ...]:
    """Four rows of ten character keys, then space (half the width), backspace and done."""
    keys = [Key(c, row, float(col)) for row, chars in enumerate(CHARACTER_ROWS)
            for col, c in enumerate(chars)]
    last = len(CHARACTER_ROWS)
    keys += [Key(SPACE, last, 0.0, 5.0), Key(BACK, last, 5.0, 2.5), Key(DONE, last, 7.5, 2.5)]
    return tuple(keys)


@dataclass
class Typing:
    """The text typed so far for one decision's rationale."""

    required: bool
    text: str = ""

    def press(self, key: str) -> bool:
        """Apply one key; True when it is DONE and the text may be handed over."""
        if key == DONE:
            return self.can_finish
        if key == BACK:
            self.text = self.text[:-1]
        elif len(self.text) >= MAX_CHARS:
            pass
        elif key == SPACE:
            if self.text and not self.text.endswith(" "):  # no leading or doubled spaces
                self.text += " "
        elif len(key) == 1:
            self.text += key.upper() if self._sentence_start() and key.isalpha() else key
        return False

    def _sentence_start(self) -> bool:
        stripped = self.text.rstrip()
        return not stripped or stripped.endswith((".", "!", "?"))

    @property
    def can_finish(self) -> bool:
        return bool(self.reason) or not self.required

    @property
    def reason(self) -> str:
        return self.text.strip()
