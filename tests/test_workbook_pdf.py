"""The blank workbook, opened as a reader's tools open it: pages, text, outline, contents, fields, fonts."""

from __future__ import annotations

import re

import pikepdf
import pypdfium2
import pytest

from tests.pdfcheck import Pdf, full_name, inherited

STEPS = [
    "Step 1: Choose a treatment program first",
    "Step 2: Understand why they said no",
    "Step 3: Plan and hold an intervention",
    "Step 4: Agree on consequences and keep them",
    "Step 5: Offer support",
]
PARTS = ["Contents", "How to use this workbook", "The five steps at a glance", "Safety first",
         "Medicines are treatment", "Before you choose: three ways to help", *STEPS[:2],
         "The CRAFT path: skills to practice at home", *STEPS[2:],
         "Pages for each person", "The day itself", "Resources and references", "Notes"]
WORKSHEETS = [
    "Worksheet: Treatment program comparison",
    "Worksheet: The program we chose",
    "Worksheet: Insurance call log",
    "Worksheet: Why they said no",
    "Worksheet: Likely objections and our answers",
    "Worksheet: Team and meeting plan",
    "Worksheet: Group agreement",
    "Worksheet: After a no",
    "Worksheet: Aftercare and relapse plan",
    "Getting ready: the checklist",
    "Day-of sheet",
    "Person 1: intervention letter",
    "Person 1: consequence agreement",
    "Person 1: support plan",
    "Where to get help",
    "Our local resources",
    "Words you may hear",
    "References",
]


def test_parts_are_top_level_bookmarks_in_order(blank: Pdf) -> None:
    top = [entry.title for entry in blank.outline if entry.level == 0]
    assert top == PARTS


def test_every_worksheet_is_bookmarked_and_printed(blank: Pdf) -> None:
    titles = {entry.title: entry for entry in blank.outline}
    for name in WORKSHEETS:
        assert name in titles, name
        page_text = blank.pages[titles[name].page - 1]
        assert name in page_text, f"{name} not printed on page {titles[name].page}"


def test_default_has_four_people_and_people_option_changes_it(blank: Pdf, built) -> None:  # type: ignore[no-untyped-def]
    titles = [entry.title for entry in blank.outline]
    assert "Person 4: support plan" in titles and "Person 5: intervention letter" not in titles
    six = built("--people", "6")
    titles6 = [entry.title for entry in six.outline]
    assert "Person 6: intervention letter" in titles6 and "Person 7: intervention letter" not in titles6
    names = {w["name"] for w in six.widgets}
    assert {"letter.6.love", "consequence.6.will", "support.6.during"} <= names


def test_contents_numbers_are_the_real_pages(blank: Pdf) -> None:
    contents = [entry for entry in blank.outline if entry.title == "Contents"][0]
    toc_pages = [i for i, text in enumerate(blank.pages, start=1)
                 if i >= contents.page and "Intervention Workbook Contents" in text]
    toc_text = " ".join(blank.pages[i - 1] for i in toc_pages)
    entries = [e for e in blank.outline if e.title != "Contents"]
    assert len(entries) > 40
    for entry in entries:
        printed = re.search(rf"{re.escape(entry.title)} (\d+)\b", toc_text)
        assert printed, f"no contents line for {entry.title!r}"
        number = int(printed.group(1))
        assert number == entry.page, f"contents line for {entry.title!r} says {number}, its bookmark {entry.page}"
        assert entry.title in blank.pages[number - 1], f"page {number} does not hold {entry.title!r}"


def test_contents_entries_link_to_their_pages(blank: Pdf) -> None:
    reader = blank.reader
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, start=1)}
    targets = []
    for page in reader.pages[1:4]:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link":
                dest = annot["/Dest"]
                if not isinstance(dest, list):
                    dest = reader.named_destinations[str(dest)]
                    targets.append(reader.get_destination_page_number(dest) + 1)
                else:
                    targets.append(page_of[dest[0].idnum])
    expected = [e.page for e in blank.outline if e.title != "Contents"]
    assert targets == expected


def test_page_x_of_y_on_every_page(blank: Pdf) -> None:
    total = len(blank.pages)
    assert total > 30
    assert "Page 1 of" not in blank.pages[0]  # the title page has no number
    for number, text in enumerate(blank.pages[1:], start=2):
        assert f"Page {number} of {total}" in text, f"page {number}"


def test_running_header_names_the_part(blank: Pdf) -> None:
    for entry in blank.outline:
        if entry.level == 0 and entry.title != "Contents":
            assert f"Intervention Workbook {entry.title}" in blank.pages[entry.page - 1]


def test_page_sizes(blank: Pdf, built) -> None:  # type: ignore[no-untyped-def]
    assert blank.page_size() == pytest.approx((612, 792), abs=0.5)
    a4 = built("--layout", "a4")
    for number in (1, len(a4.pages)):
        assert a4.page_size(number) == pytest.approx((595.28, 841.89), abs=0.5)


