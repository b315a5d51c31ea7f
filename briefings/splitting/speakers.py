"""Who says a sentence: "X said", "said X", "according to X", "X told reporters", "he denied".

News prose attributes with a small set of reporting verbs, the speaker just before the verb (or just
after it, "said Belgian Finance Minister Mark Eyskens"). A speaker phrase is a name or a short noun
phrase of capitalised words and a few office words ("a company spokesman"); a clause of ordinary
lower-case words before "said" is not one, which keeps "prices rose, traders said" apart from "the
shares it bought said". Titles are dropped from names ("Indonesian Energy Minister Subroto" is
Subroto), a surname alone or a company's first word is the one named before ("Krumm" is Daniel Krumm),
and pronouns and "the company", "the spokesman" are the last speaker that fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass

_FORMS = (
    ("said", "says say saying"), ("told", "tells tell"), ("added", "adds"), ("noted", "notes"),
    ("stated", ""), ("denied", "denies deny"), ("predicted", "predicts predict"),
    ("forecast", "forecasts"), ("warned", "warns warn"), ("estimated", "estimates"),
    ("expected", "expects expect"), ("urged", "urges urge"), ("announced", "announces"),
    ("reported", ""), ("declared", "declares"), ("explained", "explains"), ("stressed", "stresses"),
    ("argued", "argues"), ("insisted", "insists"), ("acknowledged", "acknowledges"),
    ("confirmed", "confirms"), ("disclosed", "discloses"), ("believed", "believes"),
    ("cautioned", "cautions"), ("complained", "complains"), ("conceded", "concedes"),
    ("emphasised", "emphasized emphasises emphasizes"), ("claimed", ""), ("contended", "contends"),
    ("asserted", "asserts"), ("commented", ""), ("replied", "replies"), ("suggested", "suggests"),
    ("wrote", "writes"), ("quoted", ""),
)
VERB_FORMS = {form: past for past, forms in _FORMS for form in (past, *forms.split())}
"""Every reporting verb as written, to the past form a card shows ("says" is said)."""
_VERB = re.compile(r"\b(?:" + "|".join(sorted(VERB_FORMS, key=len, reverse=True)) + r")\b")
_ACCORDING = re.compile(r"\baccording to (?P<who>[^,;:.\"“”()]{2,80}?)(?=[,;:\"“”()]|\.(?:\s|$)|$)")
_DATELINE = re.compile(r"^(?:[^\n]{0,60}?,\s*[A-Za-z]{3,9}\.?\s*\d{1,2}|[A-Z][A-Z .'&/]{2,30}|[A-Z][a-z]+)"
                       r"\s+-\s+")
_TICKER = re.compile(r"\s*<[A-Z0-9.]{1,12}>")
_ANGLED = re.compile(r"<([^<>]{1,80})>")
"""The wire marks unlisted companies "<Morgan Guaranty Australia Ltd>": the name is the speaker."""
_QUOTE = re.compile(r"[\"“”][^\"“”]{12,}")
_OPENING_QUOTE = re.compile(r"^[\"“]")
_BOUNDARY = re.compile(r"[,;:\"“”()]|\s(?:that|but|because|while|when|if|as|and then|after|before|since)\s")
_QUOTE_MARK = re.compile(r"[\"“”]")
_NOT_SAYING = re.compile(r"\b(?:to|not)\s+$")
_TAIL_WORDS = 8
"""Words after the verb that still make it a closing tag (", the company said in a statement.")."""
_MAX_PHRASE_WORDS = 10
_PLAIN_VERBS = frozenset({"said", "says", "told", "tells", "added", "adds"})
_BETWEEN = re.compile(r"(?:\s+(?:\w+ly|also|further|again|previously|later|earlier|today|yesterday"
                      r"|has|have|had"
                      r"|(?:was|were|is|are|has been) quoted as))+$")
_INTRO = re.compile(r"^(?:but|and|however|meanwhile|also|separately|earlier|later|today|yet|so|in addition"
                    r"|in a statement|in an interview)\b\s*", re.IGNORECASE)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CLAUSE_WORDS = _word_set("is are was were be been has have had will would could should may might can do "
                          "does did not which that who when while because")
"""Words that make a phrase a clause ("prices were higher, Smith said" is no name)."""
_PREPOSITIONS = _word_set("in on at for with under after before by from to of into over as if when while")
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
_DETERMINERS = _word_set("a an the one two three four several some many most other another its their his her "
                         "both all")
_ROLE_WORDS = _word_set(
    "spokesman spokeswoman spokesperson spokesmen official officials analyst analysts source sources company "
    "companies firm firms group bank banks ministry department government governments economist economists "
    "trader traders dealer dealers executive executives chairman president minister director statement "
    "report industry market senior chief top banking oil arbitrageur arbitrageurs banker bankers observer "
    "observers expert experts delegate delegates diplomat diplomats agency commission board committee "
    "officer manager managers secretary governor treasurer union leader leaders member members study survey "
    "newspaper paper people producer producers buyer buyers seller sellers broker brokers exporter exporters "
    "importer importers authorities management administration corporation unit filing letter release "
    "countries nations lawyer lawyers attorney attorneys communique newsletter association"
)
"""Lower-case words a speaker phrase may hold: offices, bodies, the press ("a senior bank official")."""
_CONNECTORS = _word_set("of for at and & in by de du von van der la le")
_TITLES = _word_set(
    "minister secretary chairman chairwoman president vice vice-president vice-chairman governor spokesman "
    "spokeswoman spokesperson analyst economist director executive officer chief treasurer chancellor "
    "senator representative rep sen gov ambassador commissioner undersecretary premier king queen prince "
    "manager head leader mr mrs ms dr professor prof deputy trader dealer banker partner founder owner"
)
"""Words of an office, dropped before the name they title."""
_ORG_WORDS = _word_set(
    "inc corp corporation co ltd plc bank group spa ag nv sa bv gmbh company companies ministry department "
    "board commission association council organisation organization fund authority exchange agency reserve "
    "government union institute industries trust holdings partners securities bureau office opec community "
    "federation international airlines motors petroleum oil service services systems"
)
_SUFFIXES = frozenset({"inc", "corp", "co", "ltd", "plc", "the", "s"})
_SOMEONE = _word_set("spokesman spokeswoman spokesperson official analyst economist trader dealer banker "
                     "source executive chairman president minister director secretary governor lawyer "
                     "attorney delegate")
""""He" may be an unnamed one person: "a Mitsui spokesman", "one analyst"."""
_COLLECTIVE = frozenset({"company", "firm", "group", "corporation", "concern"})
""""The company" is the last organisation that spoke; "the ministry" only one named a ministry."""


@dataclass(frozen=True)
class Attribution:
    """Who says a sentence, with which verb (past form), and whether it quotes them word for word."""

    speaker: str
    verb: str
    quoted: bool


def strip_dateline(sentence: str) -> str:
    """"NEW YORK, March 9 - Dart said" is "Dart said": the dateline is where, not who."""
    return _DATELINE.sub("", sentence, count=1)


def attributions(sentences: Sequence[str]) -> list[Attribution | None]:
    """Each sentence's attribution in story order; pronouns resolve to the speakers named before them.

    A sentence opening with a quotation and tagging no one continues the previous speaker."""
    memory = _Memory()
    found: list[Attribution | None] = []
    for sentence in sentences:
        text = _ANGLED.sub(r"\1", _TICKER.sub("", strip_dateline(sentence)))
        tag = _tag(text)
        attribution: Attribution | None = None
        if tag is not None:
            speaker = memory.resolve(tag[0])
            attribution = Attribution(speaker, tag[1], bool(_QUOTE.search(text))) if speaker else None
        elif _OPENING_QUOTE.match(text) and found and found[-1] is not None:
            attribution = Attribution(found[-1].speaker, "said", True)
        found.append(attribution)
    return found


def _tag(text: str) -> tuple[str, str] | None:
    """(speaker phrase as written, verb) of the first attribution in the sentence, or None."""
    according = _ACCORDING.search(text)
    for verb in _VERB.finditer(text):
        before, after = text[: verb.start()], text[verb.end():]
        if _NOT_SAYING.search(before) or len(_QUOTE_MARK.findall(after)) % 2:
            continue  # "declined to say", "did not say", a verb inside a quotation: no attribution
        if according and according.start() < verb.start():
            break
        tail = len(after.split()) <= _TAIL_WORDS
        possessive_ok = verb.group() in _PLAIN_VERBS
        phrase = _before(before, tail, possessive_ok) or _after(after, before) or _subject(text, before)
        if phrase:
            return phrase, VERB_FORMS[verb.group()]
    if according and is_speaker_phrase(according.group("who").strip(), lenient=True):
        return according.group("who").strip(), "according to"
    return None


def _before(text: str, tail: bool, possessive_ok: bool) -> str:
    """The speaker phrase right before a verb: back to the clause start, or past an appositive. At the
    end of a sentence (", the gold miner said.") any short phrase opening with "the" or "a" will do."""
    stripped = _BETWEEN.sub("", text.rstrip())
    clauses = [piece for piece in _BOUNDARY.split(stripped) if piece is not None]
    if not clauses:
        return ""
    candidates = [clauses[-1]]
    if stripped.endswith(",") or not clauses[-1].strip():
        candidates = [clause for clause in reversed(clauses[:-1]) if clause.strip()][:2]
    for candidate in candidates:
        phrase = _INTRO.sub("", candidate.strip())
        if is_speaker_phrase(phrase, lenient=tail and len(clauses) > 1, possessive_ok=possessive_ok):
            return phrase
    return ""


def _subject(text: str, before: str) -> str:
    """"Chairman Beryl Sprinkel called on ... and said": the sentence's subject says the second verb."""
    if not before.endswith(" and "):
        return ""
    words: list[str] = []
    for word in _INTRO.sub("", text).split():
        if not (word[:1].isupper() or word in _CONNECTORS) or word.endswith(","):
            words += [word.rstrip(",")] if word.endswith(",") and word[:1].isupper() else []
            break
        words.append(word)
    phrase = " ".join(words)
    return phrase if is_speaker_phrase(phrase) and phrase.lower() not in PRONOUNS else ""


