"""A speaker as a card names it, and what kind of name it is.

Titles are dropped from names ("Indonesian Energy Minister Subroto" is Subroto), a body speaking through
a document is the body, and a unit a company owns is the unit. Whether a name is a person, an
organisation or a company decides what "he", "it" and "the company" may mean later; initials in brackets
after a name ("the Gulf News Agency (GNA)") stand for it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from briefings.splitting.words import (
    ATTACHING,
    BODY_WORDS,
    CONNECTORS,
    DETERMINERS,
    DOCUMENTS,
    MAX_PHRASE_WORDS,
    ORG_WORDS,
    TITLES,
    word_set,
)

ACRONYM = re.compile(r"\s*\(([A-Z][A-Z&]{1,7})\)")
"""A name's initials in brackets after it, "the Gulf News Agency (GNA)": the name is the speaker."""
_AFFILIATION = word_set("of at with")
"""Ronald Glantz "of Montgomery Securities", Richard Cohen "at Brown Baldwin": the name before it."""
_PUBLIC_WORDS = word_set("ministry department government commission agency council authority bureau office "
                         "federation organisation organization union institute reserve opec community")
_INITIAL = re.compile(r"[A-Z]\.")
_ISSUED_BY = word_set("by of from")
_UNITS = word_set("unit subsidiary affiliate division arm")


def display_name(phrase: str) -> str:
    """A speaker as a card names it: "Indonesian Energy Minister Subroto" is Subroto, "Undersecretary of
    Commerce Bruce Smart" Bruce Smart, "Ronald Glantz of Montgomery Securities" Ronald Glantz, "<Dart
    Group>" Dart Group, "Dow Chemical Co's Merrell Dow unit" Merrell Dow, "a High Command communique" the
    High Command that issued it; an unnamed one stays a phrase ("a company spokesman", "a broker at
    Nomura Securities")."""
    words = phrase.replace("<", "").replace(">", "").split()
    owned = _owned(words)
    if owned:
        return display_name(" ".join(owned))
    issuer = _issuer(words)
    if issuer:
        return " ".join(issuer)
    titled = [index for index, word in enumerate(words) if word.lower().strip(".,") in TITLES]
    if titled:
        rest = words[titled[-1] + 1:]
        if rest[:1] == ["of"] and len(rest) >= 4:
            rest = _name_ending(rest)  # "of Commerce Bruce Smart": the office's department, then the name
        if rest and rest[0][:1].isupper() and all(word[:1].isupper() or word in CONNECTORS for word in rest):
            words = rest
    at = next((index for index, word in enumerate(words) if word in _AFFILIATION), 0)
    if at and is_person(" ".join(words[:at])):
        words = words[:at]  # "Tom Reed of the group Clean Rivers" is Tom Reed, whatever the group's name
    described = [index for index, word in enumerate(words)
                 if not word[:1].isupper() and word not in CONNECTORS]
    if not titled and described and described[-1] + 1 < len(words) \
            and words[described[-1]] not in ATTACHING and words[described[-1]] not in DETERMINERS \
            and words[described[-1] + 1] not in CONNECTORS:
        words = words[described[-1] + 1:]  # "the official newspaper El Peruano" is El Peruano
    if len(words) > 1 and words[0].lower() in DETERMINERS:
        # "The State Department" is the State Department; "A Mitsui spokesman" a Mitsui spokesman
        rest = words[1:]
        proper = all(word[:1].isupper() or word in CONNECTORS for word in rest) and not is_common_noun(rest)
        words = rest if proper else [words[0].lower(), *rest]
    return " ".join(words).strip(" ,")


def _issuer(words: Sequence[str]) -> Sequence[str]:
    """Who speaks through a document: "a High Command communique", "the annual report of the Asian
    Development Bank"."""
    if len(words) < 3 or words[0].lower() not in DETERMINERS:
        return []
    if words[-1].lower() in DOCUMENTS and all(word[:1].isupper() for word in words[1:-1]):
        return words[1:-1]
    document = next((index for index, word in enumerate(words[:4]) if word.lower() in DOCUMENTS), 0)
    issuer = words[document + 2:]
    if issuer[:1] in (["the"], ["The"]):
        issuer = issuer[1:]
    named = bool(issuer) and all(word[:1].isupper() or word in CONNECTORS or word == "the"
                                 for word in issuer)
    issued = document and named and words[document + 1] in _ISSUED_BY
    return issuer if issued and is_organisation(" ".join(issuer)) else []


def _name_ending(words: Sequence[str]) -> list[str]:
    """The person's name ending an office: "(Chancellor) of the Exchequer Nigel Lawson", "Lee R. Raymond"."""
    size = 3 if len(words) > 3 and _INITIAL.fullmatch(words[-2]) else 2
    name = list(words[-size:])
    return name if is_person(" ".join(name)) else list(words)


def is_common_noun(words: Sequence[str]) -> bool:
    """"The Bank", "the Department": a body named before, by its common noun capitalised."""
    return len(words) == 1 and words[0].lower() in BODY_WORDS


def _owned(words: Sequence[str]) -> list[str]:
    """"Dow Chemical Co's Merrell Dow Pharmaceuticals Inc unit": the unit's name, when a company owns it."""
    owner = next((index for index, word in enumerate(words) if word.endswith(("'s", "’s"))), -1)
    if owner < 0 or owner + 1 == len(words) or not words[owner + 1][:1].isupper() \
            or not is_organisation(" ".join(words[: owner + 1])[:-2]):
        return []
    owned = list(words[owner + 1:])
    while owned and owned[-1] in _UNITS:
        owned.pop()
    if len(owned) == len(words) - owner - 1 and not is_organisation(" ".join(owned)):
        return []  # "the Agriculture Department's counselor in Belgrade" is one of its people
    return owned if owned and all(word[:1].isupper() or word in CONNECTORS for word in owned) else []


@functools.lru_cache(maxsize=4096)
def is_organisation(name: str) -> bool:
    words = [word.strip(".,").lower() for word in name.split()]
    return any(word in ORG_WORDS for word in words) or (len(words) == 1 and name.isupper() and len(name) > 1)


def is_company(name: str) -> bool:
    """A named organisation "the company" may mean; a ministry or a commission is none."""
    words = {word.strip(".,").lower() for word in name.split()}
    return name[:1].isupper() and is_organisation(name) and words.isdisjoint(_PUBLIC_WORDS) \
        and words.isdisjoint(DETERMINERS)


@functools.lru_cache(maxsize=4096)
def is_person(name: str) -> bool:
    """Two to four capitalised words naming no organisation nor body ("Willy de Clercq" too, "U.S. Banks"
    not): a single word may as well be a country."""
    words = name.split()
    return (1 < len(words) <= 4 and all(word[:1].isupper() or word in CONNECTORS for word in words)
            and words[-1][:1].isupper() and not is_organisation(name)
            and words[0].lower() not in DETERMINERS and words[-1].lower() not in BODY_WORDS)


def spelled_out(words: Sequence[str], initials: str) -> str:
    """The name just before "(GNA)" whose capitalised words' initials are G, N, A: "Gulf News Agency"."""
    for start in range(len(words) - 1, max(len(words) - MAX_PHRASE_WORDS, 0) - 1, -1):
        if not (words[start][:1].isupper() or words[start] in CONNECTORS):
            return ""
        name = " ".join(words[start:])
        if initials_of(name) == initials:
            return name
    return ""


def initials_of(name: str) -> str:
    return "".join(word[0] for word in name.split()
                   if word[:1].isupper() and word.lower() not in DETERMINERS)
