"""Rendered content text (Markdown + fenced worksheet blocks) -> a list of :mod:`workbook.blocks`.

Prose is CommonMark: ``#`` part, ``##`` section, ``###`` sub-heading, paragraphs, lists, ``>`` callouts.
Worksheet elements are fenced blocks whose info string names the block and its settings
(```` ```lines field=letter.1.memory rows=6 ````) and whose body holds ``name: value`` lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbook import blocks as b


@cache
def _markdown() -> MarkdownIt:
    """CommonMark with the typographer: curly quotes and apostrophes, dashes and ellipses in our text.
    User values reach the parser as character references (see :mod:`templating`), which the typographer
    leaves alone, so they print exactly as typed."""
    return MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(["replacements", "smartquotes"])


def parse(text: str) -> list[b.Block]:
    """Parse a whole rendered document."""
    return list(_Parser(_markdown().parse(text)).blocks())


def inline(text: str) -> b.Inline:
    """Parse one line of inline Markdown (emphasis, strong) into runs of plain text."""
    tokens = _markdown().parseInline(text)
    return _runs(tokens[0].children or []) if tokens else ()


def _runs(children: list[Token]) -> b.Inline:
    runs: list[b.Run] = []
    bold = italic = False
    for tok in children:
        if tok.type == "strong_open":
            bold = True
        elif tok.type == "strong_close":
            bold = False
        elif tok.type == "em_open":
            italic = True
        elif tok.type == "em_close":
            italic = False
        elif tok.type in ("text", "code_inline"):
            _append(runs, b.Run(tok.content, bold, italic))
        elif tok.type == "softbreak":
            _append(runs, b.Run(" ", bold, italic))
        elif tok.type == "hardbreak":
            _append(runs, b.Run("\n", bold, italic))
    return tuple(runs)


def _append(runs: list[b.Run], run: b.Run) -> None:
    if runs and (runs[-1].bold, runs[-1].italic) == (run.bold, run.italic):
        runs[-1] = b.Run(runs[-1].text + run.text, run.bold, run.italic)
    elif run.text:
        runs.append(run)


def slug(text: str) -> str:
    """A short ASCII key for a heading (a PDF name: at most 127 bytes, so cut at 48 characters)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower())[:48].strip("-") or "section"


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.keys: dict[str, int] = {}

    def blocks(self) -> Iterator[b.Block]:
        while self.pos < len(self.tokens):
            block = self._block()
            if block is not None:
                yield block

    def _next(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def _block(self) -> b.Block | None:
        tok = self._next()
        if tok.type == "heading_open":
            runs = _runs(self._next().children or [])
            self._next()  # heading_close
            return b.Heading(int(tok.tag[1]), runs, self._key(b.plain_text(runs)))
        if tok.type == "paragraph_open":
            runs = _runs(self._next().children or [])
            self._next()
            return b.Paragraph(runs)
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            return self._list(tok.type == "ordered_list_open")
        if tok.type == "blockquote_open":
            return self._callout()
        if tok.type == "fence":
            return _fence(tok.info.strip(), tok.content)
        if tok.type == "hr":
            return b.PageBreak()
        return None

    def _key(self, text: str) -> str:
        base = slug(text)
        self.keys[base] = self.keys.get(base, 0) + 1
        return base if self.keys[base] == 1 else f"{base}-{self.keys[base]}"

    def _list(self, ordered: bool) -> b.BulletList:
        items: list[b.Inline] = []
        depth = 1
        current: list[b.Run] = []
        while depth:
            tok = self._next()
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif tok.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
            elif tok.type == "list_item_close" and depth == 1:
                items.append(tuple(current))
                current = []
            elif tok.type == "inline":
                if current:
                    current.append(b.Run(" "))
                current.extend(_runs(tok.children or []))
        return b.BulletList(tuple(items), ordered)

    def _callout(self) -> b.Callout:
        body: list[b.Paragraph | b.BulletList] = []
        while self.tokens[self.pos].type != "blockquote_close":
            block = self._block()
            if isinstance(block, (b.Paragraph, b.BulletList)):
                body.append(block)
        self._next()
        title: b.Inline = ()
        first = body[0] if body else None
        if isinstance(first, b.Paragraph) and first.runs and first.runs[0].bold:
            title = (b.Run(first.runs[0].text.strip(), bold=True),)
            rest = first.runs[1:]
            lead: list[b.Paragraph | b.BulletList] = [b.Paragraph(_strip_leading(rest))] if rest else []
            body = lead + body[1:]
        return b.Callout(title, tuple(body))


def _strip_leading(runs: b.Inline) -> b.Inline:
    if runs and runs[0].text.strip() == "":
        runs = runs[1:]
    if runs:
        runs = (b.Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic),) + runs[1:]
    return runs


