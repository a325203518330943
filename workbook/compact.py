"""Finished PDF bytes -> the same PDF, smaller: objects packed into compressed object streams (qpdf).

Nothing on the page changes; the file is deterministic (the same input gives the same bytes).
"""

from __future__ import annotations

import io


def compact(pdf: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        out = io.BytesIO()
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
                      deterministic_id=True)
    return out.getvalue()
