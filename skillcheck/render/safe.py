"""Making untrusted text (names, notes, rubric strings) safe for each output.

Renderers never pass user text through rich markup, never into HTML without
escaping, and never to a terminal with control characters in it.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that change how a terminal or a bidi-aware viewer shows the text
# around them: C0/C1 controls (ESC starts ANSI sequences), bidi embeddings,
# overrides and isolates, and the zero-width characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Show control, bidi and zero-width characters as escapes (``\\x1b``, ``\\u202e``)."""
    return _INVISIBLE.sub(_escape_char, text)


def one_line(text: str) -> str:
    """``visible`` text with line breaks and tabs folded into spaces, for table cells."""
    return visible(re.sub(r"[\r\n\t]+", " ", text)).strip()


def is_rtl(text: str) -> bool:
    """True when the text holds right-to-left letters."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)
