"""Content templates (Markdown + worksheet blocks, Jinja2) and a context -> rendered text.

Every value a template prints is escaped for our content format: each ASCII punctuation character
becomes a numeric character reference and a line break becomes ``&#10;``. The parser reads such
references back as plain characters, so user text can never become a heading, emphasis, a list, a
worksheet block or ReportLab markup. Undefined names fail loudly (``StrictUndefined``).
"""

from __future__ import annotations

import string
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from workbook.resources import data_dir

_ESCAPES = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation}
_ESCAPES[ord("\n")] = "&#10;"


def escape_text(value: object) -> Markup:
    """Escape one value for the content format (and, through it, for ReportLab markup)."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_ESCAPES))


@cache
def environment(language: str = "en") -> Environment:
    """The strict, autoescaping Jinja2 environment for one language's content folder."""
    folder = data_dir("content") / language
    return Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=escape_text,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, context: dict[str, Any], language: str = "en") -> str:
    """Render one content template with the given context."""
    return environment(language).get_template(template).render(context)
