"""The attribution tag: a reporting verb and the speaker phrase before or after it.

News prose attributes with a small set of reporting verbs, the speaker just before the verb (or just
after it, "said Belgian Finance Minister Mark Eyskens"). A speaker phrase is a name or a short noun
phrase of capitalised words and a few office words ("a company spokesman"); a clause of ordinary
lower-case words before "said" is not one, which keeps "prices rose, traders said" apart from "the
shares it bought said". In "Asea Group, the Swedish engineering concern, said" the appositive describes
the name before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from briefings.splitting.quotations import quoted_at, without_quotations
from briefings.splitting.words import (
    ATTACHING,
    BODY_WORDS,
    CLAUSE_WORDS,
    CONNECTORS,
    DETERMINERS,
    MAX_PHRASE_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_WORDS,
    TITLES,
    word_set,
)

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


def _by_first_letter(words: Iterable[str]) -> str:
    """An alternation of words grouped by their first letter, which the regex engine tries far faster."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in sorted(groups.items()))


_VERB = re.compile(r"\b(?:" + _by_first_letter(VERB_FORMS) + r")\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to (?P<who>[^,;:.\"“”()]{2,80}?)(?=[,;:\"“”()]|\.(?:\s|$)|$)")
_QUOTED_AS = re.compile(r"\s+(?P<who>[^,;:\"“”]{2,60}?)(?:,[^;:\"“”]{0,100}?,)?"
                        r"\s+(?:as\s+[a-z]+ing|saying|telling)\b")
"""The paper "quoted Nakasone as saying", "quoted Wang Xianjin, the director, as saying": the one quoted
is the speaker."""
_TRAILING_BRACKETS = re.compile(r"\s*\([^()]*\)$")
_COMMAS = re.compile(r",(?!\d)|[;:()]")
"""Where a subject and its appositives part: "Asea Group, the concern that makes robots, said"."""
_BOUNDARY = re.compile(r",(?!\d)|[;:\"“”()]"
                       r"|\s(?:that|but|because|while|when|if|as|and then|after|before|since)\s")
_NOT_SAYING = re.compile(r"\b(?:to|not)\s+$")
_NEAR = 60
"""Characters before a verb that hold what stands between it and its speaker ("has also said")."""
_TAIL_WORDS = 8
"""Words after the verb that still make it a closing tag (", the company said in a statement.")."""
_APPOSITIVES = 3
"""Pieces between commas an appositive may take: "Entwistle, a Hudson, Mass., machinery maker, said"."""
_LOWER_PLURAL = re.compile(r"(?:[a-z-]+ ){0,2}[a-z-]+s")
"""Plural unnamed speakers: "said sources familiar with the talks", "said industry analysts and brokers"."""
_AFTER_COMMA = re.compile(r"(?:[,\"“”]|,[’'])\s*$")
_PLAIN_VERBS = frozenset({"said", "says", "told", "tells", "added", "adds"})
_BETWEEN = re.compile(r"(?:\s+(?:\w+ly|also|further|again|previously|later|earlier|today|yesterday"
                      r"|has|have|had"
                      r"|(?:was|were|is|are|has been) quoted(?: by [\w .'-]{1,40}?)? as))+$")
_INTRO = re.compile(r"^(?:but|and|however|meanwhile|also|separately|earlier|later|today|yet|so|in addition"
                    r"|in a statement|in an interview)\b\s*", re.IGNORECASE)
_FIRST_PERSON = frozenset({"we", "i"})
_RELATIVES = word_set("who whose which")
_RELATIVE = re.compile(r"\s(?:who|whose|which)\s")
_PLACE_BEFORE = word_set("in of at near from a an")
_PLACE_OPENERS = word_set("New North South East West Puerto San Santa Los Las Sri Hong Saudi")
""""Puerto Rico", "New Zealand": two words naming a place, where two capitalised words are mostly a person."""
_AFTER_NAME = PREPOSITIONS | _RELATIVES | word_set("adding today yesterday")
"""Words that may follow a speaker named after the verb: "said John Smith in", "said Smith, who"."""
_FIRM_CONTINUED = re.compile(r" ((?:[A-Z][\w&.'-]*|and|&)(?: (?:[A-Z][\w&.'-]*|and|&)){0,3}"
                             r" (?:Co|Inc|Corp|Ltd))\b")
