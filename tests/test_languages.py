"""The Spanish edition and a language per person (issue 22), on real PDFs and the real command.

The two content trees hold the same worksheets (a build-time check, tested here too); ``--language es`` and a
plan's ``language: es`` give a Spanish workbook (no English sentence left, the Spanish help lines, /Lang es-US);
one participant's ``language: es`` gives that person's pages and packet in Spanish and the others' in English.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import assert_clean_exit, run_build
from tests.pdfcheck import Pdf
from tests.test_own_words import TOOL as SEED_OVERLAP
from workbook import blocks as b
from workbook import content_check, resources
from workbook.answers import block_fields
from workbook.api import BuildOptions, example_plan_path, render_blocks
from workbook.cli import main
from workbook.plan import PATHS, load_plan
from workbook.resources import LANGUAGES

PLANS = Path(__file__).parent / "plans"
MIXED = PLANS / "one-spanish-speaker.yaml"  # Rosa (person 2) reads Spanish; Maria and Luis English
SPANISH_HELP = ("1-800-662-4357", "1-800-487-4889", "988", "AYUDA", "1-800-799-7233", "911", "FindTreatment.gov")
ENGLISH_WORDS = {"the", "and", "you", "your", "to", "of", "with", "for", "what", "who", "is", "are", "this", "if",
                 "not", "will", "how", "we", "our", "it", "or", "page", "person", "letter"}


@pytest.fixture(scope="module")
def spanish(built) -> Pdf:  # type: ignore[no-untyped-def]
    return built("--language", "es")


@pytest.fixture(scope="module")
def mixed(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory) -> tuple[Pdf, list[Pdf]]:
    """The one-Spanish-speaker plan: the whole workbook and each person's packet."""
    folder = tmp_path_factory.mktemp("mixed")
    whole = run_build(runner, folder / "plan.pdf", str(MIXED), "--per-person", str(folder / "packets"))
    return whole, [Pdf(path) for path in sorted((folder / "packets").glob("*.pdf"))]


# --- one content tree per language, the same worksheets in each --------------------------------------------


def _worksheet_shape(blocks: list[b.Block]) -> list[tuple[str, str, bool]]:
    """Every field's name, plan key and kind, in order (but the hidden one that says a workbook is not in
    English)."""
    return [(info.name, info.plan, info.checkbox) for info in block_fields(blocks) if info.name != "title.language"]


@pytest.mark.parametrize("path", ["", *PATHS])
def test_both_trees_make_the_same_fields_plan_keys_and_tick_items(path: str) -> None:
    example = load_plan(example_plan_path())  # each person in the workbook's language, whichever it is
    plan = replace(example, path=path, participants=tuple(replace(p, language="") for p in example.participants))
    for source in (None, plan):
        shapes = {language: _worksheet_shape(render_blocks(BuildOptions(language=language), source))
                  for language in LANGUAGES}
        assert shapes["es"] == shapes["en"]


def _links(language: str) -> list[tuple[str, str, int | None]]:
    """Each grid link (a sheet's "in full on page ...") as (grid, column, which heading it names, by order)."""
    blocks = render_blocks(BuildOptions(language=language), load_plan(example_plan_path()))
    headings = [block.key for block in blocks if isinstance(block, b.Heading)]
    return [(block.field, column, headings.index(key) if key in headings else None)
            for block in blocks if isinstance(block, b.Grid) for column, key in sorted(block.more.items())]


def test_every_link_names_the_same_heading_in_both_languages() -> None:
    english = _links("en")
    assert english and all(at is not None for *_, at in english)
    assert _links("es") == english


def test_the_trees_match_template_by_template() -> None:
    assert content_check.differences("es") == []
    assert sorted(path.name for path in (resources.data_dir("content")).iterdir() if path.is_dir()) == \
        sorted(LANGUAGES)


