"""Runs the stages in order: layout, plan, context, templates, blocks, PDF, files. No Click here."""

from __future__ import annotations

import gc
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook.answers import with_notes
from workbook.blocks import NotesPage
from workbook.content_check import check_language
from workbook.context import DEFAULT_PEOPLE, build_context
from workbook.errors import LayoutError, WorkbookError, shown
from workbook.layouts import Layout, booklet_pages, load_layout
from workbook.output import (
    STANDARD_OUTPUT,
    check_folder,
    check_pdf_name,
    check_target,
    real_path,
    write_atomically,
    write_files,
    write_standard_output,
)
from workbook.parse import parse
from workbook.plan import MAX_PEOPLE, Plan, load_plan
from workbook.resources import data_dir
from workbook.templating import load_strings, render

if TYPE_CHECKING:
    from workbook.read import ReadResult


@dataclass(frozen=True)
class BuildOptions:
    output: Path = Path("intervention-workbook.pdf")
    plan: Path | None = None
    layout: str = "letter"
    people: int = DEFAULT_PEOPLE
    fields: bool = True
    force: bool = False
    per_person: Path | None = None
    paper: str | None = None
    duplex: bool = False
    booklet: bool = False
    jobs: int | None = None  # processes for several PDFs (--per-person); None: one per core
    language: str | None = None  # en or es; None: the plan's language:, else en


def document_language(options: BuildOptions, plan: Plan | None, packet: int | None = None) -> str:
    """The language of one PDF: --language, else the plan's ``language:``, else English; a person's packet
    is in that person's ``language:`` when they have one."""
    language = options.language or (plan.language if plan else "") or "en"
    if packet is not None and plan is not None:
        return plan.participants[packet - 1].language or language
    return language


def example_plan_path(language: str = "en") -> Path:
    """The shipped, commented example plan (what ``workbook init`` writes)."""
    return data_dir("content") / language / "example-plan.yaml"


def check_plan(path: Path) -> Plan:
    """Load and validate a plan, including that the embedded fonts can draw every character."""
    from workbook.pdf.fonts import undrawable  # ReportLab: only when a plan is checked

    return load_plan(path, undrawable)


def render_blocks(options: BuildOptions, plan: Plan | None = None, packet: int | None = None) -> list[Any]:
    """The whole workbook (or one person's packet) as blocks: the stage before PDF layout."""
    if not 1 <= options.people <= MAX_PEOPLE:
        raise WorkbookError(f"--people: give a number from 1 to {MAX_PEOPLE}")
    language = document_language(options, plan, packet)
    for used in {language, *(p.language for p in plan.participants if p.language)} if plan else {language}:
        check_language(used)
    context = build_context(plan, options.people, language, packet=packet)
    blocks = parse(render("workbook.md.j2", context, language))
    return with_notes(blocks, dict(plan.notes)) if plan else blocks


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Layout makes millions of objects that all stay alive until the file is written, so the cyclic
    collector only burns time while it runs (a third of a 100-person build); collect once afterwards, only
    the youngest generation: every object made while the collector was off is there, and the older ones
    (modules, fonts, styles) need not be walked again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect(0)


@contextmanager
def _fixed_dates() -> Iterator[None]:
    """The PDF's dates are always the same (2000-01-01): ReportLab would take SOURCE_DATE_EPOCH instead, and
    a date says when a family planned; so the variable is hidden from it while a PDF is laid out."""
    epoch = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = epoch


def _layout_pdf(blocks: list[Any], layout: Layout, options: BuildOptions) -> bytes:
    with _fixed_dates():
        return _layout_edition(blocks, layout, options)


