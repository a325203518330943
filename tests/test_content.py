"""Templates -> blocks: the guide and worksheets as data, and user text that stays text."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workbook import blocks as b
from workbook.api import BuildOptions, render_blocks
from workbook.parse import parse
from workbook.pdf.inline import escape_markup, markup
from workbook.templating import environment


def render_value(template: str, value: str) -> list[b.Block]:
    return parse(environment("en").from_string(template).render(x=value))


def test_blank_workbook_blocks_have_every_kind_of_worksheet() -> None:
    blocks = render_blocks(BuildOptions(people=2))
    kinds = {type(block) for block in blocks}
    assert {b.TitlePage, b.Contents, b.Heading, b.Paragraph, b.BulletList, b.Callout, b.WriteIn,
            b.Checklist, b.Grid, b.Signatures, b.Figure, b.NotesPage, b.PageBreak} <= kinds
    figure = next(block for block in blocks if isinstance(block, b.Figure))
    assert len(figure.steps) == 5
    keys = [block.key for block in blocks if isinstance(block, b.Heading)]
    assert len(keys) == len(set(keys))


def test_markup_like_text_is_literal() -> None:
    for text in ["Tom & Jerry <3", "<b>bold</b>", "{{ x }}", "**x**", "# heading", "- item", "1. one",
                 "```lines field=x rows=1", "<img src='/etc/passwd'/>", '<a href="javascript:alert(1)">x</a>',
                 "value: prompt: x", "> quote", "[link](http://example.org)"]:
        blocks = render_value("{{ x }}", text)
        assert len(blocks) == 1 and isinstance(blocks[0], b.Paragraph), text
        assert b.plain_text(blocks[0].runs) == text
        assert not any(run.bold or run.italic for run in blocks[0].runs)


def test_user_text_in_a_worksheet_block_stays_a_value() -> None:
    text = "line one\nvalue: injected\n```\n# not a heading"
    blocks = render_value("```lines field=f rows=2\nprompt: P\nvalue: {{ x }}\n```\n", text)
    assert blocks == [b.WriteIn(field="f", rows=2, prompt=(b.Run("P"),), value=text)]


_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_any_text_round_trips_through_the_content_format(text: str) -> None:
    expected = _fold(text)
    assume(expected)
    blocks = render_value("{{ x }}", text)
    assert len(blocks) == 1 and isinstance(blocks[0], b.Paragraph)
    assert _fold(b.plain_text(blocks[0].runs)) == expected


def _fold(text: str) -> str:
    """Markdown folds white space at the ends of a paragraph and ASCII white space at line ends."""
    return re.sub(r"[ \t\n]+", " ", text).strip()


def test_reportlab_markup_escapes_once() -> None:
    assert escape_markup("a < b & c\nd") == "a &lt; b &amp; c<br/>d"
    assert markup((b.Run("<i>", bold=True),)) == "<b>&lt;i&gt;</b>"
