"""Adding articles from Slack: a file in the DM or the message shortcut → preview → Tilføj/Annullér."""

from functools import partial

import pytest
import yaml

from bot.admin.upload_blocks import ACTION_ADD, ACTION_CANCEL
from bot.admin.uploads import DownloadFailed, UploadFlow
from indexer import Viewer
from indexer.knowledge.articles import today
from indexer.knowledge.convert import MAX_BYTES
from indexer.knowledge.sandbox import convert_isolated
from tests.bot.admin_support import ADMIN, ADMIN_DM, MEMBER, preview_of
from tests.files import SAMPLE_PDF_PAGES, make_blank_pdf, make_docx, make_pdf
from tests.indexer.test_convert_limits import LAUGHS, PARAGRAPH, docx_with_body

MARKDOWN = ("# Tempo i renoveringssager\n\nEt jævnt tempo i renoveringssagerne giver ro hos beboerne og "
            "holder de faste folk samlet.\n\n# Genhusning\n\nGenhusningen planlægges sammen med "
            "afdelingsbestyrelsen.\n").encode()
DOCX = make_docx([("Title", "Byggeudvalgets arbejde"), ("Normal", "Byggeudvalget prioriterer ønskerne."),
                  ("Heading 1", "Kommissorium"), ("Normal", "Udvalget får et klart kommissorium.")])


def _articles(admin_bot):
    return sorted(p.name for p in (admin_bot.settings.kb_dir / "articles").iterdir())


def _upload(admin_bot, name, content, **kwargs):
    info = admin_bot.fake.add_file(name, content, **kwargs)
    admin_bot.file_share(info["id"], name)
    admin_bot.fake.wait_for("chat.postMessage")
    admin_bot.wait_idle()
    return info


def test_markdown_upload_is_previewed_then_added_and_indexed(admin_bot):
    before = _articles(admin_bot)
    _upload(admin_bot, "tempo.md", MARKDOWN)
    download = admin_bot.fake.calls_to("file_download")[0]
    assert download.headers["Authorization"] == "Bearer xoxb-test"
    [preview] = admin_bot.posts()
    assert preview.params["channel"] == ADMIN_DM
    upload_id, blocks = preview_of(preview)
    assert "Ny artikel: Tempo i renoveringssager" in blocks
    assert "*Ord:* " in blocks and "*Forfatter:* Rikke Testesen" in blocks and "• Genhusning" in blocks
    assert "> Et jævnt tempo" in blocks and '"text": "Tilføj"' in blocks and '"text": "Annullér"' in blocks
    assert _articles(admin_bot) == before                     # nothing written before "Tilføj"

    admin_bot.click(ACTION_ADD, upload_id, preview.params.get("ts") or "1700000000.000001")
    admin_bot.wait_idle()
    updates = admin_bot.updates()
    assert updates[0].startswith("⏳ Tilføjer «Tempo i renoveringssager» og genindekserer")
    assert updates[-1].startswith("✅ *«Tempo i renoveringssager» er tilføjet* som "
                                  "`articles/tempo-i-renoveringssager.md`")
    assert "Dokumenter: 1 nyt · 0 ændrede · 0 fjernede · 4 uændrede" in updates[-1]
    path = admin_bot.settings.kb_dir / "articles" / "tempo-i-renoveringssager.md"
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert meta == {"title": "Tempo i renoveringssager", "date": today(), "authors": ["Rikke Testesen"],
                    "audience": "network"}                    # the network unless the admin chooses public
    answer = admin_bot.service.ask("hvordan planlægges genhusningen med afdelingsbestyrelsen?", Viewer.parse("network"))
    assert "articles/tempo-i-renoveringssager.md" in [c.doc_id for c in answer.citations]
    again = admin_bot.click(ACTION_ADD, upload_id, "1700000000.000001")
    assert admin_bot.responses(again)[0] == "Filen er allerede tilføjet."