def test_fields_cover_every_write_in_area_with_unique_names(blank: Pdf) -> None:
    widgets = blank.widgets
    names = [w["name"] for w in widgets]
    assert len(names) == len(set(names)), "duplicate field names"
    assert len(names) > 250
    for widget in widgets:
        assert widget["tooltip"], f"{widget['name']} has no tooltip"
    tooltips = [w["tooltip"] for w in widgets]  # a screen reader tells every field apart
    assert len(tooltips) == len(set(tooltips)), "two fields share a tooltip"
    tips = {w["name"]: w["tooltip"] for w in widgets}
    assert tips["calls.3.date"] == "Insurance call log: row 3 - Date"
    assert tips["letter.2.love"].startswith("Person 2: intervention letter: ")
    text_fields = [w for w in widgets if w["type"] == "/Tx"]
    for widget in text_fields:
        x0, y0, x1, y1 = widget["rect"]
        assert y1 - y0 >= 8 * 72 / 25.4, f"{widget['name']} is too short to write in"
        assert x1 - x0 >= 40, f"{widget['name']} is too narrow"
    expected = {"compare.name.p1", "compare.checked.p3", "chosen.name", "calls.7.said", "why.notes",
                "objections.5.answer", "team.6.phone", "meeting.sober", "agreement.1.signature",
                "after-no.6.did", "letter.1.love", "letter.4.closing", "consequence.2.because",
                "support.3.self", "dayof.notes", "resources.4.notes", "notes.1", "notes.2", "title.name",
                "dayof.program.1.phone", "dayof.roles.1.calls911", "dayof.walkout.1.message",
                "aftercare.leaves-early", "aftercare.return-to-use", "resources.checked"}
    assert expected <= set(names)


def test_checklist_items_are_checkboxes(blank: Pdf) -> None:
    boxes = [w["name"] for w in blank.widgets if w["type"] == "/Btn"]
    assert "why.withdrawal" in boxes and "dayof.before.bag" in boxes and "consequence.4.check.safe" in boxes
    # why, getting ready, discharge, four safety questions for each of four people, CRAFT safety signs and good
    # moments
    assert len(boxes) == 10 + 13 + 3 + 4 * 4 + 6 + 3


def test_character_limits_are_the_size_of_the_box(blank: Pdf) -> None:
    """No field has a character limit of its own (ReportLab's default of 100 cut letters short); the limit on a
    widget, which only pdf.js reads, is about what fits: a letter area takes a letter, a table cell a name.
    (Typing to the limit in real engines: tests/test_forms.py.)"""
    with pikepdf.open(blank.path) as pdf:
        widgets = {full_name(a): a for page in pdf.pages for a in page.obj.get("/Annots", [])
                   if inherited(a, "/FT") == "/Tx"}
        assert len(widgets) > 200
        for name, widget in widgets.items():
            assert widget.Parent.MaxLen == 0, name  # PDFium reads the field's (0: none), pdf.js the widget's
        assert 800 < int(widgets["letter.1.love"].MaxLen) < 1500
        assert 30 <= int(widgets["team.2.name"].MaxLen) <= 60  # a name of 30 characters, on two lines


def test_no_fields_edition_has_none(built) -> None:  # type: ignore[no-untyped-def]
    plain = built("--no-fields")
    assert plain.widgets == []
    assert not plain.reader.get_fields()
    assert len(plain.pages) == len(built().pages)


def test_every_page_text_font_is_embedded(blank: Pdf) -> None:
    fonts = blank.page_text_fonts()
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    assert any("NotoSans" in name for name in fonts)


def test_metadata_is_neutral_and_language_set(blank: Pdf) -> None:
    info = blank.reader.metadata
    assert info.title == "Intervention Workbook"
    assert not info.author
    assert "ReportLab" not in (info.producer or "")
    assert str(blank.reader.trailer["/Root"]["/Lang"]) == "en-US"  # a language tag with its region (PDF/UA)


def test_a_second_engine_renders_every_page(blank: Pdf) -> None:
    document = pypdfium2.PdfDocument(str(blank.path))
    try:
        assert len(document) == len(blank.pages)
        for index in range(len(document)):
            bitmap = document[index].render(scale=0.25)
            assert bitmap.width > 100
        # and it reads the same page furniture
        assert "Page 2 of" in document[1].get_textpage().get_text_range()
    finally:
        document.close()


def test_guide_carries_the_resources_and_no_advertising(blank: Pdf) -> None:
    text = re.sub(r"(?<=\w-)\s+", "", blank.text)  # a compound word may break after its hyphen
    for fact in ["1-800-662-4357", "988", "911", "FindTreatment.gov", "Al-Anon",
                 "Nar-Anon", "SMART Recovery Family & Friends", "We wrote this list in", "Spanish",
                 "1-800-799-7233", "Drugs, Brains, and Behavior: The Science of Addiction",
                 "Principles of Drug Addiction Treatment: A Research-Based Guide (Third Edition)"]:
        assert fact in text, fact
    for advert in ["800-779-4314", "Detox.com", "Who Answers", "Call now"]:
        assert advert.lower() not in text.lower()


def test_headings_are_never_last_on_a_page(blank: Pdf) -> None:
    """A section heading is followed on its page by at least one line of what it introduces."""
    for entry in blank.outline:
        if entry.level == 1:
            text = blank.pages[entry.page - 1]
            after = text.split(entry.title, 1)[1]
            assert re.sub(r"Page \d+ of \d+", "", after).strip(), f"{entry.title} stranded"


def test_a_field_filled_on_screen_shows_its_text(blank: Pdf, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Fill a write-in field the way a form program does, and the rendered page shows ink in it."""
    import pypdf

    widget = next(w for w in blank.widgets if w["name"] == "why.notes")
    writer = pypdf.PdfWriter(clone_from=blank.reader)
    writer.update_page_form_field_values(writer.pages[widget["page"] - 1], {"why.notes": "Afraid of withdrawal"},
                                         auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)

    def ink(path) -> int:  # type: ignore[no-untyped-def]
        document = pypdfium2.PdfDocument(str(path))
        document.init_forms()
        try:
            image = document[widget["page"] - 1].render(scale=1, may_draw_forms=True).to_pil().convert("L")
        finally:
            document.close()
        x0, y0, x1, y1 = widget["rect"]
        height = image.size[1]
        box = image.crop((int(x0), int(height - y1), int(x1), int(height - y1 + 20)))  # the first line
        return sum(box.histogram()[:128])

    assert ink(blank.path) == 0
    assert ink(filled) > 50
