"""Loading the knowledge base: every named error says which file, which line and what to do."""

from pathlib import Path

import pytest

from indexer.errors import DuplicateDocument, InvalidDocument
from indexer.knowledge.documents import load_knowledge_base


def write(kb: Path, rel: str, content, encoding="utf-8") -> Path:
    path = kb / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return path


def test_sample_fixture_loads_with_defaults(kb_dir):
    docs = {d.doc_id: d for d in load_knowledge_base(kb_dir).documents}
    assert set(docs) == {"articles/udbud.md", "articles/beboere.md", "articles/skala.md",
                         "lessons/udbud-dialog.md"}
    assert docs["articles/beboere.md"].audience == "public"          # default for articles
    assert docs["articles/skala.md"].audience == "network"
    assert docs["lessons/udbud-dialog.md"].audience == "partnership:os"
    assert docs["articles/udbud.md"].date == "2021-03-01"
    assert docs["lessons/udbud-dialog.md"].display_title == \
        "Erfaring fra udviklingsmøde oktober 2020 (anonymiseret)"


def test_a_lesson_without_an_audience_is_refused_with_file_line_and_what_to_add(tmp_path):
    write(tmp_path, "lessons/a.md", "---\ntitle: En erfaring\nmeeting: udviklingsmøde maj 2021\n---\nTekst.\n")
    with pytest.raises(InvalidDocument) as caught:
        load_knowledge_base(tmp_path)
    message = str(caught.value)
    assert "lessons/a.md" in message and "audience: network" in message


def test_a_lesson_with_an_explicit_audience_keeps_it(tmp_path):
    write(tmp_path, "lessons/a.md",
          "---\ntitle: En erfaring\nmeeting: udviklingsmøde maj 2021\naudience: network\n---\nTekst.\n")
    (doc,) = load_knowledge_base(tmp_path).documents
    assert doc.audience == "network"


def test_a_lesson_without_front_matter_names_file_and_line(tmp_path):
    path = write(tmp_path, "lessons/a.md", "# Noter fra mødet\n\nTekst.\n")
    with pytest.raises(InvalidDocument) as err:
        load_knowledge_base(tmp_path)
    assert f"{path}:1" in str(err.value)
    assert "must start with a line '---'" in str(err.value)


def test_plain_markdown_is_an_article_titled_by_its_first_heading_with_a_warning(tmp_path):
    path = write(tmp_path, "articles/tag.md", "\n# Eftersyn af tage\n\nTaget efterses hvert år.\n\n## Pris\n\n"
                                              "Det koster 4.000 kr.\n")
    result = load_knowledge_base(tmp_path)
    (doc,) = result.documents
    assert (doc.title, doc.audience) == ("Eftersyn af tage", "public")
    assert "Eftersyn af tage" not in doc.body and "Taget efterses hvert år." in doc.body and "## Pris" in doc.body
    assert result.warnings == [f"{path}: no front matter; titled 'Eftersyn af tage' from its first heading, "
                               "audience public"]


def test_files_that_are_not_markdown_are_named_in_a_warning_with_what_to_do(tmp_path):
    write(tmp_path, "articles/a.md", "---\ntitle: ok\n---\nTekst.\n")
    write(tmp_path, "articles/noter.txt", "Tekst.\n")
    write(tmp_path, "articles/rapport.pdf", b"%PDF")
    write(tmp_path, "lessons/referat.docx", b"PK")
    write(tmp_path, "articles/.DS_Store", b"\0")
    result = load_knowledge_base(tmp_path)
    assert [d.doc_id for d in result.documents] == ["articles/a.md"]
    assert result.warnings == [
        f"{tmp_path / 'articles/noter.txt'}: not Markdown, not indexed; rename it to .md",
        f"{tmp_path / 'articles/rapport.pdf'}: not Markdown, not indexed; add it with "
        f"`python -m indexer add {tmp_path / 'articles/rapport.pdf'}`",
        f"{tmp_path / 'lessons/referat.docx'}: not Markdown, not indexed; save it as Markdown (.md) with "
        "front matter"]


