"""Hard guarantees: no planted personal data in any file of a built index or in any answer, and
no lesson outside its audience."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from faker import Faker

from indexer.audience import Viewer
from indexer.config import IndexSettings
from indexer.index.build import build_index
from indexer.index.embedding import HashingEmbedder
from indexer.knowledge.directory import load_directory
from indexer.service import KnowledgeService

ROOT = Path(__file__).resolve().parents[2]
PLANTED_ADDRESSES = ["Blytækkervej 5", "Hørsholmsgade 14, 3. tv., 2200 København N"]
# A lesson the anonymiser cannot make safe (an unknown word that may be a name, an odd phone format):
# it must be held back, and nothing of it may reach the index or an answer.
HELD_BACK = ("---\ntitle: \"Erfaring med Qorvexa Tindrup\"\nmeeting: \"udviklingsmøde maj 2021\"\n"
             "audience: network\ntags: [Tindrup]\n---\n\n## Referat\n\nSagen om kvartersløftet blev fulgt af "
             "Qorvexa i hele perioden. Kontakt beboerrådgiveren på 203 14 259 om tidsplanen.\n")
HELD_WORDS = ["Qorvexa", "Tindrup", "kvartersløftet"]


def planted_lesson(fake: Faker, i: int) -> tuple[str, list[str], list[str]]:
    """A lesson with unknown people, CPR numbers, phones, e-mails and an address: (text, words, digits)."""
    name = fake.name()
    cpr = f"{fake.random_int(1, 28):02d}{fake.random_int(1, 12):02d}{fake.random_int(40, 99):02d}-{fake.random_int(1000, 9999)}"
    phone = f"{fake.random_int(20, 99)} {fake.random_int(10, 99)} {fake.random_int(10, 99)} {fake.random_int(10, 99)}"
    phone2 = f"+45 {fake.random_int(2000, 9999)} {fake.random_int(1000, 9999)}"
    email = f"{fake.user_name()}@{fake.domain_word()}.example.dk"
    text = (f"---\ntitle: Plantet erfaring {i}\nmeeting: udviklingsmøde marts 2021\naudience: partnership:os\n---\n\n"
            f"## Hvad blev sagt\n\n{name} fortalte om tidsplanen for renoveringen og budgettet på 3,2 mio. kr. "
            f"i uge 34. Hvis nogen vil vide mere, kan de ringe til {phone} eller {phone2} eller skrive til {email}. "
            f"Sagens cpr-nummer {cpr} stod ved en fejl i referatet. Mødet blev holdt på {PLANTED_ADDRESSES[1]}.\n")
    words = [name, email]
    digits = [re.sub(r"\D", "", cpr), re.sub(r"\D", "", phone), re.sub(r"\D", "", phone2)[2:]]
    return text, words, digits


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """The sample knowledge base plus lessons full of invented personal data, built with the fake embedder."""
    base = tmp_path_factory.mktemp("leak")
    kb = base / "kb"
    shutil.copytree(ROOT / "knowledge_base", kb)
    fake = Faker("da_DK")
    Faker.seed(1234)
    words, digits = [], []
    for i in range(6):
        text, w, d = planted_lesson(fake, i)
        (kb / "lessons" / f"plantet-{i}.md").write_text(text, encoding="utf-8")
        words += w
        digits += d
    generated = (list(words), list(digits))
    (kb / "lessons" / "holdes-tilbage.md").write_text(HELD_BACK, encoding="utf-8")
    words += HELD_WORDS
    digits += ["20314259"]
    directory = load_directory(kb / "directory.yaml")
    for person in directory.people:
        words += [person.name, *person.emails]
        digits += [re.sub(r"\D", "", p)[-8:] for p in person.phones]
    words += PLANTED_ADDRESSES
    settings = IndexSettings(kb_dir=kb, index_dir=base / "index", model="fake:hashing")
    summary = build_index(settings, embedder=HashingEmbedder())
    service = KnowledgeService(settings, embedder=HashingEmbedder())
    return settings, summary, service, words, digits, generated


def normalised_digits(data: bytes) -> str:
    return re.sub(rb"\D", b"", data).decode()


def test_planted_values_are_in_the_knowledge_base_to_begin_with(planted):
    settings, *_, (words, digits) = planted
    raw = b"".join(p.read_bytes() for p in (settings.kb_dir / "lessons").glob("*.md"))
    assert all(w.lower().encode() in raw.lower() for w in words)   # the test plants what it looks for
    assert all(d in normalised_digits(raw) for d in digits)


def test_no_planted_personal_data_in_any_index_file(planted):
    settings, summary, _, words, digits, _ = planted
    assert summary.documents >= 25
    files = [p for p in Path(settings.index_dir).rglob("*") if p.is_file()]
    assert any(p.name == "passages.db" for p in files)
    for path in files:
        data = path.read_bytes()
        lowered = data.lower()
        for word in words:
            assert word.lower().encode() not in lowered, f"{word!r} found in {path.name}"
        flat = normalised_digits(data)
        for number in digits:
            assert number not in flat, f"a planted number found in {path.name}"


def test_a_lesson_that_must_be_held_back_is_held_back(planted):
    _, summary, service, *_ = planted
    assert "lessons/holdes-tilbage.md" in {h["doc_id"] for h in summary.held_back}
    assert "lessons/holdes-tilbage.md" not in service.snapshot().documents


def test_sample_lessons_are_indexed_not_all_held_back(planted):
    settings, summary, service, *_ = planted
    held = {h["doc_id"] for h in summary.held_back}
    sample = {f"lessons/{p.name}" for p in (ROOT / "knowledge_base" / "lessons").glob("*.md")}
    assert not (sample & held), "the sample lessons are clean after anonymisation"
    assert sample <= set(service.snapshot().documents)


QUESTIONS = ["hvem fortalte om tidsplanen?", "hvad er telefonnummeret?", "hvem kan jeg skrive til?",
             "hvor blev mødet holdt?", "cpr-nummer i referatet", "dialog i tilbudsfasen",
             "første afdeling som læringsprojekt", "porteføljeplan og helhedsplan", "kompetencer frem for pris",
             "fælles mål og nøgletal", "åbent byggekontor", "kontakt projektlederen",
             "kvartersløftet og tidsplanen", "hvem fulgte sagen om kvartersløftet?"]


def test_no_planted_personal_data_in_any_answer(planted):
    _, _, service, words, digits, _ = planted
    viewer = Viewer.everything({"os", "fsb-hjem"})
    for question in QUESTIONS:
        answer = service.ask(question, viewer)
        blob = (answer.answer + " ".join(c.text + c.title + c.section for c in answer.citations)).lower()
        for word in words:
            assert word.lower() not in blob, (question, word)
        for number in digits:
            assert number not in re.sub(r"\D", "", blob), question


def test_public_channel_never_cites_a_partnership_lesson_even_when_it_is_the_best_match(planted):
    _, _, service, *_ = planted
    question = "porteføljeplan og helhedsplan i Kildeparken ventetiden"
    member = service.search(question, Viewer.parse("partnership:os"))
    assert member.hits[0].doc_id.startswith("lessons/")
    for viewer in (Viewer.public(), Viewer.parse("network"), Viewer.parse("partnership:fsb-hjem")):
        answer = service.ask(question, viewer)
        visible = {c.doc_id for c in answer.citations} | {n.doc_id for n in answer.nearest}
        hidden = {d for d, doc in service.snapshot().documents.items()
                  if doc["audience"] == "partnership:os"}
        assert not (visible & hidden)
        assert "Kildeparken" not in answer.answer or viewer.allows("partnership:os")
