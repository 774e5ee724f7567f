"""The upload preview asks who may see the file and whether it is an article or a lesson; lessons are
anonymised, personal data holds an upload back, and only the uploading admin sees any of it.

Every person and number here is invented.
"""

from __future__ import annotations

import dataclasses
import json

import yaml

from bot.admin.upload_blocks import ACTION_ADD, ACTION_AUDIENCE, ACTION_CANCEL, ACTION_KIND
from tests.bot.admin_support import ADMIN, ADMIN_DM, MEMBER, TEAM_ID, preview_of

MINUTES = ("# Referat fra byggemødet\n\nDeltagere: Bo Sand, Kim Storm\n\n"
           "Bo: Vi skal spare på genhusningen. Ring til mig på 23 45 67 89.\n\n"
           "Kim: enig. Tidsplanen for etape 2 holder.\n").encode()
DOUBTFUL = ("# Noter om logistik\n\nLogistikken blev drøftet med Qwertzuiop, som havde erfaringer "
            "med byggepladsens adgangsveje.\n").encode()
CLEAN = ("# Tempo i renoveringssager\n\nEt jævnt tempo i renoveringssagerne giver ro hos beboerne.\n").encode()


def _preview(bot, name: str, content: bytes):
    info = bot.fake.add_file(name, content)
    bot.file_share(info["id"], name)
    bot.fake.wait_for("chat.postMessage")
    bot.wait_idle()
    call = bot.posts()[-1]
    upload_id, _ = preview_of(call)
    return upload_id, call.params.get("ts") or "1700000000.000001", call


def _select(bot, action_id: str, value: str, ts: str, user: str = ADMIN) -> str:
    name = f"sel{action_id}{value}{user}"
    payload = {
        "type": "block_actions", "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": user, "username": "u", "team_id": TEAM_ID}, "api_app_id": "AVIDEN", "token": "legacy",
        "trigger_id": "1.2.3", "container": {"type": "message", "message_ts": ts, "channel_id": ADMIN_DM},
        "channel": {"id": ADMIN_DM, "name": "directmessage"}, "response_url": bot.fake.response_url(name),
        "message": {"type": "message", "ts": ts, "text": "preview", "bot_id": "BBOT"},
        "actions": [{"action_id": action_id, "block_id": "b", "type": "static_select",
                     "selected_option": {"value": value}, "action_ts": "1700003000.000100"}],
    }
    assert bot.http.send_interaction(payload).status == 200
    bot.wait_idle()
    return name


def _latest_preview(bot) -> str:
    return json.dumps(bot.fake.calls_to("chat.update")[-1].params["blocks"], ensure_ascii=False)


def test_the_preview_asks_for_audience_and_type_with_network_as_the_default(admin_bot):
    upload_id, ts, call = _preview(admin_bot, "tempo.md", CLEAN)
    blocks = call.params["blocks"]
    selects = {b["accessory"]["action_id"]: b["accessory"] for b in blocks if "accessory" in b}
    assert selects[ACTION_AUDIENCE]["initial_option"]["value"] == f"{upload_id}|network"
    assert {o["value"].split("|")[1] for o in selects[ACTION_AUDIENCE]["options"]} >= {"network", "public"}
    assert selects[ACTION_KIND]["initial_option"]["value"] == f"{upload_id}|article"
    _select(admin_bot, ACTION_AUDIENCE, f"{upload_id}|public", ts)
    admin_bot.click(ACTION_ADD, upload_id, ts)
    admin_bot.wait_idle()
    path = admin_bot.settings.kb_dir / "articles" / "tempo-i-renoveringssager.md"
    assert yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["audience"] == "public"