@pytest.fixture
def content_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the content trees that the build-time check reads (the caches emptied before and after)."""
    copy = tmp_path / "content"
    shutil.copytree(resources.data_dir("content"), copy)
    real = resources.data_dir
    monkeypatch.setattr(content_check, "data_dir", lambda name: copy if name == "content" else real(name))
    content_check.signatures.cache_clear()
    content_check.check_language.cache_clear()
    yield copy
    content_check.signatures.cache_clear()
    content_check.check_language.cache_clear()


@pytest.mark.parametrize(("tree", "change"), [
    ("es", ("```lines field=why.notes rows=5", "```lines field=why.later rows=5")),
    ("en", ("item legal:", "item legal:\nitem extra: A new tick item in English only\n")),
])
def test_a_worksheet_in_one_language_only_fails_the_build(runner: CliRunner, content_copy: Path, tmp_path: Path,
                                                          tree: str, change: tuple[str, str]) -> None:
    changed = next(path for path in sorted((content_copy / tree).glob("*.md.j2")) if change[0] in path.read_text())
    changed.write_text(changed.read_text().replace(change[0], change[1], 1))
    result = runner.invoke(main, ["build", "--language", "es", "-o", str(tmp_path / "w.pdf")])
    assert_clean_exit(result, 1)
    assert f"content/es/{changed.name}: its worksheet blocks differ" in result.output
    assert "not of your plan" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "w.pdf").exists()
    assert runner.invoke(main, ["build", "-o", str(tmp_path / "en.pdf")]).exit_code == 0  # English alone: fine


def test_a_template_missing_from_a_language_is_named(runner: CliRunner, content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "es" / "person.md.j2").unlink()
    result = runner.invoke(main, ["build", "--language", "es", "-o", str(tmp_path / "w.pdf")])
    assert_clean_exit(result, 1)
    assert "content/es/person.md.j2: missing" in result.output


# --- the Spanish workbook ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [(), ("--example",), ("--layout", "large-print")])
def test_spanish_builds_are_spanish_files(built, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    pdf = built("--language", "es", *args)
    assert str(pdf.reader.trailer["/Root"]["/Lang"]) == "es-US"
    assert pdf.reader.metadata.title == "Cuaderno de intervención"
    assert "Página 2 de" in pdf.pages[1]
    assert all(entry.title.strip() for entry in pdf.outline)


def test_the_plan_key_language_builds_the_spanish_workbook(built, plan_file) -> None:  # type: ignore[no-untyped-def]
    pdf = built(str(plan_file({"language": "es"})))
    assert str(pdf.reader.trailer["/Root"]["/Lang"]) == "es-US"
    english = built(str(plan_file({"language": "es"}, name="over.yaml")), "--language", "en")
    assert str(english.reader.trailer["/Root"]["/Lang"]) == "en-US"  # --language wins over the plan


def _lines(pdf: Path, pages: tuple[int, int] | None = None) -> set[str]:
    """Each line of the PDF's text (pdftotext's layout: side-by-side columns apart), spaces folded."""
    where = ["-f", str(pages[0]), "-l", str(pages[1])] if pages else []
    text = subprocess.run(["pdftotext", "-layout", *where, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return {" ".join(part.split()) for line in text.splitlines() for part in re.split(r"\s{3,}", line) if part.strip()}


def _references(pdf: Pdf) -> tuple[int, int]:
    """The pages of the reference list: works cited keep their English titles in every language."""
    entries = [entry for entry in pdf.outline if entry.level <= 1]
    at = next(n for n, entry in enumerate(entries) if entry.title == "References")
    return entries[at].page, (entries[at + 1].page - 1 if at + 1 < len(entries) else len(pdf.pages))


def _is_english(line: str) -> bool:
    """A line shared with the English build that reads as English: not a name, a number or an address."""
    words = re.findall(r"[A-Za-z][A-Za-z']*", line)
    return len(words) >= 3 and any(word.lower() in ENGLISH_WORDS for word in words)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("args", [(), ("--example",)])
def test_no_english_sentence_is_left(built, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    english_pdf = built(*args)
    english = _lines(english_pdf.path)
    cited = _lines(english_pdf.path, _references(english_pdf))
    spanish = _lines(built("--language", "es", *args).path)
    left = sorted(line for line in spanish & english if _is_english(line) and line not in cited)
    assert not left, f"{len(left)} English line(s) in the Spanish build, e.g. {left[:10]}"


def test_the_spanish_help_lines_are_there(spanish: Pdf) -> None:
    text = spanish.text
    for number in SPANISH_HELP:
        assert number in text, number
    assert re.search(r"\b988\b.{0,120}\b2\b", text, re.S), "988 in Spanish: call and press 2"


@pytest.mark.skipif(not SEED_OVERLAP.is_file(), reason="the source-overlap tool (seed-overlap) is not here")
def test_the_spanish_build_shares_no_sentence_with_the_source(spanish: Pdf) -> None:
    result = subprocess.run(["python3", str(SEED_OVERLAP), str(spanish.path)], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0 and "0 run(s)" in result.stdout, result.stdout + result.stderr


def _sheet_fields() -> set[str]:
    """The form fields of the day-of sheet (between its sheet marks), the same in every language."""
    blocks = render_blocks(BuildOptions(), load_plan(example_plan_path()))
    marks = [n for n, block in enumerate(blocks) if isinstance(block, b.SheetMark) and block.at in ("start", "end")]
    return {info.name for info in block_fields(blocks[marks[0]:marks[1]])}


@pytest.mark.parametrize("args", [(), ("--example",), ("--layout", "a4")])
def test_the_spanish_day_of_sheet_is_one_page(built, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    pdf = built("--language", "es", *args)
    fields = _sheet_fields()
    pages = {widget["page"] for widget in pdf.widgets if re.sub(r"-\d+$", "", widget["name"]) in fields}
    assert len(pages) == 1, f"the day-of sheet's fields are on pages {sorted(pages)}"


def test_spanish_text_hyphenates_with_the_spanish_dictionary() -> None:
    from workbook.layouts import load_layout
    from workbook.pdf.styles import make_styles

    word = "responsabilidades"  # 17 letters: long enough to be hyphenated in running text
    spanish = make_styles(load_layout("letter"), "es")["body"].hyphenationLang(word)
    english = make_styles(load_layout("letter"), "en")["body"].hyphenationLang(word)
    heads = [head for head, _ in spanish]
    assert heads and set(heads) <= {"res", "respon", "responsa", "responsabi", "responsabili", "responsabilida"}
    assert heads != [head for head, _ in english]


# --- a language per person ---------------------------------------------------------------------------------------


def _pages_between(pdf: Pdf, start: str, end: str | None) -> str:
    first = pdf.page_of(start)
    last = pdf.page_of(end) - 1 if end else len(pdf.pages)
    return "\n".join(pdf.pages[first - 1:last])


def test_one_person_gets_their_pages_in_spanish_and_the_others_in_english(mixed: tuple[Pdf, list[Pdf]]) -> None:
    whole, _ = mixed
    assert str(whole.reader.trailer["/Root"]["/Lang"]) == "en-US"
    maria = _pages_between(whole, "Maria Lopez: intervention letter", "Rosa Lopez: carta de intervención")
    rosa = _pages_between(whole, "Rosa Lopez: carta de intervención", "Luis Lopez: intervention letter")
    luis = _pages_between(whole, "Luis Lopez: intervention letter", "Luis Lopez: support plan")
    assert "If you choose not to accept help today" in maria and "Si decides no aceptar ayuda hoy" in rosa
    assert "Si decides" not in maria + luis and "If you choose" not in rosa
    assert "Copia para leer" in rosa and "Reading copy" in maria
    tooltips = {w["name"]: w["tooltip"] for w in whole.widgets}
    assert tooltips["consequence.2.will"].startswith("Rosa Lopez: acuerdo de consecuencias: Si decides")
    assert tooltips["consequence.1.will"].startswith("Maria Lopez: consequence agreement: If you choose")
    answers = whole.answers  # values print as typed, in whatever language they were typed
    assert answers["consequence.2.will"] == "No voy a prestarte dinero."
    assert answers["consequence.1.will"] == "I will not give you money any more."


def test_the_spanish_speakers_pages_are_marked_as_spanish() -> None:
    blocks = render_blocks(BuildOptions(), load_plan(MIXED))
    marks = [(n, block.language) for n, block in enumerate(blocks) if isinstance(block, b.LanguageMark)]
    assert [language for _, language in marks] == ["es", "en"]
    inside = blocks[marks[0][0]:marks[1][0]]
    headings = [b.plain_text(block.text) for block in inside if isinstance(block, b.Heading)]
    assert headings and all(heading.startswith("Rosa Lopez: ") for heading in headings)


def test_each_packet_is_in_its_owners_language(mixed: tuple[Pdf, list[Pdf]]) -> None:
    _, packets = mixed
    langs = [str(packet.reader.trailer["/Root"]["/Lang"]) for packet in packets]
    assert langs == ["en-US", "es-US", "en-US"]
    assert packets[1].reader.metadata.title == "Cuaderno de intervención"
    assert "Si decides no aceptar ayuda hoy" in packets[1].text and "If you choose" not in packets[1].text
    assert "If you choose not to accept help today" in packets[0].text


# --- plan keys and the commands that speak the plan's language ----------------------------------------------------


@pytest.mark.parametrize(("changes", "field"), [
    ({"language": "fr"}, "language"),
    ({"participants": [{"name": "Rosa", "language": "spanish"}]}, "participants[1].language"),
])
def test_a_language_we_do_not_have_is_a_clear_error(runner: CliRunner, plan_file, changes: dict,  # type: ignore[no-untyped-def]
                                                    field: str) -> None:
    result = runner.invoke(main, ["check", str(plan_file(changes))])
    assert_clean_exit(result, 2)
    assert f"{field}: must be one of: en, es" in result.output


def test_check_speaks_the_plans_language(runner: CliRunner, plan_file) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["check", str(plan_file({"language": "es"}))])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("correcto: ") and "3 personas" in result.output and "un programa" in result.output


def test_init_writes_the_spanish_example(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    result = runner.invoke(main, ["init", "--language", "es", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == example_plan_path("es").read_text(encoding="utf-8")
    plan = load_plan(target)
    assert plan.language == "es"


def test_init_interactive_asks_in_spanish(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    answers = "Sam\nRosa\nabuela\n\n\nRiverside\n\n\n\n\n"
    result = runner.invoke(main, ["init", "-i", "--language", "es", str(target)], input=answers)
    assert result.exit_code == 0, result.output
    assert "Nombre de su ser querido" in result.output and "Persona 1: nombre" in result.output
    assert "Conteste lo que sepa" in result.output and "First name" not in result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Un plan de intervención")
    assert yaml.safe_load(text)["language"] == "es"
    assert runner.invoke(main, ["check", str(target)]).output.startswith("correcto: ")


# --- read and flatten keep the languages -------------------------------------------------------------------------


def test_read_gives_back_each_language(runner: CliRunner, mixed: tuple[Pdf, list[Pdf]], built,  # type: ignore[no-untyped-def]
                                       tmp_path: Path) -> None:
    whole, _ = mixed
    result = runner.invoke(main, ["read", str(whole.path), "-o", str(tmp_path / "back.yaml")])
    assert result.exit_code == 0, result.output
    back = load_plan(tmp_path / "back.yaml")
    assert back.language == "" and [p.language for p in back.participants] == ["", "es", ""]
    spanish = built(str(MIXED), "--language", "es")
    result = runner.invoke(main, ["read", str(spanish.path), "-o", str(tmp_path / "back-es.yaml")])
    assert result.exit_code == 0, result.output
    assert "3 personas" in result.output and load_plan(tmp_path / "back-es.yaml").language == "es"


def test_flatten_keeps_each_persons_language(runner: CliRunner, mixed: tuple[Pdf, list[Pdf]],
                                             tmp_path: Path) -> None:
    whole, _ = mixed
    flat = tmp_path / "flat.pdf"
    result = runner.invoke(main, ["flatten", str(whole.path), "-o", str(flat)])
    assert result.exit_code == 0, result.output
    text = Pdf(flat).text
    assert "Si decides no aceptar ayuda hoy" in text and "If you choose not to accept help today" in text
