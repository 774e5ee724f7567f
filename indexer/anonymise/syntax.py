"""What the words around a capitalised word say about it in Danish: does a person act there?

A surname that is also an ordinary word ("Bjerg", "Birk", "Vang") is told from the word by where it
stands. Danish puts the finite verb second: "Bjerg mente, at …", "Derfor foreslog Dal, at …"; only a
person says, means, proposes or asks, so such a verb beside the word makes it a person, while "Storm og
regn har skyllet grus ud" and "Sten for sten" stay words. A preposition that takes a person ("ifølge
Bjerg", "aftalt med Birk", "sendt til Kjær") does the same; one that takes a place ("i Lund", "ved
Vangen") does not.
"""

from __future__ import annotations

import re

# Verbs only a person does: saying, meaning, proposing, asking, promising, agreeing.
SPEECH_VERBS = frozenset(
    "sagde siger mente mener fortalte fortæller spurgte spørger foreslog foreslår påpegede påpeger "
    "nævnte nævner svarede svarer understregede understreger bemærkede bemærker forklarede forklarer "
    "tilføjede tilføjer oplyste oplyser fremhævede fremhæver pointerede konstaterede supplerede "
    "præsenterede gennemgik beskrev beskriver erkendte indrømmede advarede anbefalede anbefaler "
    "opfordrede opfordrer synes syntes tror troede vurderede vurderer mødte ringede skrev "
    "efterlyste bekræftede bekræfter afviste".split())
# And more of a person's acts, for an ordinary word that is also a name: "Dal og Vang aftaler".
PERSON_ACTS = SPEECH_VERBS | frozenset(
    "lovede lover aftalte aftaler indledte indleder takkede ønskede ønsker tilbød tilbyder inviterede "
    "inviterer orienterede orienterer redegjorde noterede noterer".split())
# Finite verbs a subject of any kind may have: "Ingrida havde ansvaret".
FINITE_VERBS = frozenset(
    "havde har var er blev bliver skal skulle vil ville kan kunne må måtte fik får gik går tog tager "
    "kom kommer gav giver lavede laver stod står holdt holder deltog deltager ledede leder "
    "arbejder arbejdede sendte sender kender kendte".split())
# What a person in minutes does: speech, the finite verbs above and the work of a meeting.
PERSON_VERBS = SPEECH_VERBS | FINITE_VERBS | frozenset(
    "undersøger undersøgte tjekker tjekkede sørger sørgede booker bookede følger fulgte melder meldte "
    "indkalder indkaldte opdaterer afsluttede afslutter viste viser slog sluttede startede starter "
    "lovede lover indledte indleder redegjorde noterede noterer bad beder".split())
# Irregular past tenses that no ending tells: "Per gik", "Kim fik".
_STRONG_PAST = frozenset(
    "bad bandt drak drog fandt fik fløj frøs gav gik gjorde gled greb hed hjalp holdt kom lagde lod "
    "lå løb nød red sad sagde skrev skød slog sov sprang stak stjal stod strøg så tav tog traf trak "
    "valgte vandt var vidste solgte talte fortalte spurgte bød brød fór gød græd gøs knep kneb "
    "krøb lo nøs peb sank skar skreg slap snød sprak stred svandt svor sved trådte turde vred åd".split())
# Words before a name that say it is a person: "projektleder X", "ifølge X", "aftalt med X".
TITLES = frozenset(
    "hr. hr fru frk. dr. direktør formand næstformand projektleder projektchef byggeleder arkitekt "
    "ingeniør rådgiver konsulent kollega kollegaen beboer beboeren afdelingsformand sekretær "
    "referent chef leder medarbejder kontaktperson v/ att. ifølge kontakte "
    # family: "med min mor Halyna", "hendes søn Dmytro"
    "mor far søn datter bror søster mand kone hustru onkel tante svigermor svigerfar barnebarn kæreste".split())
# The words of a contact line that are no one's name: "Tlf. 22 33 44 55", "Personnr.: …".
CONTACT_WORDS = frozenset("tlf telefon mobil mob tel fax cpr cpr-nr personnr pers pers.nr nr mail e-mail email "
                          "adresse".split())
# Danish personal and possessive pronouns: first in a sentence "Han sagde" is never a name.
# "Hans" is also a first name: as a pronoun a noun follows it ("Hans forslag"), as a name a verb.
PRONOUNS = frozenset("jeg du han hun den det vi i de man mig dig ham hende os jer dem sig min mit mine din dit dine "
                     "hendes dens dets vores jeres deres sin sit sine".split())
# A letter's closing formula is no one's name: "Best regards", "Med venlig hilsen".
CLOSINGS = re.compile(r"(?i)(?<![\w])(?:med venlig hilsen|med venlige hilsner|venlig hilsen|venlige hilsner|"
                      r"mange hilsner|(?:de )?bedste hilsner|kærlig hilsen|best regards|kind regards|warm regards|"
                      r"regards|best wishes|all the best|cheers|best(?=,?[ \t]*(?:\n|$))|mvh|vh|kh|bh)(?![\w])")
