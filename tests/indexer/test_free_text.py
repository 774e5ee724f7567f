"""What the bot may use for text from Slack: free text anonymised like a lesson, a person's role, the articles."""

from indexer import anonymise_free_text, list_articles, load_directory, person_role


def test_free_text_is_anonymised_with_the_knowledge_bases_directory_and_allowlist(kb_dir):
    result = anonymise_free_text("Sune Bakkegaard fra KAB siger, at Mette Hansen (mh@boligtest.dk, "
                                 "20 31 42 53) styrer tidsplanen i Søndergården.", kb_dir)
    assert result.text == ("Projektlederen fra bygherren siger, at Person A ([e-mail], [telefonnummer]) "
                           "styrer tidsplanen i Søndergården.")
    assert result.findings == []


def test_a_slack_users_role_comes_from_the_directory(kb_dir):
    directory = load_directory(kb_dir / "directory.yaml")
    assert person_role(directory, "U0TESTOS01") == "projektlederen hos bygherren"
    assert person_role(directory, "UNOBODY") is None and person_role(directory, None) is None


def test_articles_are_listed_without_lessons_or_unreadable_files(kb_dir):
    (kb_dir / "articles" / "broken.md").write_text("---\ntitle: [ups\n---\nTekst\n", encoding="utf-8")
    listed = {a.doc_id: a for a in list_articles(kb_dir)}
    assert sorted(listed) == ["articles/beboere.md", "articles/skala.md", "articles/udbud.md"]
    assert listed["articles/skala.md"].audience == "network" and listed["articles/skala.md"].tags == (
        "skala", "portefølje")
