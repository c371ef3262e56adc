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


# --- Markdown (GitHub-flavoured) -------------------------------------------

# Punctuation that makes inline markup anywhere in a line: emphasis, code, links,
# images, table cells and strikethrough. Escaped with a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# What makes a block when it starts a line: an ATX heading, a list item, an
# ordered list item, or a line of = / - (setext underline, thematic break).
# ``>`` is not here: it always becomes ``&gt;``, which cannot start a quote.
_MD_BLOCK_MARK = re.compile(r"^(#{1,6}|[-+])(?=\s|$)|^[=-]+\s*$")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _md_escape(text: str) -> str:
    # "&" first, so that the entities made next are not escaped again.
    text = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_BLOCK_MARK.sub(lambda m: "\\" + m.group(), text)
    return _MD_ORDERED.sub(r"\1\\\2", text)


def md_inline(text: str) -> str:
    """User text as literal inline Markdown: on one line, no markup, no HTML.

    ``<``, ``>`` and ``&`` become entities (``<script>`` shows as text), the
    characters that start emphasis, code, links, lists or tables are
    backslash-escaped, and line breaks fold into spaces so the text cannot
    start a new block.
    """
    return _md_escape(re.sub(r"[\r\n\t]+", " ", text).strip())


def md_cell(text: str) -> str:
    """User text for a GitHub table cell: like ``md_inline``, with line breaks kept as ``<br>``.

    ``|`` is escaped so the row keeps its columns; an empty value is a single space.
    """
    lines = [md_inline(line) for line in re.split(r"\r\n|\r|\n", text.strip())]
    cell = "<br>".join(line for line in lines if line)
    return cell or " "


def md_fence(body: str, info: str = "text") -> str:
    """A fenced code block whose fence is longer than any backtick run in ``body``."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{visible_lines(body)}\n{fence}"


def visible_lines(text: str) -> str:
    """``visible`` for multi-line text: line breaks and tabs are kept, other controls shown."""
    return "\n".join(visible(line.replace("\t", "    ")) for line in text.split("\n"))


_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`()\[\]{}|\\^]+$", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) address safe to put in a link, else None.

    Anything else (javascript:, data:, spaces, quotes, brackets) is shown as text
    by the renderers instead of becoming a link.
    """
    if url and _SAFE_URL.match(url) and not _INVISIBLE.search(url):
        return url
    return None


# --- HTML ------------------------------------------------------------------


def html_text(text: str) -> str:
    """User text for HTML element content or a quoted attribute value."""
    import html

    return html.escape(visible_lines(text), quote=True)


# --- JSON ------------------------------------------------------------------


def json_invisible(text: str) -> str:
    """JSON text with control, bidi and zero-width characters as ``\\uXXXX`` escapes.

    ``json.dumps(ensure_ascii=False)`` keeps C1 controls and bidi overrides raw;
    inside a JSON string the escape means the same character, so the data is
    unchanged while a terminal showing the text is safe.
    """
    if text.isascii() and "\x7f" not in text:
        return text  # json.dumps escaped the other ASCII controls (isascii takes no time)
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --- CSV -------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """User text for a spreadsheet cell: never read as a formula.

    A cell that starts with ``= + - @`` (or a tab or carriage return, which
    some spreadsheets skip) gets a leading ``'``, the usual guard against CSV
    formula injection; control characters are shown as escapes.
    """
    shown = visible_lines(text)
    return "'" + shown if shown.startswith(_FORMULA_START) else shown