# What follows "&" in a company's name: "Storm & Co.", "Brødrene Hansen & Søn".
COMPANY_PARTS = frozenset({"Co", "Søn", "Sønner", "Partner", "Partners", "Sons"})
# A body of people in the definite form: before a name it names an organisation ("Byggeudvalget Kildemarken").
BODIES = ("udvalget", "bestyrelsen", "sekretariatet", "afdelingen", "foreningen", "selskabet", "gruppen", "rådet",
          "ledelsen", "kontoret", "partnerskabet")
PERSON_PREPOSITIONS = frozenset("med til hos af ifølge mellem overfor v/ blandt for".split())
PLACE_PREPOSITIONS = frozenset("i på ved mod langs gennem nær omkring bag under over fra".split())

# A role or an affiliation in brackets after a name: "(fra driften)", "(maleren)", "(formand)", "(sekr.)".
_ROLE = re.compile(r"(?i)(?:fra|hos|ved)[ \t]+(?!kl\b)[^\W\d_].*|[a-zæøå]+(?:eren|øren|anten|enten|isten|manden|chefen|lederen|værten|"
                   r"mesteren|konsulenten|rådgiveren|repræsentanten)|formand|næstformand|kasserer|sekretær|sekr\.?|"
                   r"referent|ref\.?|suppleant|tovholder|gæst|vicevært|dirigent|ordstyrer|projektleder|byggeleder|"
                   r"konsulent|rådgiver|beboerrådgiver|[a-zæøå]{4,}(?:en|et|erne)")
_BRACKETED = re.compile(r"[ \t]*\(([^()\n]{1,40})\)")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w./]*)[ \t]*$")


def finite_verb(word: str, dictionary: frozenset[str]) -> bool:
    """Does ``word`` read as a Danish finite verb: "mente", "indledte", "åbnede", "understreger"?

    By the lists above, or by form: a past tense in -ede/-te/-de, or a present tense in -r, whose
    infinitive is in the dictionary ("mene", "indlede", "åbne", "understrege").
    """
    lower = word.lower()
    if lower in PERSON_VERBS or lower in _STRONG_PAST:
        return True
    if len(lower) < 4 or not lower.isalpha():
        return False
    if lower.endswith("ede"):
        return lower[:-2] in dictionary
    if lower.endswith(("te", "de")):
        return lower[:-2] + "e" in dictionary
    if lower.endswith("er"):
        return lower[:-1] in dictionary
    if lower.endswith("r"):
        return lower[:-1] in dictionary and lower[-2] in "åe"
    return False


def affiliation_after(text: str, stop: int) -> int:
    """Where a role or an affiliation in brackets right after ``stop`` ends ("Sten (maleren)"), else 0."""
    m = _BRACKETED.match(text, stop)
    return m.end() if m and _ROLE.fullmatch(m.group(1).strip()) else 0


_APPOSITION = re.compile(r"[ \t]*,[ \t]+(?:vores[ \t]+|den[ \t]+nye[ \t]+|ny[ \t]+)?([a-zæøå]+)(?=[ \t,.])")
ROLE_ENDINGS = ("leder", "lederen", "chef", "chefen", "rådgiver", "rådgiveren", "konsulent", "konsulenten", "formand",
                "formanden", "koordinator", "koordinatoren", "medarbejder", "medarbejderen", "arkitekt", "arkitekten",
                "ingeniør", "ingeniøren", "direktør", "direktøren", "sekretær", "sekretæren", "repræsentant",
                "repræsentanten", "vicevært", "viceværten", "kasserer", "kassereren", "suppleant", "referent")


def apposition_after(text: str, stop: int) -> bool:
    """"Holm, formand for afdelingsbestyrelsen, bød velkommen": a role after a comma names a person."""
    m = _APPOSITION.match(text, stop)
    return bool(m and (m.group(1) in TITLES or m.group(1).endswith(ROLE_ENDINGS)))


def word_before(text: str, start: int) -> str:
    """The word just before ``start`` on the same line, lower case ("" if none)."""
    m = _WORD_BEFORE.search(text[max(0, start - 25):start])
    return m.group(1).lower() if m else ""


_AMPERSAND_AFTER = re.compile(r"[ \t]*&[ \t]*([A-ZÆØÅ][^\W\d_]+)")
_AMPERSAND_BEFORE = re.compile(r"([A-ZÆØÅ][^\W\d_]+)[ \t]*&[ \t]*$")


def firm_of_two(text: str, start: int, stop: int, words: list[str], first_name) -> bool:
    """"Skov & Krog", "Holm & Vinther": two surnames joined by "&" are a firm – people are joined by "og".
    Not where a first name stands on either side ("Anne & Bo")."""
    other = _AMPERSAND_AFTER.match(text, stop) or _AMPERSAND_BEFORE.search(text, max(0, start - 40), start)
    return bool(other) and not any(first_name(w) for w in [*words, other.group(1)])
