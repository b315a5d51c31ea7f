"""Who a speaker phrase means, given the speakers the story named before it.

Initials mean the name given with them ("the CFTC"), a surname alone is the person named before in full
("Krumm" is Daniel Krumm) and a company's first word the company; pronouns, "the company" and "the
spokesman" are the latest speaker that fits, and "a company spokesman" speaks for the story's company.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from briefings.outlets import outlet_name
from briefings.splitting.names import (
    ACRONYM,
    display_name,
    initials_of,
    is_common_noun,
    is_company,
    is_organisation,
    is_person,
    spelled_out,
)
from briefings.splitting.words import (
    CLAUSE_WORDS,
    DETERMINERS,
    DOCUMENTS,
    ORG_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_WORDS,
    TITLES,
    word_set,
)

_SOMEONE = word_set("spokesman spokeswoman spokesperson official analyst economist trader dealer banker "
                    "source executive chairman president minister director secretary governor lawyer "
                    "attorney delegate")
""""He" may be an unnamed one person: "a Mitsui spokesman", "one analyst"."""
_COLLECTIVE = frozenset({"company", "firm", "corporation", "concern"})
""""The company" is the last company that spoke; "the ministry" only one named a ministry."""
_PRESS = frozenset({"newspaper", "paper", "daily", "weekly", "magazine", "broadcaster"})
""""The newspaper reported": the outlet the story named last, when no speaker named so fits."""
_CAPITALISED_RUN = re.compile(r"[A-Z][\w&.'’-]*(?:\s+(?:of\s+)?[A-Z][\w&.'’-]*)*")
_COLLECTIVE_WORD = re.compile(r"\b(?:company|firm)\b")
_ITS_COMPANY = re.compile(r"\b(for|of|at|with|from) (?:the|its) (?:[a-z-]+ ){0,3}(?:company|firm)\b(?!['’])")
"""An unnamed speaker "for the bank holding company": for the company the story is about."""
_COMPANY_NAME = re.compile(r"\b[A-Z][\w&.'-]*(?: (?:'?[A-Z][\w&.'-]*|and|&))*?"
                           r" (?:Inc|Corp|Co|Ltd|Plc|PLC|AG|SA|NV|SpA|Group|Holdings|Bancorp)\b")
"""A company as the wire names it first, with its suffix: "Cable and Wireless Plc"."""
_SURNAME_WITH_FIRM = re.compile(r"(?:[A-Z][\w&.' -]*'s )?(?P<surname>[A-Z][\w'-]+)"
                                r"(?: (?:of|at|with) [A-Z].*)?")
"""A surname with the firm it speaks for: "First Chicago's Johnson", "Jones of Lanston"."""
_GIVEN_NAME = re.compile(r"(?<![\w.'-])(?P<given>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s(?:[A-Z]\.\s)?$")
_GIVEN_NAME_AFTER = re.compile(r"\s(?P<given>[A-Z][a-z]+)-[a-z]{2,5}\b")
"""A given name written after the family name, as Korean and Chinese ones are: "Lee Ta-hai"."""
_NO_GIVEN_NAME = (word_set("but and or yet so then new north south east west")
                  | PREPOSITIONS | DETERMINERS | CLAUSE_WORDS | TITLES | ORG_WORDS)
"""Capitalised words before a surname that are no given name: "But Tehran", "South Vietnam"."""


class Memory:
    """The speakers named so far, each with the phrase that named it, so "he", "it", "Krumm", "the
    president", "the spokesman" and "the CFTC" find who they mean; and the story read so far, for the
    company "a company spokesman" speaks for and the names of initials given in brackets."""

    def __init__(self) -> None:
        self.named: list[tuple[str, str]] = []
        self.initials: dict[str, str] = {}
        self.story: list[str] = []

    def read(self, text: str) -> None:
        """Note a sentence before its tag is resolved: "the Gulf News Agency (GNA)" says what GNA is."""
        self.story.append(text)
        if "(" in text:
            for match in ACRONYM.finditer(text):
                name = spelled_out(text[: match.start()].split(), match.group(1))
                if name:
                    self.initials[match.group(1)] = name

    def resolve(self, phrase: str) -> str:
        lowered = phrase.lower()
        if lowered in PRONOUNS:
            fits, otherwise = _FITS_PRONOUN[lowered]
            return self._last(fits) or self._last(otherwise) or self._last(_anybody)
        words = phrase.split()
        if words[0].lower() == "the" and 1 < len(words) <= 4 \
                and (words[-1].islower() or is_common_noun(words[1:])):
            found = self._definite([*words[1:-1], words[-1].lower()])
            if found:
                self.named.append(found)  # named again, it is the latest "it" or "he" may mean
                return found[0]
        bare = words[-1] if len(words) <= 2 and words[0].lower() == "the" else phrase
        if bare.isupper() and bare.isalpha():
            phrase = self.initials.get(bare) or next(
                (name for name, _ in reversed(self.named) if initials_of(name) == bare), phrase)
        name = display_name(self._for_company(phrase))
        surname = _SURNAME_WITH_FIRM.fullmatch(name) if " " in name else None
        if surname:  # "First Chicago's Johnson", "Jones of Lanston": a Johnson, a Jones named before
            person = self._earlier(surname.group("surname"))
            name = person if is_person(person) else name
        if " " not in name and name.istitle() and not is_organisation(name):
            name = self._earlier(name)
        else:
            name = next((earlier for earlier, _ in reversed(self.named) if _same(name, earlier)), name)
        self.named.append((name, phrase))
        return name

    def _earlier(self, surname: str) -> str:
        """The one a single name means: a speaker named before, or a person the story named in full."""
        return next((earlier for earlier, _ in reversed(self.named) if _same(surname, earlier)), "") \
            or self._full_name(surname)

    def _full_name(self, surname: str) -> str:
        """"Lawson" is the Nigel Lawson the story named before ("Chancellor of the Exchequer Nigel Lawson"),
        "Lee" Lee Ta-hai; as written when the story names no such person."""
        named = (_named_in_full(text, surname) for text in self.story if surname in text)
        return next((name for name in named if name), surname)

    def _definite(self, written: Sequence[str]) -> tuple[str, str] | None:
        """Who "the company", "the Merrell spokesman" or "the Baghdad communique" is: the latest speaker
        named with that head word and every modifier ("the company" is the latest company). The one
        document a story cites is "the communique" whatever place or adjective goes with it."""
        head, modifiers = written[-1], {word.lower() for word in written[:-1]}
        document = head in DOCUMENTS and not is_organisation(" ".join(written[:-1]))
        for name, phrase in reversed(self.named):
            named = {*name.lower().split(), *phrase.lower().split()}
            if (head in named or (head in _COLLECTIVE and is_company(name))
                    or (head == "group" and is_organisation(name))) \
                    and (modifiers <= named or document):
                return name, phrase
        company = self._company() if head in _COLLECTIVE and not modifiers else ""
        if company:
            return company, company
        outlet = self._outlet() if head in _PRESS else ""
        return (outlet, outlet) if outlet else None

    def _outlet(self) -> str:
        """The outlet the story named last ("polled by the Financial Times"), as the outlet list names it."""
        for text in reversed(self.story):
            runs = [match.group() for match in _CAPITALISED_RUN.finditer(text)]
            outlet = next((named for run in reversed(runs) if (named := outlet_name(run))), "")
            if outlet:
                return outlet
        return ""

    def _for_company(self, phrase: str) -> str:
        """"A company spokesman" speaks for the story's company: "a spokesman for Asea Group"; as written
        when no company is known."""
        words = phrase.split()
        if words[0].lower() not in DETERMINERS or not _COLLECTIVE_WORD.search(phrase) \
                or words[1][:1].isupper():  # "a Boeing spokesman" says whose spokesman
            return phrase
        company = self._company()
        if not company:
            return phrase
        if len(words) > 2 and words[1].lower() in _COLLECTIVE:
            article = words[0] if words[0].lower() not in {"a", "an"} else "an" if words[2][0] in "aeiou" \
                else "a"  # "a company executive" is an executive
            return " ".join([article, *words[2:], "for", company])
        return _ITS_COMPANY.sub(lambda match: f"{match.group(1)} {company}", phrase)

    def _company(self) -> str:
        """The latest company that spoke, or else the first one the story names."""
        spoke = next((name for name, _ in reversed(self.named) if is_company(name)), "")
        if spoke:
            return spoke
        named = (_COMPANY_NAME.search(text) for text in self.story)
        return next((match.group() for match in named if match), "")

    def _last(self, fits: Callable[[str, str], bool]) -> str:
        """The latest speaker that fits, given its name and the phrase that named it."""
        return next((name for name, phrase in reversed(self.named) if fits(name, phrase)), "")


def _named_in_full(text: str, surname: str) -> str:
    """The person `text` names in full with `surname`: "Nigel Lawson", "Lee Ta-hai"; "" for none."""
    at = text.find(surname)
    while at >= 0:
        end = at + len(surname)
        if not text[end: end + 1].isalnum() and not text[at - 1: at].isalnum():
            before = _GIVEN_NAME.search(text, max(at - 30, 0), at)
            after = _GIVEN_NAME_AFTER.match(text, end)
            for given, name in ((before, before.group() + surname if before else ""),
                                (after, surname + after.group() if after else "")):
                if given and is_person(name) and given.group("given").lower() not in _NO_GIVEN_NAME:
                    return name
        at = text.find(surname, end)
    return ""


def _anybody(name: str, phrase: str) -> bool:
    return True


def _one_person(name: str, phrase: str) -> bool:
    """"He" is a person named, or one unnamed: "a Mitsui spokesman", "one analyst"; "the Financial Times"
    is no person."""
    words = phrase.lower().split()
    return (is_person(name) and words[0] != "the") or (not _plural(name) and not _SOMEONE.isdisjoint(words))


def _it(name: str, phrase: str) -> bool:
    """An organisation, not a person nor people ("analysts", "a company spokesman")."""
    return not _one_person(name, phrase) and not _plural(name)


def _they(name: str, phrase: str) -> bool:
    return _plural(name)


def _plural(name: str) -> bool:
    """"Stet and Thomson-CSF", "oil industry sources": more than one speaks."""
    last = name.split()[-1] if name else ""
    return " and " in name or (last.endswith("s") and not last.endswith("ss")
                               and (last.islower() or last.lower() in ROLE_WORDS))


_FITS_PRONOUN: dict[str, tuple[Callable[[str, str], bool], Callable[[str, str], bool]]] = {
    "he": (_one_person, _anybody), "she": (_one_person, _anybody), "i": (_one_person, _anybody),
    "it": (_it, _anybody), "they": (_they, _it), "we": (_they, _it)}
"""Per pronoun, whom it means first, and whom if no one named fits that."""


def _same(short: str, earlier: str) -> bool:
    """"Krumm" is Daniel Krumm named before, "Hudson's Bay" Hudson's Bay Co: the end of a person's name or
    the start of an organisation's. A family name may come first ("Kim" is Kim Mahn-je)."""
    words, known = short.split(), earlier.split()
    if not words or len(words) > len(known):
        return False
    if is_person(earlier):
        return words == known[-len(words):] or (len(words) == 1 and words == known[:1])
    return words == known[: len(words)]