"""The rest of a firm's name written with a comma: "Bear, Stearns and Co", "Kidder, Peabody and Co"."""


def tag_of(text: str, marks: Sequence[tuple[int, bool]], inside: bool) -> tuple[str, str] | None:
    """(speaker phrase as written, verb) of the first attribution in the sentence, or None, given its
    quotation marks. `inside`: the sentence opens within a quotation an earlier one began, so its words
    up to the closing mark are quoted."""
    if inside and not marks:
        return None  # the middle of a quotation
    according = _ACCORDING.search(text) if "ccording to" in text else None
    for verb in _VERB.finditer(text):
        before, after = text[: verb.start()], text[verb.end():]
        if _NOT_SAYING.search(before, max(verb.start() - _NEAR, 0)) \
                or (marks and quoted_at(marks, verb.start(), inside)):
            continue  # "declined to say", "did not say", a verb inside a quotation: no attribution
        if according and according.start() < verb.start():
            break
        if verb.group() == "quoted":  # "quoted Nakasone as saying"; soymeal "quoted at 8.00" says nothing
            quoted = _QUOTED_AS.match(after)
            if not quoted:
                continue
            if is_speaker_phrase(quoted.group("who")):
                return quoted.group("who"), "said"
        tail = len(after.split(None, _TAIL_WORDS)) <= _TAIL_WORDS
        possessive_ok = verb.group() in _PLAIN_VERBS
        unquoted = without_quotations(before, marks, inside) if marks else before
        phrase = _before(unquoted, tail, possessive_ok) or _after(after, before) \
            or _subject(text, before)
        if phrase and phrase.lower() not in _FIRST_PERSON:  # wire copy says "we" only in a quotation
            return phrase, VERB_FORMS[verb.group()]
    if according and is_speaker_phrase(according.group("who").strip(), lenient=True):
        return according.group("who").strip(), "according to"
    return None


def _before(text: str, tail: bool, possessive_ok: bool) -> str:
    """The speaker phrase right before a verb (its quotations taken out): back to the clause start, or
    past appositives to the name they describe. At the end of a sentence (", the gold miner said.") any
    short phrase opening with "the" or "a" will do."""
    stripped, bracketed = text.rstrip(), ""
    between = _BETWEEN.search(stripped, max(len(stripped) - _NEAR, 0))
    stripped = stripped[: between.start()] if between else stripped
    if stripped.endswith(")"):
        # "Senator Smith (R-Texas) said" is Smith; a name too long to read before "(ESCAP) said" is ESCAP
        outer = _TRAILING_BRACKETS.sub("", stripped)
        stripped, bracketed = outer, stripped[len(outer):].strip(" ()")
    clauses = _BOUNDARY.split(stripped)
    lenient = tail and len(clauses) > 1
    if stripped.endswith(","):
        pieces = (_INTRO.sub("", piece.strip()) for piece in _COMMAS.split(stripped) if piece)
        phrase = _apposed([piece for piece in pieces if piece], possessive_ok)
    else:
        phrase = _INTRO.sub("", clauses[-1].strip())
        phrase = phrase if is_speaker_phrase(phrase, lenient=lenient, possessive_ok=possessive_ok) else ""
    return phrase or (bracketed if bracketed and is_speaker_phrase(bracketed) and _names(bracketed) else "")


def _apposed(pieces: Sequence[str], possessive_ok: bool) -> str:
    """"Asea Group, the engineering concern based in Vasteras, Sweden, said": the name the pieces between
    commas describe. Steps back over what cannot speak (a relative clause, a place's state or country)
    and over a description following a name; the news agency in "the state news agency, Yonhap, said"
    is the name after it."""
    ends = [_INTRO.sub("", _BOUNDARY.split(piece)[-1].strip()) for piece in pieces]
    index = len(pieces) - 1
    while index > 0 and len(pieces) - index <= _APPOSITIVES:
        piece, earlier = ends[index], ends[index - 1]
        if _place_tail(piece, earlier) or (not is_speaker_phrase(piece) and _aside(pieces[index])):
            index -= 1
            continue
        if not _names(piece) and _names_someone(earlier):
            index -= 1  # and on: "GPA Airbus Ltd, an affiliate of GPA Group, a Guinness Peat unit, said"
            continue
        break
    if index < 0:
        return ""
    phrase = ends[index]  # "..., when American Express Bank, which has joined, said": the clause's subject
    if not is_speaker_phrase(phrase, possessive_ok=possessive_ok):
        phrase = _RELATIVE.split(phrase, 1)[0]  # "Woolworth Holdings Plc which earlier reported a profit"
    return phrase if is_speaker_phrase(phrase, possessive_ok=possessive_ok) else ""


