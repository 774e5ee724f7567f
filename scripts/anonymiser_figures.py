"""Print the anonymiser's figures: recall of planted personal data and trap words wrongly removed.

Plants 1,000+ invented people (Faker, seeded: mostly da_DK, some other locales, and a held-out
group of locales whose names are NOT in the anonymiser's name lists) with phones, e-mails, CPR
numbers and addresses in realistic Danish minutes, and ~200 trap words that must survive.
Deterministic: the same numbers every run.

Example:
    python scripts/anonymiser_figures.py
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from faker import Faker  # noqa: E402

from indexer.anonymise.anonymiser import anonymise  # noqa: E402
from indexer.knowledge.directory import Directory, load_allowlist, load_directory  # noqa: E402

SEED = 20201028
PEOPLE = {  # locale -> how many invented people
    "da_DK": 700, "sv_SE": 40, "no_NO": 40, "de_DE": 40, "en_US": 40, "pl_PL": 40, "tr_TR": 40,
    # held out: these locales' name lists are not vendored into indexer/data/
    "cs_CZ": 30, "hu_HU": 30, "lt_LT": 30, "et_EE": 30,
}
HELD_OUT = {"cs_CZ", "hu_HU", "lt_LT", "et_EE"}

# {name} full name, {first}/{last} later mentions, {gen} genitive, {name2} a second person.
TEMPLATES = [
    "{name} fra bygherren fortalte, at tidsplanen var presset i uge 34.",
    "På udviklingsmødet i marts 2021 sagde {name}, at målprisen lå på 3,2 mio. kr.",
    "Ifølge {name} blev helhedsplanen godkendt af afdelingsbestyrelsen i 2019.",
    "{gen} forslag var at navngive et kernehold på fire-fem personer.",
    "Spørgsmål kan rettes til {name} på {phone} eller {email}.",
    "Byggekontoret lå i en ledig lejlighed på {address}, og {name} havde nøglen.",
    "{name} deltog i mødet. {first} mente, at dialogen i tilbudsfasen var pengene værd.",
    "Vi aftalte, at {name} og {name2} følger op på nøgletallene inden uge 12.",
    "En beboerliste med {name}, CPR-nr. {cpr}, blev ved en fejl sendt rundt.",
    "Referent: {name}",
    "{name} tog ordet. Det blev besluttet, at {last} præsenterer erfaringerne på næste salon.",
    "Tak til {name} (rådgiveren) for en god gennemgang af porteføljen.",
    "{name} understregede, at genhusningen skal planlægges tidligt i forløbet.",
    "Efter mødet skrev {first} til {name2} om budgettet på 450.000 kr.",
    "I Kildeparken har {name} stået for beboerinddragelsen siden 2019.",
    "Kontaktperson: {name}, tlf. {phone}, {email}",
    "{name} fra rådgiversiden og {name2} var uenige om, hvordan § 91a skulle forstås.",
    "Projektchef {name} præsenterede casen fra Mjølnerparken på salonen.",
    "Det var {gen} vurdering, at risikoen var undervurderet. {last} foreslog en buffer.",
    "Hvis der er spørgsmål, så ring til {first} {last} på {phone}.",
    "Mødet blev holdt hos {name} på {address} den 28. oktober 2020.",
    "Beboerformand {name} ({cpr}) bor på {address}.",
    # harder: a name alone, without a verb of speech or a title to give it away
    "{first} havde ansvaret for referatet fra mødet.",
    "Også {first} var med, da afdelingsbestyrelsen mødtes i uge 12.",
    "Projektet blev fulgt af {last}, der kender afdelingen godt.",
    "Deltagere: {name}, {name2} og to beboere fra afdelingen.",
]

ALLOWLIST = frozenset({
    "Mjølnerparken", "Kildeparken", "Urbanplanen", "Bispehaven", "Gadekæret", "Solbakkehusene",
    "Egeløkken", "Akacieparken", "Agervang", "Nøjsomhed", "Hørgården", "Lundtoftegade",
    "Bølgen", "Stengårdsvej", "Skovparken", "Tåstrupgård", "Gyngemosen", "Degnegården",
    "Rønnebærparken", "Askerød", "Sundholmsvej", "Charlotteager", "Lindholm", "Voldparken",
    "Husumvej", "Glentevej", "Grantoften", "Hedeparken", "Toftevang", "Nordvestparken",
})

# Each trap must survive exactly as written. Sentence starts go first in a sentence.
SENTENCE_STARTS = """Beboerne Det Projektet Partnerskabet Derfor Hvis Når Efter Bygherren Rådgiveren
Entreprenøren Udbuddet Tilbuddet Mødet Salonen Deltagerne Konsortiet Processen Prisen Samarbejdet
Erfaringen Tidsplanen Renoveringen Helhedsplanen Afdelingsbestyrelsen Nøglepersonerne Evalueringen
Dialogen Budgettet Økonomien Genhusningen Byggepladsen Arbejdsmiljøet Kvaliteten Styregruppen
Følgegruppen Sekretariatet Ledelsen Kommunen Flere Nogle Mange Alle Begge Samtidig Desuden
Endelig Først Bagefter Herefter Generelt Typisk Heldigvis Desværre Oplevelsen Udfordringen Holdet
Tilliden Læringen Rammeaftalen Kontrakten Porteføljen Bemandingen Forhandlingerne Tilbudsgiverne
Beboerdemokratiet Vinteren Sommerferien Skoven Stranden Totalrådgiveren Arkitekterne Ingeniørerne
Formanden Driften Lejerne Organisationsbestyrelsen Direktionen Mandag Oktober Tirsdag
Byggeledelsen Målprisen Avancen Fællesomkostningerne Afleveringen Mangelgennemgangen Hans Lange
Store Gode Storm""".split()
PLACES = """København Aarhus Odense Aalborg Esbjerg Ishøj Albertslund Brøndby Hvidovre Gladsaxe
Nørrebro Valby Tingbjerg Gellerup Vollsmose Herlev Randers Kolding Vejle Roskilde Holbæk Slagelse
Sønderborg Herning Frederiksberg Amager Lyngby Taastrup Køge Horsens Viborg Silkeborg Næstved
Hillerød Svendborg Glostrup Ballerup Rødovre Vesterbro Østerbro Husum Brønshøj Vanløse Danmark
Sverige Norge Jylland Fyn Sjælland Farum Helsingør Kalundborg Nakskov Skanderborg Kastrup Hedehusene
Frederikssund Ringkøbing Thisted Haderslev Fredericia""".split()
DOMAIN = ["Landsbyggefonden", "AlmenNet", "BL", "Folketinget", "Udbudsloven", "Almenboligloven",
          "Excel", "Teams", "Covid-19", "DGNB", "BR18", "AB18", "Realdania", "Byggeskadefonden",
          "&os", "fsb HJEM", "Byggepartnerskabet &os", "bygherren", "totalrådgiveren",
          "entreprenøren", "Boligselskabernes Landsforening", "Svanemærket", "Slack", "Lean",
          "Partnering", "EU", "Dansk Byggeri", "Boligministeriet", "Erhvervsstyrelsen",
          "Københavns Kommune", "Region Hovedstaden", "Grøn Boligaftale", "BIM", "Dalux",
          "SharePoint", "Bygningsreglementet", "Molio", "Danmarks Statistik", "Aarhus Universitet",
          "BUILD", "Tripartsaftalen", "Design & Build"]
NUMBERS = ["3,2 mio. kr.", "450.000 kr.", "2021", "28. oktober 2020", "uge 34", "§ 91a", "§ 37",
           "12.500.000 kr.", "2019-2021", "kl. 10.00-12.00", "28.10.2020", "2020-10-28",
           "112 lejemål", "1,5 mio. kr.", "30 procent", "5 %", "uge 29 og 30", "afdeling 12",
           "skema B", "fase 2", "2.400 m²"]
TRAP_SENTENCES_START = ["{trap} blev drøftet grundigt på mødet i oktober 2020.",
                        "{trap} var et tema, som alle vendte tilbage til."]
TRAP_SENTENCES_MID = ["Vi talte om erfaringerne fra {trap} på udviklingsmødet.",
                      "Sagen om {trap} viste, at partnerskabet kan levere.",
                      "Til sidst nævnte deltagerne {trap} som et eksempel."]


def invent_people(rng: random.Random):
    people = []
    for locale, count in PEOPLE.items():
        fake = Faker(locale)
        fake.seed_instance(SEED + sum(map(ord, locale)))
        for i in range(count):
            first, last = fake.first_name(), fake.last_name()
            if locale == "da_DK" and i % 7 == 0:
                last = f"{last}-{fake.last_name()}"
            if locale == "da_DK" and i % 11 == 0:
                first = f"{first} {fake.first_name()}"
            people.append((locale, first, last))
    return people


def danish_extras(fake: Faker, rng: random.Random) -> dict[str, str]:
    digits = "".join(str(rng.randint(0, 9)) for _ in range(8))
    phone = rng.choice([
        digits, " ".join(digits[i:i + 2] for i in range(0, 8, 2)), f"{digits[:4]} {digits[4:]}",
        f"+45 {digits}", f"+45 {digits[:4]} {digits[4:]}", f"0045 {digits}",
        "-".join(digits[i:i + 2] for i in range(0, 8, 2)), ".".join(digits[i:i + 2] for i in range(0, 8, 2)),
        f"(+45) {' '.join(digits[i:i + 2] for i in range(0, 8, 2))}", f"{digits[:4]}-{digits[4:]}"])
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(0, 99)
    cpr = f"{day:02d}{month:02d}{year:02d}{rng.choice(['-', ''])}{rng.randint(0, 9999):04d}"
    street = fake.street_address()
    floor = rng.choice(["", ", 2. th.", ", st. tv.", ", 1. mf."])
    postcode = rng.choice(["", f", {fake.postcode()} {fake.city()}"])
    return {"phone": phone, "cpr": cpr, "address": street + floor + postcode, "street": street}


def email_for(first: str, last: str, rng: random.Random) -> str:
    local = re.sub(r"[^a-z]", "", (first.split()[0][:3] + last[:3]).lower()
                   .translate(str.maketrans("æøåäöüé", "aoaaoue"))) or "x"
    return f"{local}{rng.randint(1, 99)}@{rng.choice(['kab', 'fsb', 'cowi', 'ncc'])}.example.dk"


def word_present(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text, re.IGNORECASE) is not None


def digits_present(value: str, text: str) -> bool:
    digits = re.sub(r"\D", "", value)
    digits = digits[-8:] if len(digits) > 8 and not re.search(r"\d{6}-?\d{4}", value) else digits
    return re.search(r"[\D]*".join(digits), text) is not None


def main() -> None:
    rng = random.Random(SEED)
    fake_da = Faker("da_DK")
    fake_da.seed_instance(SEED)
    people = invent_people(rng)
    rng.shuffle(people)
    directory = Directory.empty()

    planted: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    leaked_into_index: Counter[str] = Counter()
    by_group: Counter[str] = Counter()
    by_group_removed: Counter[str] = Counter()
    missed_examples: list[str] = []
    held_back = lessons = 0

    for i, (locale, first, last) in enumerate(people):
        template = TEMPLATES[i % len(TEMPLATES)]
        other = people[(i * 7 + 3) % len(people)]
        extras = danish_extras(fake_da, rng)
        values = {"name": f"{first} {last}", "first": first, "last": last,
                  "gen": f"{first} {last}" + ("'" if last.endswith(("s", "x", "z")) else "s"),
                  "name2": f"{other[1]} {other[2]}", "email": email_for(first, last, rng), **extras}
        lead = "På mødet i oktober 2020 blev erfaringerne fra tilbudsfasen gennemgået. "
        text = lead + template.format(**values) + " Beboerne var tilfredse med processen."
        result = anonymise(text, directory, ALLOWLIST)
        lessons += 1
        held_back += not result.clean
        group = "held-out locales" if locale in HELD_OUT else ("da_DK" if locale == "da_DK" else "other locales")

        checks: list[tuple[str, str, bool]] = []
        names = [(first, last)] + ([(other[1], other[2])] if "{name2}" in template else [])
        for f, l in names:
            for part in re.split(r"[ -]", f"{f} {l}"):
                if len(part) > 1:
                    checks.append(("name", part, not word_present(part, result.text)))
        for kind in ("phone", "cpr"):
            if "{" + kind + "}" in template:
                checks.append((kind, values[kind], not digits_present(values[kind], result.text)))
        if "{email}" in template:
            checks.append(("email", values["email"], values["email"].lower() not in result.text.lower()))
        if "{address}" in template:
            street = values["street"]
            checks.append(("address", street, street.lower() not in result.text.lower()))
        for kind, value, gone in checks:
            planted[kind] += 1
            removed[kind] += gone
            if kind == "name":
                by_group[group] += 1
                by_group_removed[group] += gone
            if not gone and result.clean:
                leaked_into_index[kind] += 1
            if not gone and len(missed_examples) < 12:
                missed_examples.append(f"{kind}: {value!r} in {result.text[len(lead):]!r}")

    traps = ([(t, "start") for t in SENTENCE_STARTS] + [(t, "mid") for t in PLACES + sorted(ALLOWLIST) + DOMAIN]
             + [(t, "mid") for t in NUMBERS])
    trap_removed = trap_flagged = 0
    trap_misses: list[str] = []
    for i, (trap, where) in enumerate(traps):
        pattern = (TRAP_SENTENCES_START if where == "start" else TRAP_SENTENCES_MID)[i % 2 if where == "start" else i % 3]
        text = "Mødet handlede om porteføljen. " + pattern.format(trap=trap)
        result = anonymise(text, directory, ALLOWLIST)
        if trap not in result.text:
            trap_removed += 1
            trap_misses.append(f"removed: {trap!r} → {result.text!r}")
        elif not result.clean:
            trap_flagged += 1
            trap_misses.append(f"flagged: {trap!r}")

    # Real prose with no people in it: the knowledge base's articles.
    kb = Path(__file__).resolve().parents[1] / "knowledge_base"
    kb_directory, kb_allowlist = load_directory(kb / "directory.yaml"), load_allowlist(kb / "allowlist.yaml")
    articles = sorted((kb / "articles").glob("*.md"))
    article_words = article_names = article_findings = 0
    for path in articles:
        result = anonymise(path.read_text(encoding="utf-8"), kb_directory, kb_allowlist)
        article_words += len(path.read_text(encoding="utf-8").split())
        article_names += result.replaced.get("name", 0)
        article_findings += len(result.findings)

    # Speed: a lesson of about 1,000 words.
    filler = ("Beboerne i Kildeparken var tilfredse med processen, og målprisen på 3,2 mio. kr. holdt. "
              "Søren Bakkegaard fra rådgiversiden sagde, at tidsplanen i uge 34 var presset. "
              "Hans Jensen kan kontaktes på 20 31 42 53 eller hje@kab.example.dk. ")
    long_text = filler * 28
    anonymise(long_text, directory, ALLOWLIST)
    start = time.perf_counter()
    for _ in range(10):
        anonymise(long_text, directory, ALLOWLIST)
    ms = (time.perf_counter() - start) / 10 * 1000

    total_planted, total_removed = sum(planted.values()), sum(removed.values())
    print(f"Invented people: {len(people)} (Faker, seed {SEED}); lessons: {lessons}")
    print(f"Recall of personal data: {total_removed / total_planted:.2%} "
          f"({total_removed}/{total_planted} planted values removed; target >= 99.5 %)")
    for kind in sorted(planted):
        print(f"  {kind:8s} {removed[kind] / planted[kind]:.2%} ({removed[kind]}/{planted[kind]})")
    for group in sorted(by_group):
        print(f"  names, {group}: {by_group_removed[group] / by_group[group]:.2%} "
              f"({by_group_removed[group]}/{by_group[group]})")
    print(f"Left in the text AND the lesson judged clean (would reach the index): "
          f"{sum(leaked_into_index.values())} {dict(leaked_into_index) or ''}")
    print(f"Lessons held back for review (findings): {held_back}/{lessons}")
    print(f"Trap words wrongly removed: {trap_removed / len(traps):.2%} ({trap_removed}/{len(traps)}; "
          f"target <= 2 %)")
    print(f"Trap words kept but flagged for review: {trap_flagged / len(traps):.2%} ({trap_flagged}/{len(traps)})")
    print(f"Articles (no people in them; the knowledge base's directory and allowlist): {article_names} "
          f"words replaced as names, {article_findings} findings, in {article_words} words of {len(articles)} articles")
    print(f"Speed: {ms:.1f} ms for a {len(long_text.split())}-word lesson")
    if "-v" in sys.argv:
        print("\nMissed personal data (examples):", *missed_examples, sep="\n  ")
        print("\nTrap words hit:", *trap_misses, sep="\n  ")


if __name__ == "__main__":
    main()