@pytest.mark.parametrize("name, content, title, heading", [
    ("byggeudvalg.docx", DOCX, "Byggeudvalgets arbejde", "• Kommissorium"),
    ("salon.pdf", make_pdf(SAMPLE_PDF_PAGES), "Erfaringer fra salonen om partnerskabets skala",
     "• Portefølje og tempo"),
])
def test_docx_and_pdf_uploads_are_previewed(admin_bot, name, content, title, heading):
    _upload(admin_bot, name, content)
    _, blocks = preview_of(admin_bot.posts()[0])
    assert f"Ny artikel: {title}" in blocks and heading in blocks and f"*Fil:* {name}" in blocks


@pytest.mark.parametrize("name, content, size, expected", [
    ("notat.txt", b"tekst", None, "kun tilføje filer af typen .md, .docx eller .pdf"),
    ("tom.md", b"", None, "er tom"),
    ("ødelagt.docx", b"PK\x03\x04 broken", None, "filen ser ud til at være beskadiget"),
    ("scan.pdf", make_blank_pdf(), None, "sikkert en scannet PDF"),
    ("kæmpe.pdf", b"%PDF-1.4 small", MAX_BYTES + 1, "er for stor. Grænsen er 10 MB"),
    ("bombe.docx", docx_with_body(PARAGRAPH.format("a" * 70_000_000)), None, "indeholder for meget tekst"),
    ("aliaser.md", LAUGHS.encode(), None, "YAML anchors and aliases"),
])
def test_bad_files_get_a_danish_message_and_nothing_is_written(admin_bot, name, content, size, expected):
    before = _articles(admin_bot)
    _upload(admin_bot, name, content, size=size)
    [message] = admin_bot.posts()
    assert expected in message.params["text"] and "blocks" not in message.params
    assert _articles(admin_bot) == before
    assert admin_bot.deps.feedback.state.db.execute("select count(*) from pending_uploads").fetchone()[0] == 0
    if size:                                                  # too large: never downloaded
        assert admin_bot.fake.calls_to("file_download") == []


def test_a_duplicate_title_is_refused_before_the_preview(admin_bot):
    _upload(admin_bot, "udbud.md", "# Udbud af et strategisk partnerskab\n\nEn anden tekst om udbud.\n".encode())
    [message] = admin_bot.posts()
    assert "Der findes allerede en artikel med samme titel (`articles/udbud.md`)" in message.params["text"]


def test_cancel_drops_the_upload(admin_bot):
    before = _articles(admin_bot)
    _upload(admin_bot, "tempo.md", MARKDOWN)
    upload_id, _ = preview_of(admin_bot.posts()[0])
    admin_bot.click(ACTION_CANCEL, upload_id, "1700000000.000001")
    admin_bot.wait_idle()
    assert admin_bot.updates() == ["🚫 Annulleret – «Tempo i renoveringssager» blev ikke tilføjet."]
    late = admin_bot.click(ACTION_ADD, upload_id, "1700000000.000001")
    assert admin_bot.responses(late)[0].startswith("Uploaden er annulleret")
    assert _articles(admin_bot) == before


def test_an_expired_preview_cannot_be_added(admin_bot):
    _upload(admin_bot, "tempo.md", MARKDOWN)
    upload_id, _ = preview_of(admin_bot.posts()[0])
    state = admin_bot.deps.feedback.state
    with state.lock, state.db.conn:
        state.db.execute("update pending_uploads set expires_at = '2000-01-01T00:00:00+00:00'")
    name = admin_bot.click(ACTION_ADD, upload_id, "1700000000.000001")
    assert admin_bot.responses(name)[0].startswith("Forhåndsvisningen er udløbet")
    assert "tempo-i-renoveringssager.md" not in _articles(admin_bot)