# --- fenced worksheet blocks -------------------------------------------------------------------------

_ENTRY = re.compile(r"^(?P<head>[^:]*?)\s*:(?:\s(?P<text>.*))?$")


def _entries(body: str) -> list[tuple[list[str], str]]:
    """Split a fence body into (head words, text) pairs; text keeps its character references."""
    entries = []
    for line in body.splitlines():
        if not line.strip():
            continue
        match = _ENTRY.match(line.strip())
        if not match:
            raise ValueError(f"content: a worksheet line needs 'name: value', got {line!r}")
        entries.append((match.group("head").split(), (match.group("text") or "").strip()))
    return entries


def _settings(info: str) -> tuple[str, dict[str, str]]:
    kind, *pairs = info.split()
    settings = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        settings[key] = html.unescape(value)
    return kind, settings


def _value(text: str) -> str:
    """A user value: character references back to plain text, no Markdown."""
    return html.unescape(text)


def _fence(info: str, body: str) -> b.Block:
    kind, settings = _settings(info)
    entries = _entries(body)
    simple = {head[0]: text for head, text in entries if len(head) == 1}
    if kind == "lines":
        return b.WriteIn(
            field=settings["field"],
            rows=int(settings["rows"]),
            prompt=inline(simple.get("prompt", "")),
            value=_value(simple.get("value", "")),
            plan=settings.get("plan", ""),
        )
    if kind == "checklist":
        items = []
        for head, text in entries:
            checked = head[0] == "checked"
            items.append(b.CheckItem(key=head[-1], text=inline(text), checked=checked))
        return b.Checklist(settings["field"], tuple(items))
    if kind == "grid":
        return _grid(settings, entries)
    if kind == "signatures":
        signers = tuple(b.Signer(key=head[1], name=_value(text)) for head, text in entries)
        return b.Signatures(settings["field"], signers)
    if kind == "figure":
        steps = []
        for head, text in entries:
            if head == ["step"]:
                title, _, summary = text.partition(" | ")
                steps.append((inline(title), inline(summary)))
        return b.Figure(settings["name"], tuple(steps))
    if kind == "title":
        return b.TitlePage(
            title=inline(simple.get("title", "")),
            subtitle=inline(simple.get("subtitle", "")),
            for_label=inline(simple.get("for", "")),
            for_name=_value(simple.get("name", "")),
            owner=_value(simple.get("owner", "")),
            note=inline(simple.get("note", "")),
            plan=settings.get("plan", ""),
        )
    if kind == "contents":
        return b.Contents(inline(simple.get("title", "")))
    if kind == "notes":
        return b.NotesPage(settings["field"])
    if kind == "reading":
        text = _value(simple.get("value", ""))
        # blank lines part paragraphs; single line breaks are re-flowed for easy reading aloud
        paragraphs = tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())
        return b.ReadingCopy(paragraphs, settings.get("field", ""), text, settings.get("plan", ""))
    if kind == "kept":
        return b.KeptChoice(settings["field"], _value(simple.get("value", "")).strip(), settings.get("plan", ""))
    if kind == "pagebreak":
        return b.PageBreak()
    if kind == "recto":
        return b.PageBreak(recto=True)
    if kind == "language":
        return b.LanguageMark(settings["lang"])
    if kind == "sheet":
        if settings.get("at") not in ("start", "turn", "end"):
            raise ValueError("content: a sheet fence needs at=start, at=turn or at=end")
        return b.SheetMark(settings["at"])
    raise ValueError(f"content: unknown worksheet block {kind!r}")


def _grid(settings: dict[str, str], entries: list[tuple[list[str], str]]) -> b.Grid:
    columns, rows, values, plans = [], [], {}, {}
    for head, text in entries:
        if head[0] == "column":
            width = float(head[2]) if len(head) > 2 else 1.0
            columns.append(b.GridColumn(head[1], inline(text), width))
        elif head[0] == "row":
            lines = int(head[2]) if len(head) > 2 else 1
            rows.append(b.GridRow(head[1], inline(text), lines))
        elif head[0] == "value":
            values[head[1]] = _value(text)
        elif head[0] == "plan":
            plans[head[1]] = text
    return b.Grid(
        field=settings["field"],
        columns=tuple(columns),
        rows=tuple(rows),
        values=values,
        label_width=float(settings.get("label_width", "1")),
        plans=plans,
        more={key.removeprefix("more").removeprefix("."): value for key, value in settings.items()
              if key == "more" or key.startswith("more.")},
    )