def _after(text: str, before: str) -> str:
    """"..., said Belgian Finance Minister Mark Eyskens, who chaired": the longest speaker phrase after the
    verb, when the verb follows a comma or a quotation."""
    if before.strip() and not re.search(r"[,\"“”]\s*$", before):
        return ""
    words: list[str] = []
    for word in text.split():
        words.append(word.rstrip(",;:"))
        if word.endswith((",", ";", ":")) or len(words) == _MAX_PHRASE_WORDS:
            break
    if words:
        words[-1] = words[-1].rstrip(".\"”")
    for end in range(len(words), 0, -1):
        phrase = " ".join(words[:end])
        if phrase.lower() not in PRONOUNS and is_speaker_phrase(phrase):
            return phrase
    return ""


def is_speaker_phrase(phrase: str, lenient: bool = False, possessive_ok: bool = True) -> bool:
    """A name, or a short noun phrase headed by an office word ("the bank holding company", "pit
    brokers"); not a clause of ordinary lower-case words, nor a possessive before a verb that is also a
    noun ("the Commission's forecast"). `lenient` (a closing tag, ", the gold miner said."): any short
    phrase opening with "the" or "a", or holding a capitalised word."""
    words = phrase.split()
    if not 0 < len(words) <= _MAX_PHRASE_WORDS:
        return False
    if words[-1].endswith(("'s", "’s", "s'")) and not (possessive_ok and len(words) == 1):
        return False
    lowered = [word.strip(".,'’").lower() for word in words]
    if len(words) == 1 and lowered[0] in PRONOUNS:
        return True
    if lowered[0] in PRONOUNS | _PREPOSITIONS or lowered[-1] in _DETERMINERS | _CONNECTORS \
            or not _CLAUSE_WORDS.isdisjoint(lowered):
        return False
    if lowered[0] in _DETERMINERS and len(words) <= 6 and (lenient or len(words) <= 4
                                                         or lowered[-1] in _ROLE_WORDS):
        return True
    if lenient and any(word[:1].isupper() for word in words):
        return True  # ", lead manager Banca Commerciale Italiana said."
    if len(words) <= 3 and lowered[-1] in _ROLE_WORDS and lowered[-1].endswith("s"):
        return True  # "pit brokers", "trade sources"
    return all(_name_word(word, bare) for word, bare in zip(words, lowered, strict=True)) and any(
        word[:1].isupper() or bare in _ROLE_WORDS for word, bare in zip(words, lowered, strict=True))