def _layout_edition(blocks: list[Any], layout: Layout, options: BuildOptions) -> bytes:
    from workbook.pdf.document import render_pdf  # ReportLab only when a build starts

    language = options.language or "en"
    strings = load_strings(language)
    if not options.booklet:
        with _without_cyclic_gc():
            return render_pdf(blocks, layout, strings, options.fields, language, duplex=options.duplex,
                              packed=True)
    from workbook.impose import impose

    pages = booklet_pages(layout)
    # double-sided: a part starts on a right-hand page, where a booklet may end and the next begin
    # untagged: imposed sheets cannot keep a reading order (the unimposed edition is the accessible one)
    pdf = render_pdf(blocks, pages, strings, False, language, duplex=True, tagged=False)
    notes = render_pdf([NotesPage("notes.pad", titled=True)], pages, strings, False, language, facing=True,
                       tagged=False)

    def back_cover(number: int, total: int, first: int, last: int) -> bytes:
        context = {"number": number, "total": total, "first": first, "last": last}
        cover = parse(render("back-cover.md.j2", context, language))
        return render_pdf(cover, pages, strings, False, language, facing=True, tagged=False)

    return impose(pdf, back_cover, notes, layout.paper_thickness)


def _inputs(options: BuildOptions) -> tuple[Layout, Plan | None]:
    """The layout and the checked plan (if any): everything read from disk before layout starts."""
    if options.booklet and options.duplex:
        raise WorkbookError("--booklet is already double-sided: leave out --duplex")
    layout = load_layout(options.layout, options.paper)
    if options.booklet:
        booklet_pages(layout)  # a page too small to fold is an error now, before anything is laid out
    if layout.footer:
        from workbook.pdf.fonts import undrawable

        problem = undrawable(layout.footer)
        if problem:
            raise LayoutError(f"{shown(options.layout)}: footer: {problem}")
    return layout, check_plan(options.plan) if options.plan else None


def packet_file_name(number: int, name: str) -> str:
    """``01-maria-lopez.pdf``: the speaking-order number and the name, safe as a file name."""
    slug = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFC", name).lower()).strip("-_")[:40]
    return f"{number:02d}-{slug or 'person'}.pdf"


def build_workbook(options: BuildOptions, progress: Callable[[int, int], None] | None = None,
                   notes: list[str] | None = None) -> list[Path]:
    """Build the workbook (and each person's packet) and write them; return the paths written.

    ``notes`` gets what else was done or found: packets of an earlier run removed (``--force``) or left.

    ``progress(done, total)`` is called before the first PDF is laid out and after each one.
    Every PDF is built, then every file written in full, before any is put in place (:mod:`workbook.output`).
    """
    check_pdf_name(options.output)
    layout, plan = _inputs(options)
    targets: list[tuple[Path, int | None]] = [(options.output, None)]
    folder = options.per_person
    if folder is not None:
        if plan is None or not plan.participants:
            raise WorkbookError("--per-person needs a plan with participants: workbook build PLAN --per-person DIR")
        check_folder(folder)
        targets += [(folder / packet_file_name(n, p.name), n) for n, p in enumerate(plan.participants, start=1)]
    _refuse_clashes([path for path, _ in targets if path != STANDARD_OUTPUT], plan_path=options.plan,
                    layout_paths=layout.sources)
    new_folder = real_path(folder) if folder is not None and not folder.exists() else None
    for path, _ in targets:  # files in a folder still to be made cannot exist yet
        if real_path(path).parent != new_folder:
            check_target(path, options.force)
    documents = _build_all(options, plan, layout, [packet for _, packet in targets], progress)
    files = [(path, data) for (path, _), data in zip(targets, documents, strict=True)]
    if options.output != STANDARD_OUTPUT:
        written = write_files(files, options.force, folder=folder)
    else:
        written = write_files(files[1:], options.force, folder=folder) if files[1:] else []
        write_standard_output(files[0][1])  # after the packets: a failed packet leaves nothing half-piped
        written = [STANDARD_OUTPUT, *written]
    if folder is not None:
        _tidy_packets(folder, [path.name for path, _ in targets[1:]], options.force, notes)
    return written


def _tidy_packets(folder: Path, names: list[str], force: bool, notes: list[str] | None) -> None:
    """Packets an earlier run wrote in ``folder`` that this run does not: removed with --force, else named."""
    from workbook.packets import remove_stale, stale_packets, write_manifest

    notes = notes if notes is not None else []
    if force:
        removed = remove_stale(folder, names)
        notes += [f"removed {shown(path)}: a packet an earlier run wrote that this plan no longer has"
                  for path in removed]
        kept: list[Path] = []
    else:
        kept = stale_packets(folder, names)
        if kept:
            notes.append(f"{shown(folder)} still holds {len(kept)} packet(s) of an earlier run that this plan no "
                         f"longer has ({', '.join(path.name for path in kept)}); --force removes them")
    write_manifest(folder, names, kept)