def _aside(piece: str) -> bool:
    """A piece an appositive may hold that names no one: "who asked not to be named", "citing the
    figures", "in an interview", "President of Holly Farms Poultry Industries and a director of the
    National Broiler Council"; not a clause of its own ("is raising 200 mln dlrs")."""
    words = piece.split()
    first = words[0] if words else ""
    return first in _RELATIVES or (first.islower() and first not in CLAUSE_WORDS) \
        or CLAUSE_WORDS.isdisjoint(words)


def _names(phrase: str) -> bool:
    """A proper name, perhaps titled ("chairman Yousef Shirawi"), not a description ("Medtronic chairman",
    "Bahrain's oil minister", "head of the EC delegation")."""
    words = phrase.split()
    while words and words[0].lower().strip(".,") in TITLES:
        words = words[1:]
    return (bool(words) and words[0][:1].isupper() and words[-1][:1].isupper()
            and words[-1].lower().strip(".,") not in TITLES
            and not any(word.endswith(("'s", "’s", "s'")) for word in words)
            and all(word[:1].isupper() or word in CONNECTORS for word in words))


def _names_someone(phrase: str) -> bool:
    """A name, or an unnamed speaker ("a council official"): what an appositive may describe."""
    return is_speaker_phrase(phrase) and (
        _names(phrase) or not ROLE_WORDS.isdisjoint(word.lower() for word in phrase.split()))


def _place_tail(piece: str, earlier: str) -> bool:
    """"Vasteras, Sweden", "Hudson, Mass.": a short name after a place ending the piece before it."""
    words, before = piece.split(), earlier.split()
    return ((len(words) == 1 or (len(words) == 2 and words[0] in _PLACE_OPENERS))
            and all(word[:1].isupper() for word in words) and len(before) > 1
            and before[-1][:1].isupper() and before[-2] in _PLACE_BEFORE
            and before[0].lower() not in TITLES)  # "Minister of State, Tom Hockin" is no place


def _subject(text: str, before: str) -> str:
    """"Chairman Beryl Sprinkel called on ... and said": the sentence's subject says the second verb."""
    if not before.endswith(" and "):
        return ""
    words: list[str] = []
    for word in _INTRO.sub("", text).split():
        if not (word[:1].isupper() or word in CONNECTORS) or word.endswith(","):
            words += [word.rstrip(",")] if word.endswith(",") and word[:1].isupper() else []
            break
        words.append(word)
    phrase = " ".join(words)
    return phrase if is_speaker_phrase(phrase) and phrase.lower() not in PRONOUNS else ""


def _after(text: str, before: str) -> str:
    """"..., said Belgian Finance Minister Mark Eyskens, who chaired": the longest speaker phrase after the
    verb, when the verb follows a comma or a quotation. The phrase ends its clause or a modifier follows
    it ("said John Smith in a statement"); "said the expansion seen over the years did" names no one."""
    if before.strip() and not _AFTER_COMMA.search(before):
        return ""
    words: list[str] = []
    for word in text.split():
        words.append(word.rstrip(",;:"))
        if word.endswith((",", ";", ":")) or len(words) == MAX_PHRASE_WORDS:
            break
    if words and text.split()[len(words) - 1].endswith(","):
        firm = _FIRM_CONTINUED.match(text.split(",", 1)[1])
        if firm:  # "said sole manager Bear, Stearns and Co."
            words = [*words[:-1], words[-1] + ",", *firm.group(1).split()]
    if words:
        words[-1] = words[-1].rstrip(".\"”")
    for end in range(len(words), 0, -1):
        phrase = " ".join(words[:end])
        following = words[end] if end < len(words) else ""
        ends = not following or following in _AFTER_NAME or following.startswith("(") \
            or (following.islower() and following.endswith("ing")) \
            or (following.islower() and _LOWER_PLURAL.fullmatch(phrase) is not None)
        if ends and phrase.lower() not in PRONOUNS and is_speaker_phrase(phrase) \
                and (_names(phrase) or _holds_office(phrase)):
            return phrase
    return ""


