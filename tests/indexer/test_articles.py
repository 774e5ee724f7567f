"""Adding an article: front matter, free file names, atomic writes, incremental build, clean failure."""

import datetime as dt

import pytest
import yaml

from indexer.errors import InvalidDocument
from indexer.index import manifest as mf
from indexer.knowledge.articles import ArticleError, prepare_article, slugify, write_article
from indexer.knowledge.convert import convert_file
from indexer.operations import add_article

TODAY = dt.date(2027, 1, 15)
BODY = ("## Portefølje\n\n" + "En jævn strøm af sager holder holdet samlet fra sag til sag. " * 12 + "\n")


def _article(title="Skala og tempo i partnerskaber", **kwargs):
    converted = convert_file("skala.md", f"# {title}\n\n{BODY}".encode())
    return prepare_article(converted, date=TODAY, authors=["Rikke Testesen"], **kwargs)


def _front_matter(path):
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


def _leftovers(kb_dir):
    return [p.name for p in (kb_dir / "articles").iterdir() if not p.name.endswith(".md")]


def test_slug_spells_out_danish_letters():
    assert slugify("Følgegruppens møde – på Åbenrå vej!") == "foelgegruppens-moede-paa-aabenraa-vej"
    assert slugify("???") == "artikel"
    assert len(slugify("ord " * 40)) <= 60


def test_front_matter_has_title_date_authors_and_public_audience(kb_dir):
    path = write_article(kb_dir, _article())
    assert path.name == "skala-og-tempo-i-partnerskaber.md"
    assert _front_matter(path) == {"title": "Skala og tempo i partnerskaber", "date": TODAY,
                                   "authors": ["Rikke Testesen"], "audience": "public"}
    assert "## Portefølje" in path.read_text(encoding="utf-8")
    assert _leftovers(kb_dir) == []


def test_an_existing_file_is_never_overwritten(kb_dir):
    taken = kb_dir / "articles" / "skala-og-tempo-i-partnerskaber.md"
    taken.write_text("---\ntitle: Noget andet\n---\n\nTekst.\n", encoding="utf-8")
    path = write_article(kb_dir, _article())
    assert path.name == "skala-og-tempo-i-partnerskaber-2.md"
    assert taken.read_text(encoding="utf-8").startswith("---\ntitle: Noget andet")


def test_duplicate_title_and_bad_audience_are_refused_and_nothing_is_written(kb_dir):
    before = sorted(p.name for p in (kb_dir / "articles").iterdir())
    with pytest.raises(ArticleError) as info:
        write_article(kb_dir, _article(title="Udbud af et strategisk partnerskab"))
    assert info.value.reason == "duplicate_title" and info.value.existing == "articles/udbud.md"
    with pytest.raises(ArticleError):
        _article(audience="alle")
    assert sorted(p.name for p in (kb_dir / "articles").iterdir()) == before


def test_add_embeds_only_the_new_document(built_index, fake_embedder):
    result = add_article(built_index, _article(audience="network"), embedder=fake_embedder)
    summary = result.summary
    assert result.doc_id == "articles/skala-og-tempo-i-partnerskaber.md"
    assert summary.added == [result.doc_id] and not summary.changed and not summary.removed
    new_passages = summary.passages - summary.reused
    assert summary.embedded == new_passages > 0
    manifest = mf.read_manifest(mf.current_build_dir(built_index.index_dir))
    assert result.doc_id in manifest["documents"]


def test_a_failed_build_removes_the_new_file_and_keeps_the_index(built_index, fake_embedder):
    (built_index.kb_dir / "articles" / "i-stykker.md").write_text("---\ntitle: [ups\n---\nTekst\n", encoding="utf-8")
    build_before = mf.current_build_dir(built_index.index_dir).name
    with pytest.raises(InvalidDocument):
        add_article(built_index, _article(), embedder=fake_embedder)
    assert not (built_index.kb_dir / "articles" / "skala-og-tempo-i-partnerskaber.md").exists()
    assert _leftovers(built_index.kb_dir) == []
    assert mf.current_build_dir(built_index.index_dir).name == build_before