def test_a_failed_add_leaves_nothing_behind(admin_bot):
    _upload(admin_bot, "tempo.md", MARKDOWN)
    upload_id, _ = preview_of(admin_bot.posts()[0])
    (admin_bot.settings.kb_dir / "articles" / "i-stykker.md").write_text("---\ntitle: [ups\n---\nTekst\n", encoding="utf-8")
    before = _articles(admin_bot)
    admin_bot.click(ACTION_ADD, upload_id, "1700000000.000001")
    admin_bot.wait_idle()
    final = admin_bot.updates()[-1]
    assert final.startswith("❌ *«Tempo i renoveringssager» blev ikke tilføjet.*")
    assert "Filen `articles/i-stykker.md` (linje 3) kunne ikke indekseres" in final
    assert _articles(admin_bot) == before                     # no new article, no temp file
    row = admin_bot.deps.uploads.store.get(upload_id)
    assert row["status"] == "failed" and row["article"] is None


def test_non_admin_files_in_a_dm_are_refused_and_not_read(admin_bot):
    info = admin_bot.fake.add_file("tempo.md", MARKDOWN, user=MEMBER)
    admin_bot.file_share(info["id"], "tempo.md", user=MEMBER, channel="DALICE")
    [refusal] = admin_bot.fake.wait_for("chat.postEphemeral")
    admin_bot.wait_idle()
    assert refusal.params["user"] == MEMBER and "kun Vidensbankens administratorer, der kan tilføje filer" \
        in refusal.params["text"]
    assert admin_bot.fake.calls_to("files.info") == [] and admin_bot.posts() == []


def test_message_shortcut_sends_the_preview_to_the_admins_dm(admin_bot):
    info = admin_bot.fake.add_file("byggeudvalg.docx", DOCX)
    name = admin_bot.shortcut([{"id": info["id"], "name": "byggeudvalg.docx"}])
    [preview] = admin_bot.fake.wait_for("chat.postMessage")
    admin_bot.wait_idle()
    assert preview.params["channel"] == ADMIN
    assert "Ny artikel: Byggeudvalgets arbejde" in preview_of(preview)[1]
    assert admin_bot.responses(name)[0].startswith("Jeg har sendt en forhåndsvisning til dig")
    no_file = admin_bot.shortcut([])
    assert admin_bot.responses(no_file)[0].startswith("Der er ingen fil i den besked")
    refused = admin_bot.shortcut([{"id": info["id"]}], user=MEMBER)
    assert "kun Vidensbankens administratorer" in admin_bot.responses(refused)[0]


def test_slacks_sign_in_page_is_not_taken_for_the_file():
    flow = UploadFlow(service=None, store=None, reindexer=None, bot_token=None)
    from tests.fake_slack import FakeSlack
    fake = FakeSlack().start()
    try:
        info = fake.add_file("tempo.md", MARKDOWN)
        with pytest.raises(DownloadFailed):
            flow.download(info)
    finally:
        fake.stop()


def test_a_file_the_converter_cannot_finish_is_refused_and_the_bot_keeps_answering(admin_bot):
    admin_bot.deps.uploads.convert = partial(convert_isolated, timeout=0.01)
    _upload(admin_bot, "referat.docx", DOCX)
    [message] = admin_bot.posts()
    assert "tog for lang tid eller for meget hukommelse" in message.params["text"]
    answer = admin_bot.service.ask("hvordan planlægges genhusningen?")
    assert answer.citations


def test_file_names_are_escaped_in_every_message(admin_bot):
    name = "<!channel> & <@UALICE>.md"
    _upload(admin_bot, name, b"<html>Sign in</html>", content_type="text/html")     # a failed download
    _upload(admin_bot, "<!here>.txt", b"tekst")                                      # a wrong type
    texts = [p.params["text"] for p in admin_bot.posts()]
    assert len(texts) == 2
    assert texts[0].startswith("Jeg kunne ikke hente «&lt;!channel&gt; &amp; &lt;@UALICE&gt;.md» fra Slack")
    assert "&lt;!here&gt;.txt" in texts[1]
    assert not any("<!channel>" in t or "<@UALICE>" in t or "<!here>" in t for t in texts)
