"""Runs of plain text -> ReportLab paragraph markup. The one place where text is escaped for ReportLab."""

from __future__ import annotations

from workbook.blocks import Inline
from workbook.pdf.breaking import escape, keep_phones


def escape_markup(text: str) -> str:
    """Plain text -> markup that prints exactly that text; line breaks become ``<br/>``, and a phone
    number's spaces become no-break spaces (it never breaks over two lines)."""
    return escape(keep_phones(text)).replace("\n", "<br/>")


def markup(runs: Inline) -> str:
    parts = []
    for run in runs:
        text = escape_markup(run.text)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)