def _name_word(word: str, bare: str) -> bool:
    return (word[:1].isupper() or bare in _ROLE_WORDS or bare in _CONNECTORS or bare in _DETERMINERS
            or word.endswith(("'s", "’s")) or ("-" in bare and bare.split("-")[-1] in _ROLE_WORDS)
            or bare.endswith(("-based", "-run", "-owned")))


def display_name(phrase: str) -> str:
    """A speaker as a card names it: "Indonesian Energy Minister Subroto" is Subroto, "Undersecretary of
    Commerce Bruce Smart" Bruce Smart, "Ronald Glantz of Montgomery Securities" Ronald Glantz, "<Dart
    Group>" Dart Group; an unnamed one stays a phrase ("a company spokesman")."""
    words = phrase.replace("<", "").replace(">", "").split()
    titled = [index for index, word in enumerate(words) if word.lower().strip(".,") in _TITLES]
    if titled:
        rest = words[titled[-1] + 1:]
        if rest[:1] == ["of"] and len(rest) >= 4 and all(word[:1].isupper() for word in rest[1:]):
            rest = rest[2:]  # "of Commerce Bruce Smart": the office's department, then the name
        if rest and all(word[:1].isupper() for word in rest):
            words = rest
    described = [index for index, word in enumerate(words)
                 if not word[:1].isupper() and word not in _CONNECTORS]
    if not titled and described and described[-1] + 1 < len(words):
        words = words[described[-1] + 1:]  # "the official newspaper El Peruano" is El Peruano
    if "of" in words[1:]:
        head = words[: words.index("of")]
        if all(word[:1].isupper() for word in head) and is_person(" ".join(head)):
            words = head
    return " ".join(words).strip(" ,")


