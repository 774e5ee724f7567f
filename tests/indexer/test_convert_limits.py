"""Uploads are bounded: zips are measured before they are opened, text is capped, front matter has
no YAML aliases, and the conversion runs in a child process with time and memory limits."""

import io
import zipfile

import pytest

from indexer.errors import InvalidDocument
from indexer.knowledge.convert import (
    MAX_TEXT_CHARS,
    TOO_COMPLEX,
    TOO_LONG,
    UNREADABLE,
    ConversionError,
    convert_file,
)
from indexer.knowledge.documents import parse_document
from indexer.knowledge.sandbox import convert_isolated
from tests.files import make_docx

PARAGRAPH = '<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>'
LAUGHS = ("---\ntitle: Et notat\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
          "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
          "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n\nTekst om tempo i renoveringen.\n")


def docx_with_body(xml_paragraphs: str) -> bytes:
    """A real .docx whose document body is replaced by ``xml_paragraphs``."""
    source = zipfile.ZipFile(io.BytesIO(make_docx([("Normal", "MARKER")])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, tail = data.decode("utf-8").partition("MARKER")
                head = head[:head.rfind("<w:p>")] if "<w:p>" in head else head[:head.rfind("<w:p ")]
                tail = tail[tail.find("</w:p>") + len("</w:p>"):]
                data = (head + xml_paragraphs + tail).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def _refusal(name, data, convert=convert_file):
    with pytest.raises(ConversionError) as info:
        convert(name, data)
    return info.value.reason, str(info.value)


def test_a_small_docx_that_unpacks_to_80_million_characters_is_refused_before_it_is_opened():
    bomb = docx_with_body(PARAGRAPH.format("a" * 80_000_000))
    assert len(bomb) < 200 * 1024
    reason, message = _refusal("bombe.docx", bomb)
    assert reason == TOO_LONG and "unpacks to 77 MB; the limit is 64 MB" in message


def test_docx_text_over_the_cap_is_refused():
    text = docx_with_body(PARAGRAPH.format("Beboerne var tilfredse. " * 1000) * 50)   # 1.2 M characters
    assert _refusal("lang.docx", text)[0] == TOO_LONG


def test_markdown_text_over_the_cap_is_refused():
    body = ("Et jævnt tempo giver ro. " * (MAX_TEXT_CHARS // 25 + 10)).encode()
    reason, message = _refusal("lang.md", body)
    assert reason == TOO_LONG and "more than 1,000,000 characters" in message


def test_a_docx_just_under_the_caps_converts():
    converted = convert_file("notat.docx", docx_with_body(PARAGRAPH.format("Beboerne var tilfredse. " * 100)))
    assert converted.word_count == 300


def test_yaml_aliases_in_an_uploaded_markdown_files_front_matter_are_refused():
    reason, message = _refusal("notat.md", LAUGHS.encode())
    assert reason == UNREADABLE
    assert message.startswith("notat.md:3: YAML anchors and aliases (&name, *name) are not allowed")


def test_yaml_aliases_in_the_knowledge_bases_front_matter_are_refused(tmp_path):
    (tmp_path / "articles").mkdir()
    path = tmp_path / "articles" / "notat.md"
    path.write_text(LAUGHS, encoding="utf-8")
    with pytest.raises(InvalidDocument, match=r"notat.md:3: YAML anchors and aliases"):
        parse_document(path, tmp_path)


def test_an_ampersand_in_a_quoted_value_is_not_an_anchor(tmp_path):
    (tmp_path / "articles").mkdir()
    path = tmp_path / "articles" / "os.md"
    path.write_text('---\ntitle: "Byggepartnerskabet &os"\ntags: ["&os", "*"]\n---\n\nTekst.\n', encoding="utf-8")
    assert parse_document(path, tmp_path).tags == ["&os", "*"]


def test_the_isolated_conversion_gives_the_same_article():
    data = make_docx([("Title", "Byggeudvalgets arbejde"), ("Heading 1", "Kommissorium"),
                      ("Normal", "Udvalget får et klart kommissorium.")])
    assert convert_isolated("udvalg.docx", data) == convert_file("udvalg.docx", data)
    assert _refusal("notat.md", LAUGHS.encode(), convert_isolated)[0] == UNREADABLE


def test_a_conversion_that_takes_too_long_is_stopped():
    data = make_docx([("Normal", "Udvalget får et klart kommissorium.")])
    reason, message = _refusal("langsom.docx", data, lambda n, d: convert_isolated(n, d, timeout=0.01))
    assert reason == TOO_COMPLEX and "took longer than" in message


def test_a_conversion_that_needs_too_much_memory_fails_in_the_child_only():
    # 300,000 formatted runs without text: 100 KB zipped, 20 MB of XML, far more as a parsed tree
    big = docx_with_body('<w:p><w:r><w:rPr><w:b/><w:i/><w:u w:val="single"/></w:rPr></w:r></w:p>' * 300_000)
    reason, message = _refusal("tung.docx", big,
                               lambda n, d: convert_isolated(n, d, memory_bytes=320 * 1024 * 1024))
    assert reason == TOO_COMPLEX and "memory" in message
