"""Content templates (Markdown + worksheet blocks, Jinja2) and a context -> rendered text.

Every value a template prints is escaped for our content format: each ASCII punctuation character
becomes a numeric character reference and a line break becomes ``&#10;``. The parser reads such
references back as plain characters, so user text can never become a heading, emphasis, a list, a
worksheet block or ReportLab markup. Undefined names fail loudly (``StrictUndefined``).

One content folder per language (``content/en``, ``content/es``). A person's own pages are rendered from
``person.md.j2`` of *that person's* language (``person_pages``), between two ``language`` marks, so that
one family's workbook can hold a grandmother's pages in Spanish and everyone else's in English.
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
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
def load_strings(language: str = "en") -> dict[str, str]:
    """The words of one language that code and page furniture use (``content/<lang>/strings.toml``)."""
    with open(data_dir("content") / language / "strings.toml", "rb") as handle:
        return dict(tomllib.load(handle))


def language_mark(language: str) -> str:
    """The block that says the text after it is in ``language`` (hyphenation, the words code adds, /Lang)."""
    return f"\n```language lang={language}\n```\n"


@pass_context
def person_pages(context: Context, person: dict[str, Any]) -> Markup:
    """One person's pages in their own language; in another language than the document's, marked as such,
    and the document's language marked again after them."""
    language, document = person["language"], context["language"]
    variables = {**context.get_all(), "person": person, "strings": load_strings(language)}
    text = environment(language).get_template("person.md.j2").render(variables)
    if language == document:
        return Markup(text)
    return Markup(f"{language_mark(language)}\n{text}\n{language_mark(document)}")


@cache
def environment(language: str = "en") -> Environment:
    """The strict, autoescaping Jinja2 environment for one language's content folder."""
    folder = data_dir("content") / language
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=escape_text,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["person_pages"] = person_pages
    return env


def render(template: str, context: dict[str, Any], language: str = "en") -> str:
    """Render one content template with the given context."""
    return environment(language).get_template(template).render(context)