def test_a_lesson_is_previewed_anonymised_and_added_to_lessons(admin_bot):
    upload_id, ts, first = _preview(admin_bot, "referat.md", MINUTES)
    assert "Personoplysninger" in json.dumps(first.params["blocks"], ensure_ascii=False)   # as an article
    _select(admin_bot, ACTION_KIND, f"{upload_id}|lesson", ts)
    shown = _latest_preview(admin_bot)
    assert "Ny erfaring" in shown and "Begyndelse (anonymiseret)" in shown
    assert "Person A: Vi skal spare" in shown and "[telefonnummer]" in shown
    assert "Bo Sand" not in shown.split("Begyndelse")[1] and "23 45 67 89" not in shown
    admin_bot.click(ACTION_ADD, upload_id, ts)
    admin_bot.wait_idle()
    assert admin_bot.updates()[-1].startswith("✅")
    written = list((admin_bot.settings.kb_dir / "lessons").glob("referat*.md"))
    assert len(written) == 1
    meta = yaml.safe_load(written[0].read_text(encoding="utf-8").split("---")[1])
    assert meta["audience"] == "network" and "authors" not in meta
    texts = [p["text"] for p in admin_bot.service.snapshot().passages_of(f"lessons/{written[0].name}")]
    assert texts and not any("Bo Sand" in t or "23 45 67 89" in t for t in texts)


def test_a_lesson_that_still_looks_personal_is_held_for_review_and_only_the_uploader_is_told(admin_bot):
    upload_id, ts, _ = _preview(admin_bot, "logistik.md", DOUBTFUL)
    _select(admin_bot, ACTION_KIND, f"{upload_id}|lesson", ts)
    assert "holdes tilbage til gennemgang" in _latest_preview(admin_bot)
    admin_bot.click(ACTION_ADD, upload_id, ts)
    admin_bot.wait_idle()
    final = admin_bot.updates()[-1]
    assert final.startswith("⏸️") and "holdt tilbage til gennemgang" in final and "/kb-review" in final
    assert {c.params["channel"] for c in admin_bot.fake.calls_to("chat.update")} == {ADMIN_DM}
    assert not any(d.startswith("lessons/logistik") for d in admin_bot.service.snapshot().documents)


def test_an_article_with_personal_data_is_held_not_added(admin_bot):
    upload_id, ts, _ = _preview(admin_bot, "referat.md", MINUTES)
    before = sorted(p.name for p in (admin_bot.settings.kb_dir / "articles").iterdir())
    name = admin_bot.click(ACTION_ADD, upload_id, ts)
    admin_bot.wait_idle()
    assert "personoplysninger" in admin_bot.responses(name)[0]
    assert sorted(p.name for p in (admin_bot.settings.kb_dir / "articles").iterdir()) == before
    assert admin_bot.deps.uploads.store.get(upload_id)["status"] == "pending"


def test_a_member_pressing_an_admins_buttons_is_refused_politely(admin_bot, caplog):
    upload_id, ts, _ = _preview(admin_bot, "tempo.md", CLEAN)
    before = sorted(p.name for p in (admin_bot.settings.kb_dir / "articles").iterdir())
    for action in (ACTION_ADD, ACTION_CANCEL):
        name = admin_bot.click(action, upload_id, ts, user=MEMBER)
        assert "kun Vidensbankens administratorer" in admin_bot.responses(name)[0]
    for action, value in ((ACTION_AUDIENCE, "public"), (ACTION_KIND, "lesson")):
        name = _select(admin_bot, action, f"{upload_id}|{value}", ts, user=MEMBER)
        assert "kun Vidensbankens administratorer" in admin_bot.responses(name)[0]
    admin_bot.wait_idle()
    row = admin_bot.deps.uploads.store.get(upload_id)
    assert row["status"] == "pending" and json.loads(row["article"])["audience"] == "network"
    assert sorted(p.name for p in (admin_bot.settings.kb_dir / "articles").iterdir()) == before
    assert admin_bot.fake.calls_to("chat.update") == []
    assert sum("refused admin action" in r.message for r in caplog.records) == 4


def test_with_review_all_an_uploaded_clean_lesson_waits_for_approval(admin_bot):
    admin_bot.settings = admin_bot.service.settings = dataclasses.replace(admin_bot.settings, review_lessons="all")
    upload_id, ts, _ = _preview(admin_bot, "tempo.md", CLEAN)
    _select(admin_bot, ACTION_KIND, f"{upload_id}|lesson", ts)
    admin_bot.click(ACTION_ADD, upload_id, ts)
    admin_bot.wait_idle()
    final = admin_bot.updates()[-1]
    assert final.startswith("⏸️") and "venter på godkendelse" in final and "/kb-review" in final
    assert {c.params["channel"] for c in admin_bot.fake.calls_to("chat.update")} == {ADMIN_DM}
    assert not any(d.startswith("lessons/tempo") for d in admin_bot.service.snapshot().documents)