def _holds_office(phrase: str) -> bool:
    """An unnamed speaker names an office or body ("a company spokesman"), not any noun ("the expansion")."""
    return any(word[:1].isupper() or word.lower() in ROLE_WORDS for word in phrase.split()[1:]) \
        or phrase.split()[0].lower() in ROLE_WORDS


def is_speaker_phrase(phrase: str, lenient: bool = False, possessive_ok: bool = True) -> bool:
    """A name, or a short noun phrase headed by an office word ("the bank holding company", "pit
    brokers"); not a clause of ordinary lower-case words, nor a possessive before a verb that is also a
    noun ("the Commission's forecast"). `lenient` (a closing tag, ", the gold miner said."): any short
    phrase opening with "the" or "a", or holding a capitalised word."""
    words = phrase.split()
    if not 0 < len(words) <= MAX_PHRASE_WORDS:
        return False
    if words[-1].endswith(("'s", "’s", "s'")) and not (possessive_ok and len(words) == 1):
        return False
    lowered = [word.strip(".,'’").lower() for word in words]
    if len(words) == 1 and lowered[0] in PRONOUNS:
        return True
    if lowered[0] in PRONOUNS | PREPOSITIONS or lowered[-1] in DETERMINERS | CONNECTORS \
            or not CLAUSE_WORDS.isdisjoint(lowered):
        return False
    if lowered[0] in DETERMINERS and len(words) <= 6 and (lenient or len(words) <= 4
                                                        or lowered[-1] in ROLE_WORDS):
        return True
    if 1 < len(words) <= 5 and words[0][:1].isupper() and words[0].endswith(("'s", "’s")) \
            and lowered[-1] in ROLE_WORDS:
        return True  # a name's possessive as its determiner: "France's grid operator"
    if lenient and any(word[:1].isupper() for word in words):
        return True  # ", lead manager Banca Commerciale Italiana said."
    if len(words) <= 3 and lowered[-1] in ROLE_WORDS and lowered[-1].endswith("s"):
        return True  # "pit brokers", "trade sources"
    if _attached(lowered) or _titled_name(words, lowered):
        return True
    return all(_name_word(word, bare) for word, bare in zip(words, lowered, strict=True)) and any(
        word[:1].isupper() or bare in ROLE_WORDS for word, bare in zip(words, lowered, strict=True))


def _attached(lowered: Sequence[str]) -> bool:
    """An unnamed speaker and where they work: "one dealer at a major U.S. bank", "a source close to
    General Partners", "the council of the Australian Petroleum Exploration Association"."""
    at = next((index for index, word in enumerate(lowered) if word in ATTACHING), 0)
    return 1 < at <= 4 and at + 1 < len(lowered) and lowered[0] in DETERMINERS \
        and not BODY_WORDS.isdisjoint(lowered[1:at])


def _titled_name(words: Sequence[str], lowered: Sequence[str]) -> bool:
    """A name after its office or its kind, however described: "EC external trade chief Willy de Clercq",
    "economic information company Data Resources Europe Inc", "the Iranian news agency IRNA"."""
    for index, word in enumerate(lowered[:8]):
        name = words[index + 2:] if lowered[index + 1: index + 2] == ["of"] else words[index + 1:]
        if (word in TITLES or (word in ROLE_WORDS and words[index].islower())) and 0 < len(name) <= 8 \
                and name[0][:1].isupper() and _capitalised(name[-1]) \
                and all(_capitalised(part) or part in CONNECTORS for part in name):
            return True  # "Chairman of General Motors Roger Smith" too
    return False


def _capitalised(word: str) -> bool:
    """A word of a name: "Sweden", and "al-Bader" too."""
    return word[:1].isupper() or word.startswith(("al-", "el-"))


def _name_word(word: str, bare: str) -> bool:
    return (_capitalised(word) or bare in ROLE_WORDS or bare in CONNECTORS or bare in DETERMINERS
            or word.endswith(("'s", "’s")) or ("-" in bare and bare.split("-")[-1] in ROLE_WORDS)
            or bare.endswith(("-based", "-run", "-owned")))
