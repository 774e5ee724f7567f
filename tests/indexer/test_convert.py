"""Uploaded files become Markdown: titles, ## headings, lists, paragraphs; bad files a clear reason."""

import pytest

from indexer.knowledge.convert import (
    EMPTY,
    MAX_BYTES,
    NO_TEXT,
    TOO_LARGE,
    UNREADABLE,
    WRONG_TYPE,
    ConversionError,
    check_size,
    convert_file,
)
from tests.files import SAMPLE_PDF_PAGES, make_blank_pdf, make_docx, make_pdf


def _reason(name, data):
    with pytest.raises(ConversionError) as info:
        convert_file(name, data)
    return info.value.reason, str(info.value)


def test_markdown_first_heading_is_the_title_and_other_top_headings_become_sections():
    data = "# Skala i partnerskaber\n\nIndledning om skala.\n\n# Portefølje\n\nTekst om portefølje.\n".encode()
    converted = convert_file("skala.md", data)
    assert converted.title == "Skala i partnerskaber"
    assert converted.headings == ["Portefølje"]
    assert "## Portefølje" in converted.body and "# Skala" not in converted.body


def test_markdown_keeps_its_own_front_matter():
    data = ("---\ntitle: Egen titel\ntags: [skala]\naudience: network\n---\n\n## Afsnit\n\n"
            "Lidt tekst om noget.\n").encode()
    converted = convert_file("x.md", data)
    assert converted.title == "Egen titel" and converted.meta["tags"] == ["skala"]


def test_docx_title_headings_lists_and_paragraphs():
    data = make_docx([("Title", "Beboerinddragelse i praksis"),
                      ("Normal", "Beboerne skal have reel indflydelse på renoveringen."),
                      ("Heading 1", "Byggeudvalget"), ("Normal", "Byggeudvalget mødes hver måned."),
                      ("List Bullet", "klart kommissorium"), ("List Bullet", "faste møder"),
                      ("Heading 2", "Genhusning"), ("Normal", "Genhusningen planlægges tidligt.")])
    converted = convert_file("inddragelse.docx", data)
    assert converted.title == "Beboerinddragelse i praksis"
    assert "## Byggeudvalget" in converted.body and "### Genhusning" in converted.body
    assert "- klart kommissorium\n- faste møder" in converted.body
    assert converted.first_lines(1) == ["Beboerne skal have reel indflydelse på renoveringen."]


def test_docx_core_title_wins_and_file_name_is_the_last_resort():
    data = make_docx([("Normal", "En tekst uden overskrifter, men med nok ord.")], title="Notat om udbud")
    assert convert_file("n.docx", data).title == "Notat om udbud"
    assert convert_file("n.docx", make_docx([("Normal", "Bare tekst her og der.")])).title is None


def test_pdf_text_by_page_paragraphs_and_headings():
    converted = convert_file("salon.pdf", make_pdf(SAMPLE_PDF_PAGES + [["Side to har også tekst om tempo."]],
                                                   title="Salon om skala"))
    assert converted.title == "Salon om skala"
    assert "## Portefølje og tempo" in converted.body
    assert "bør have, før de faste" in converted.body            # lines joined into one paragraph
    assert "Side to har også tekst om tempo." in converted.body


def test_pdf_without_metadata_title_uses_its_first_heading():
    converted = convert_file("salon.pdf", make_pdf(SAMPLE_PDF_PAGES))
    assert converted.title == "Erfaringer fra salonen om partnerskabets skala"


@pytest.mark.parametrize("name, data, reason", [
    ("notat.txt", b"tekst", WRONG_TYPE),
    ("notat.doc", b"\xd0\xcf\x11\xe0 old word", WRONG_TYPE),
    ("tom.md", b"", EMPTY),
    ("blank.md", b"\n  \n", EMPTY),
    ("ødelagt.docx", b"PK\x03\x04 not really a zip", UNREADABLE),
    ("forkert.docx", b"%PDF-1.4 a pdf in disguise", UNREADABLE),
    ("ødelagt.pdf", b"%PDF-1.4\n1 0 obj garbage", UNREADABLE),
    ("latin1.md", "# Titel\n\nBlåbær".encode("latin-1"), UNREADABLE),
])
def test_bad_files_have_a_reason(name, data, reason):
    assert _reason(name, data)[0] == reason


def test_scanned_pdf_without_text_is_named_as_such():
    reason, message = _reason("scan.pdf", make_blank_pdf())
    assert reason == NO_TEXT and "OCR" in message


def test_size_is_checked_before_downloading():
    with pytest.raises(ConversionError) as info:
        check_size("stor.pdf", MAX_BYTES + 1)
    assert info.value.reason == TOO_LARGE and "10 MB" in str(info.value)
    check_size("ok.pdf", MAX_BYTES)
