"""Finished PDF bytes -> the same PDF, smaller: objects packed into compressed object streams (qpdf).

Nothing on the page changes; the file is deterministic (the same input gives the same bytes).
"""

from __future__ import annotations

import io
from typing import Any


def compact(pdf: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return save(document)


def save(document: Any, packed: bool = True) -> bytes:
    """An open pikepdf document's bytes: packed into object streams, or (``packed`` False) as qpdf writes a
    plain file."""
    import pikepdf

    out = io.BytesIO()
    if packed:
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
                      deterministic_id=True)
    else:
        document.save(out, deterministic_id=True)
    return out.getvalue()