def is_organisation(name: str) -> bool:
    words = [word.strip(".,").lower() for word in name.split()]
    return any(word in _ORG_WORDS for word in words) or (len(words) == 1 and name.isupper() and len(name) > 1)


def is_person(name: str) -> bool:
    """Two to four capitalised words naming no organisation: a single word may as well be a country."""
    words = name.split()
    return (1 < len(words) <= 4 and all(word[:1].isupper() for word in words)
            and not is_organisation(name) and words[0].lower() not in _DETERMINERS)


class _Memory:
    """The speakers named so far, each with the phrase that named it, so "he", "it", "Krumm", "the
    president" and "the spokesman" find who they mean."""

    def __init__(self) -> None:
        self.named: list[tuple[str, str]] = []

    def resolve(self, phrase: str) -> str:
        lowered = phrase.lower()
        if lowered in PRONOUNS:
            fits = _FITS_PRONOUN.get(lowered, _not_person)
            someone = _SOMEONE if fits is is_person else frozenset()
            return self._last(fits) or self._last(_nobody, someone) or self._last(_anybody)
        words = lowered.split()
        if words[:1] == ["the"] and len(words) == 2 and phrase[1:] == phrase[1:].lower():
            found = self._last(lambda name: words[-1] in name.lower().split()
                               or (words[-1] in _COLLECTIVE and is_organisation(name)), {words[-1]})
            if found:
                return found
        name = display_name(phrase)
        name = next((earlier for earlier, _ in reversed(self.named) if _same(name, earlier)), name)
        self.named.append((name, phrase))
        return name

    def _last(self, fits: Callable[[str], bool], phrase_words: Set[str] = frozenset()) -> str:
        """The latest speaker that fits, or whose naming phrase has one of `phrase_words`."""
        return next((name for name, phrase in reversed(self.named)
                     if fits(name) or not phrase_words.isdisjoint(phrase.lower().split())), "")


def _nobody(name: str) -> bool:
    return False


def _anybody(name: str) -> bool:
    return True


def _not_person(name: str) -> bool:
    return not is_person(name)


def _it(name: str) -> bool:
    """An organisation, not a person nor a group of unnamed people ("analysts")."""
    return not is_person(name) and not (name[:1].islower() and name.endswith("s"))


_FITS_PRONOUN: dict[str, Callable[[str], bool]] = {
    "he": is_person, "she": is_person, "i": is_person, "it": _it}


def _same(short: str, earlier: str) -> bool:
    """"Krumm" is Daniel Krumm named before, "Hudson's Bay" Hudson's Bay Co: the end of a person's name or
    the start of an organisation's."""
    words, known = short.split(), earlier.split()
    if not words or len(words) > len(known):
        return False
    return words == (known[-len(words):] if is_person(earlier) else known[: len(words)])


def same_speaker(one: str, other: str) -> bool:
    """Two writings of one speaker: the same identifying words, ignoring case, titles and company suffixes,
    or one's words all within the other's ("Subroto" and "Indonesian Energy Minister Subroto")."""
    first, second = _identifying(one), _identifying(other)
    return bool(first and second) and (first <= second or second <= first)


def _identifying(name: str) -> frozenset[str]:
    words = re.split(r"[\s,.'’<>]+", name.lower())
    return frozenset(word for word in words if word and word not in _TITLES | _DETERMINERS | _CONNECTORS
                     and word not in _SUFFIXES)