def test_plain_text_without_a_heading_is_titled_by_its_file_name(tmp_path):
    write(tmp_path, "articles/affald_og-genbrug.md", "Der sorteres i ti fraktioner i gården.\n")
    (doc,) = load_knowledge_base(tmp_path).documents
    assert doc.title == "Affald og genbrug" and doc.body.startswith("Der sorteres")


def test_missing_title_names_the_field(tmp_path):
    write(tmp_path, "articles/a.md", "---\ndate: 2021-01-01\n---\nTekst.\n")
    with pytest.raises(InvalidDocument, match=r"a\.md:2: front matter has no 'title' \(required\)"):
        load_knowledge_base(tmp_path)


def test_invalid_yaml_gives_line(tmp_path):
    write(tmp_path, "articles/a.md", "---\ntitle: ok\ntags: [a, b\nurl: x\n---\nTekst.\n")
    with pytest.raises(InvalidDocument) as err:
        load_knowledge_base(tmp_path)
    assert "invalid YAML in front matter" in str(err.value)
    assert "a.md:" in str(err.value)


def test_unclosed_front_matter(tmp_path):
    write(tmp_path, "articles/a.md", "---\ntitle: ok\n\nTekst uden afslutning.\n")
    with pytest.raises(InvalidDocument, match="front matter is not closed"):
        load_knowledge_base(tmp_path)


def test_bad_date_and_bad_audience(tmp_path):
    write(tmp_path, "articles/a.md", "---\ntitle: ok\ndate: 12/3/2021\n---\nTekst.\n")
    with pytest.raises(InvalidDocument, match=r"a\.md:3: 'date' must be YYYY-MM-DD"):
        load_knowledge_base(tmp_path)
    write(tmp_path, "articles/a.md", "---\ntitle: ok\naudience: alle\n---\nTekst.\n")
    with pytest.raises(InvalidDocument, match=r"a\.md:3: audience 'alle' is not one of"):
        load_knowledge_base(tmp_path)


def test_non_utf8_file_is_an_error_with_line(tmp_path):
    write(tmp_path, "articles/a.md", "---\ntitle: ok\n---\nLinje et\nBeboerm\xf8de\n".encode("latin-1"))
    with pytest.raises(InvalidDocument, match=r"a\.md:5: not valid UTF-8 text; save the file as UTF-8"):
        load_knowledge_base(tmp_path)


def test_empty_file_is_skipped_with_warning(tmp_path):
    write(tmp_path, "articles/tom.md", "  \n")
    write(tmp_path, "articles/a.md", "---\ntitle: ok\n---\nTekst.\n")
    result = load_knowledge_base(tmp_path)
    assert [d.doc_id for d in result.documents] == ["articles/a.md"]
    assert any("tom.md: empty file skipped" in w for w in result.warnings)


def test_duplicate_titles_name_both_files(tmp_path):
    write(tmp_path, "articles/a.md", "---\ntitle: Samme titel\n---\nTekst.\n")
    write(tmp_path, "articles/b.md", "---\ntitle: samme  titel\n---\nTekst.\n")
    with pytest.raises(DuplicateDocument) as err:
        load_knowledge_base(tmp_path)
    assert "a.md" in str(err.value) and "b.md" in str(err.value)


def test_lessons_may_share_a_title_since_it_is_never_shown(tmp_path):
    for name in ("maj.md", "juni.md"):
        write(tmp_path, f"lessons/{name}", "---\ntitle: Referat\naudience: network\n---\nTekst.\n")
    assert len(load_knowledge_base(tmp_path).documents) == 2


def test_duplicate_ids_differing_only_in_case(tmp_path):
    write(tmp_path, "articles/Udbud.md", "---\ntitle: Et\n---\nTekst.\n")
    write(tmp_path, "articles/udbud.md", "---\ntitle: To\n---\nTekst.\n")
    with pytest.raises(DuplicateDocument, match="document id"):
        load_knowledge_base(tmp_path)
