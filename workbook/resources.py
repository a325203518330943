"""Finds the built-in data folders (layouts, fonts, content), installed in a wheel or in a checkout."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
LANGUAGES = ("en", "es")  # the content folders (``content/<lang>``): --language and a plan's ``language:``


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``layouts``, ``fonts`` or ``content``).

    A wheel carries ``layouts/`` and ``fonts/`` inside the package; a checkout keeps them beside it.
    """
    packaged = Path(str(resources.files("workbook").joinpath(name)))
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the built-in folder {name!r} is missing from this installation")
