"""Danish texts for the admin surfaces: rebuild progress and summary, failures, status and stats.

Everything from files or questions goes through ``slack_text.safe``; English error details are
shown in a code span so the admin can search for them or pass them on.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bot.slack.text import safe
from indexer import AWAITING_APPROVAL, TZ, BuildInProgress, IndexNotWritable

BAR_WIDTH = 12
# Why a knowledge-base file could not be indexed, in Danish, matched on indexer's English messages.
_REASONS = [
    ("not valid UTF-8", "den ikke er gemt som UTF-8"),
    ("missing YAML front matter", "den mangler front matter øverst (`---`, `title: …`, `---`)"),
    ("front matter is not closed", "front matter ikke er afsluttet med en linje `---`"),
    ("anchors and aliases", "front matter bruger YAML-ankre eller -aliaser (`&amp;navn`, `*navn`) – skriv værdien ud"),
    ("invalid YAML", "front matter ikke er gyldig YAML"),
    ("key: value pairs", "front matter ikke er gyldig YAML"),
    ("has no 'title'", "den mangler en titel (`title:`) i front matter"),
    ("'date' must be", "datoen skal skrives ÅÅÅÅ-MM-DD"),
    ("must be a list", "et felt skal være en liste, fx `tags: [a, b]`"),
    ("must be text", "et felt skal være tekst"),
    ("audience", "målgruppen (`audience`) skal være public, network eller partnership:&lt;navn&gt;"),
    ("title ", "titlen også bruges af en anden fil"),
    ("document id", "filnavnet også bruges af en anden fil"),
]


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def seconds_text(seconds: float) -> str:
    return f"{seconds:.1f}".replace(".", ",") + " s"


def local_time(iso: str | None) -> str:
    """'2027-01-15T11:00:00+00:00' → '15.01.2027 kl. 12:00' (Danish time)."""
    if not iso:
        return "ukendt tidspunkt"
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(TZ).strftime("%d.%m.%Y kl. %H:%M")


def code(text: str) -> str:
    """An English detail as a code span (no backticks or mentions can break out of it)."""
    return "`" + safe(" ".join(str(text).replace("`", "'").split()))[:1500] + "`"


# -- rebuilds -------------------------------------------------------------------------------------
def progress_text(title: str, done: int, total: int) -> str:
    if total <= 0:
        return f"⏳ {title} …\nForbereder dokumenterne."
    filled = round(BAR_WIDTH * done / total)
    bar = "▓" * filled + "░" * (BAR_WIDTH - filled)
    return f"⏳ {title} …\n`{bar}` {done}/{total} dokumenter færdige"


def busy_text(link: str | None, user: str | None) -> str:
    who = f" (startet af <@{user}>)" if user else ""
    where = f" <{link}|Se status her>." if link else " Prøv igen om lidt."
    return f"⏳ Der er allerede en genindeksering i gang{who}.{where}"


def summary_lines(summary) -> list[str]:
    """The Danish lines of a BuildSummary (indexer.index.build)."""
    lines = [
        "Dokumenter: " + " · ".join([plural(len(summary.added), "nyt", "nye"),
                                      plural(len(summary.changed), "ændret", "ændrede"),
                                      plural(len(summary.removed), "fjernet", "fjernede"),
                                      plural(len(summary.unchanged), "uændret", "uændrede")]),
        f"Tekstafsnit: {summary.passages} i alt ({summary.embedded} beregnet, {summary.reused} genbrugt)",
    ]
    held = sorted({h["doc_id"] for h in summary.held_back})
    awaiting = awaiting_approval(summary.held_back)
    if held:
        names = ", ".join(f"`{safe(d)}`" + (" (venter på godkendelse)" if d in awaiting else "") for d in held[:10])
        why = ("De kan rumme personoplysninger; ret dem (se `python -m indexer review`) og genindeksér."
               if len(awaiting) < len(held) else "")
        lines.append(f"Erfaringer holdt tilbage til gennemgang: {len(held)} – {names}. "
                     + " ".join(filter(None, [why, "Godkend dem med `/kb-review`." if awaiting else ""])))
    else:
        lines.append("Erfaringer holdt tilbage til gennemgang: 0")
    lines.extend(f"⚠️ Advarsel: {code(w)}" for w in summary.warnings[:5])
    lines.append(f"Tid: {seconds_text(summary.seconds)}")
    return lines


def reindex_done_text(summary, full: bool = False) -> str:
    what = "fuldt genopbygget" if full else "genindekseret"
    return "\n".join([f"✅ *Vidensbanken er {what}.*", *summary_lines(summary)])


def failed_file(exc: Exception, kb_dir: Path | None) -> tuple[str, int | None] | None:
    """Which knowledge-base file a build error is about, relative to the knowledge base."""
    path, line = getattr(exc, "path", None), getattr(exc, "line", None)
    if path is None:
        match = re.search(r"(\S+\.(?:md|ya?ml))(?::(\d+))?", str(exc))
        if not match:
            return None
        path, line = match.group(1), int(match.group(2)) if match.group(2) else None
    return _relative(str(path), kb_dir), line


def _relative(path: str, kb_dir: Path | None) -> str:
    if kb_dir is not None:
        for base in {str(Path(kb_dir)), str(Path(kb_dir).resolve())}:
            if path.startswith(base.rstrip("/") + "/"):
                return path[len(base.rstrip("/")) + 1:]
    return path


def _detail(exc: Exception, kb_dir: Path | None) -> str:
    text = str(exc)
    if kb_dir is not None:
        for base in sorted({str(Path(kb_dir).resolve()), str(Path(kb_dir))}, key=len, reverse=True):
            text = text.replace(base.rstrip("/") + "/", "")
    return text


def failure_text(exc: Exception, kb_dir: Path | None, heading: str = "Genindekseringen mislykkedes.") -> str:

    if isinstance(exc, BuildInProgress):
        return ("⏳ Indekset bliver allerede bygget et andet sted (fx fra kommandolinjen). "
                "Prøv igen om lidt – den nuværende vidensbank bruges stadig.")
    lines = [f"❌ *{heading}* Vidensbanken svarer stadig ud fra den hidtidige version."]
    if isinstance(exc, IndexNotWritable):
        lines.append("Indeksmappen er fuld eller skrivebeskyttet, så det nye indeks kunne ikke gemmes. "
                     "Frigør plads, eller giv botten skriveadgang til mappen, og kør `/kb-reindex` igen.")
        lines.append(f"Detaljer: {code(_detail(exc, kb_dir))}")
        return "\n".join(lines)
    where = failed_file(exc, kb_dir)
    if where:
        place = f"`{safe(where[0])}`" + (f" (linje {where[1]})" if where[1] else "")
        detail = str(exc).split(": ", 1)[-1]
        why = next((danish for english, danish in _REASONS if english in detail), None)
        because = f", fordi {why}" if why else ""
        lines.append(f"Filen {place} kunne ikke indekseres{because}. Ret filen, og kør `/kb-reindex` igen.")
    else:
        lines.append("Der opstod en fejl under opbygningen af indekset. Prøv igen, eller kør "
                     "`python -m indexer build` for at se hele fejlen.")
    lines.append(f"Detaljer: {code(_detail(exc, kb_dir))}")
    return "\n".join(lines)


# -- /kb-status -------------------------------------------------------------------------------------
def awaiting_approval(rows: list[dict]) -> set[str]:
    """The lessons of review rows held back only until an admin approves them (VIDENSBANK_REVIEW_LESSONS=all)."""
    kinds: dict[str, set[str]] = {}
    for row in rows:
        kinds.setdefault(row["doc_id"], set()).add(row["kind"])
    return {doc_id for doc_id, k in kinds.items() if k == {AWAITING_APPROVAL}}


def status_text(info: dict, last_run: dict | None, review_docs: list[str], model_problem: str | None = None,
                awaiting: set[str] = frozenset()) -> str:
    """``awaiting``: the ``review_docs`` held back only until an admin approves them."""
    counts = info.get("counts", {})
    lines = [
        "📚 *Vidensbankens status*",
        *([f"⚠️ *Sprogmodellen kunne ikke indlæses* – svarene bygger kun på nøgleordssøgning, og jeg prøver "
           f"igen i baggrunden. Detaljer: {code(model_problem)}"] if model_problem else []),
        f"Indeks: build `{safe(info['build_id'])}` (format {info['format_version']}), "
        f"bygget {local_time(info.get('built_at'))}",
        f"Model: `{safe(str(info['model']))}` ({info.get('dimension')} dimensioner)",
        "Indhold: " + " · ".join([plural(counts.get("articles", 0), "artikel", "artikler"),
                                  plural(counts.get("lessons", 0), "erfaring", "erfaringer"),
                                  plural(counts.get("events", 0), "arrangement", "arrangementer"),
                                  f"{counts.get('passages', 0)} tekstafsnit"]),
    ]
    last_build = info.get("last_build") or {}
    if last_build:
        lines.append("Seneste opbygning: " + " · ".join([
            plural(last_build.get("added", 0), "nyt", "nye"),
            plural(last_build.get("changed", 0), "ændret", "ændrede"),
            plural(last_build.get("removed", 0), "fjernet", "fjernede"),
            plural(last_build.get("unchanged", 0), "uændret", "uændrede")])
            + f" på {seconds_text(float(last_build.get('seconds') or 0))}")
    if last_run:
        who = f" af <@{last_run['user_id']}>" if last_run.get("user_id") else ""
        when = local_time(last_run.get("finished_at"))
        result = "lykkedes" if last_run.get("ok") else f"mislykkedes: {code(last_run.get('error') or '')}"
        lines.append(f"Seneste genindeksering fra Slack: {when}{who} – {result}")
    if review_docs:
        names = ", ".join(f"`{safe(d)}`" + (" (venter på godkendelse)" if d in awaiting else "")
                          for d in review_docs[:10])
        lines.append(f"Venter på gennemgang: {plural(len(review_docs), 'erfaring', 'erfaringer')} – {names}")
    else:
        lines.append("Venter på gennemgang: ingen erfaringer")
    if info.get("stale"):
        lines.append("⚠️ Vidensbanken er ændret siden seneste opbygning – kør `/kb-reindex`.")
    else:
        lines.append("Indekset er ajour med vidensbanken.")
    return "\n".join(lines)


# -- /kb-stats ----------------------------------------------------------------------------------------
def stats_text(stats, retention_days: int) -> str:
    lines = [f"📊 *Vidensbanken de seneste {plural(stats.days, 'dag', 'dage')}*"]
    if not stats.asked:
        lines.append("Ingen spørgsmål i perioden.")
    else:
        share = round(100 * stats.confident_share)
        lines.append(f"Spørgsmål: {stats.asked} – heraf besvaret sikkert: {stats.confident} ({share} %)")
    lines.append(f"Feedback: 👍 {stats.up} · 👎 {stats.down}")
    if stats.generated or stats.fallbacks:
        fell_back = sum(n for _, n in stats.fallbacks)
        line = f"Skrevet af sprogmodellen: {stats.generated} svar"
        if fell_back:
            reasons = " · ".join(f"{code(r)} {n}" for r, n in stats.fallbacks)
            line += f" – faldt tilbage til uddrag fra kilderne: {fell_back} ({reasons})"
        lines.append(line)
    if stats.gaps:
        lines.append("*Oftest stillede spørgsmål uden sikkert svar* – emner, der mangler indhold:")
        lines.extend(f"{i}. «{safe(q)}» – {plural(n, 'gang', 'gange')}"
                     for i, (q, n) in enumerate(stats.gaps, start=1))
    elif stats.asked:
        lines.append("Alle spørgsmål i perioden fik et sikkert svar.")
    lines.append(f"_Spørgsmål gemmes uden bruger-id og slettes efter {retention_days} dage._")
    return "\n".join(lines)