def _build_all(options: BuildOptions, plan: Plan | None, layout: Layout, packets: list[int | None],
               progress: Callable[[int, int], None] | None) -> list[bytes]:
    """Lay out each PDF (the whole workbook for None, else that person's packet), on every core if asked."""
    from workbook.pdf.breaking import shared_lines  # ReportLab only when a build starts

    report = progress or (lambda done, total: None)
    report(0, len(packets))
    jobs = min(options.jobs or _cores(), len(packets))
    job = partial(_build_one, options, plan, layout)
    with shared_lines():  # the guide's paragraphs are broken into lines once per process, not once per PDF
        if jobs > 1:  # each PDF is independent: lay them out on every core
            from workbook.workers import map_in_workers  # multiprocessing only when it is used

            return _collect(map_in_workers(job, packets, jobs), len(packets), report)
        return _collect(map(job, packets), len(packets), report)


def _collect(results: Iterator[bytes], total: int, report: Callable[[int, int], None]) -> list[bytes]:
    documents: list[bytes] = []
    for data in results:
        documents.append(data)
        report(len(documents), total)
    return documents


def _refuse_clashes(paths: list[Path], plan_path: Path | None, layout_paths: tuple[Path, ...] = ()) -> None:
    """Two outputs on one file, or an output on the plan or a layout file being read, would lose work even
    with --force."""
    seen: dict[Path, Path] = {}
    plan = real_path(plan_path) if plan_path is not None else None
    layouts = {real_path(path) for path in layout_paths}
    for path in paths:
        key = real_path(path)
        if key == plan:
            raise WorkbookError(f"{shown(path)}: this is the plan file; write the PDF somewhere else with -o")
        if key in layouts:
            raise WorkbookError(f"{shown(path)}: this is a layout file the build reads; write the PDF somewhere "
                                "else with -o")
        if key in seen:
            raise WorkbookError(f"{shown(path)}: two PDFs of this build would be written to this file; give -o "
                                "another name or --per-person another folder")
        seen[key] = path


def _build_one(options: BuildOptions, plan: Plan | None, layout: Layout, packet: int | None) -> bytes:
    options = replace(options, language=document_language(options, plan, packet))
    return _layout_pdf(render_blocks(options, plan, packet), layout, options)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_workbook(source: Path, output: Path, force: bool = False) -> ReadResult:
    """``workbook read``: the plan file of a filled workbook, written to ``output`` (private, 0600)."""
    from workbook.read import read_filled

    _refuse_source(source, output)
    check_target(output, force)
    result = read_filled(source, output.name)
    write_atomically(output, result.text.encode("utf-8"), force, mode=0o600)
    return result


def flatten_workbook(source: Path, output: Path, force: bool = False) -> tuple[Path, ReadResult]:
    """``workbook flatten``: a print-ready copy of a filled workbook, every answer drawn on its lines."""
    from workbook.flatten import flat_options, without_stand_ins
    from workbook.read import read_filled

    check_pdf_name(output)
    _refuse_source(source, output)
    check_target(output, force)
    result = read_filled(source)
    options, packet = flat_options(source, output, force, result)
    layout = load_layout(options.layout, options.paper)
    plan = without_stand_ins(result)
    options = replace(options, language=document_language(options, plan, packet))
    pdf = _layout_pdf(render_blocks(options, plan, packet), layout, options)
    if output == STANDARD_OUTPUT:
        write_standard_output(pdf)
    else:
        write_atomically(output, pdf, force)
    return output, result


def _refuse_source(source: Path, output: Path) -> None:
    if output != STANDARD_OUTPUT and output.resolve() == source.resolve():
        raise WorkbookError(f"{output}: this is the filled workbook itself; write somewhere else with -o")
