"""The build's shortcuts (lines broken once and shared between packets, the form written and the file packed in
one save) give the same PDF as the simple path kept for this test: every paragraph broken afresh, each packet
laid out whole, the form saved and the file opened again to be packed. The two files may pack objects
differently; their objects, pages and form are the same."""

from __future__ import annotations

import contextlib
import io

import pikepdf
import pytest

from workbook import api
from workbook.pdf import breaking, document


def objects(pdf: bytes) -> bytes:
    """Every object of the PDF, written plainly (no object streams, streams decoded) with no /ID."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        del doc.trailer.ID
        out = io.BytesIO()
        doc.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.generalized, static_id=True)
    return out.getvalue()


def build(options: api.BuildOptions, packets: list[int | None]) -> list[bytes]:
    layout, plan = api._inputs(options)
    return api._build_all(options, plan, layout, packets, None)


@pytest.mark.parametrize("example", [False, True], ids=["blank", "example and two packets"])
def test_fast_path_gives_the_simple_paths_pdf(monkeypatch: pytest.MonkeyPatch, example: bool) -> None:
    options = api.BuildOptions(plan=api.example_plan_path() if example else None, jobs=1)
    packets: list[int | None] = [None, 1, 2] if example else [None]
    with monkeypatch.context() as simple:
        simple.setattr(document, "SINGLE_SAVE", False)
        simple.setattr(breaking, "shared_lines", contextlib.nullcontext)
        reference = build(options, packets)
    fast = build(options, packets)
    assert len(fast) == len(packets)
    for packet, want, got in zip(packets, reference, fast, strict=True):
        assert objects(got) == objects(want), f"packet {packet}: the fast path's PDF differs from the simple path's"
