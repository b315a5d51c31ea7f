"""Entities: reading "More on these topics" blurbs, and finding known names in briefing text.

A blurb names its subject before the verb ("Sergey Viktorovich Lavrov is a Russian diplomat"),
often with other names in apposition ("North Korea, officially the Democratic People's
Republic of Korea, is ..."). The subject becomes the name, the appositions aliases, and the
first noun of the predicate the kind.

The gazetteer finds mentions by looking token n-grams up in one dictionary, so its cost grows
with the text and not with the number of names. Matching ignores case, hyphens and
punctuation ("Kim Jong Un" is "Kim Jong-un", "Lavrov's" names Lavrov), with two guards
because names are proper nouns: a word written all in lower case never starts a mention
("turkey", "us"), and acronyms of up to three letters ("US", "UN") must be written in capitals. A name
inside a longer proper name is no mention ("The Japan Times" does not name Japan; see embedded_names).

Two readings are guesses, and a mention found only through them says so (`Entity.inferred`): a
person's surname alone, which counts when no other name in the gazetteer shares it, and initials
made from a country's or organisation's name ("DPRK") that the gazetteer does not list as a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from briefings.embedded_names import Phrases, Surroundings, bracketed_names
from briefings.errors import ParseError
from briefings.model import Briefing, Entity, EntityKind
from briefings.outlets import known_outlets
from briefings.safe_yaml import load_yaml
from briefings.text import looks_truncated

Key = tuple[str, ...]

_TOKEN = re.compile(r"[^\W_]+")
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_QUOTED = re.compile(r"\s*[\"“”«»][^\"“”«»]{1,40}[\"“”«»]")
_COPULA = re.compile(r"\s(?:is|was|are|were)\s")
_COMMON_NAME = re.compile(
    r"^(?:commonly|better|usually|simply|often|popularly)\s+(?:known\s+as|called)\s+", re.IGNORECASE
)
_OTHER_NAME = re.compile(
    r"^(?:officially|formally|also|or|known|also\s+known\s+as|also\s+called|in\s+full|short\s+for)\s+(?:as\s+)?",
    re.IGNORECASE,
)
_LEADING_THE = re.compile(r"^The\s+(?=\S+\s+\S)")
_NAME_WORDS = 8  # a longer "subject" is a sentence, not a name
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovych|ovna|evna|ivna|ichna|ogly|kyzy)$")
_KIND_WORDS: tuple[tuple[EntityKind, str], ...] = (
    (EntityKind.COUNTRY, r"island (?:country|nation)|sovereign state|member state|city-state|country|nation"
                         r"|kingdom|republic|monarchy|emirate|principality"),
    (EntityKind.PERSON, r"politician|diplomat|general|officer|leader|president|minister|businessman"
                        r"|businesswoman|entrepreneur|journalist|lawyer|economist|activist|footballer|player"
                        r"|actor|actress|singer|writer|author|scientist|engineer|commander|monarch|king|queen"
                        r"|prince|princess|official|statesman|stateswoman|soldier|banker|investor|capitalist"
                        r"|chairman|chairwoman|judge|spokesman|spokeswoman|cleric|pope|emperor|dictator"
                        r"|historian|philosopher|professor|academic|admiral|marshal|spokesperson|premier"),
    (EntityKind.ORGANISATION, r"organi[sz]ation|agency|alliance|union|party|company|corporation|bank"
                              r"|institution|council|committee|group|body|army|ministry|department|bloc"
                              r"|coalition|movement|network|newspaper|broadcaster|militia|forces?|court"
                              r"|parliament|assembly|association|fund|conglomerate|federation of"),
    (EntityKind.PLACE, r"city|capital|region|province|island|peninsula|river|sea|ocean|oblast|town|village"
                       r"|territory|district|county|municipality|port|mountain|desert|lake|strait|gulf"
                       r"|continent|state|krai|prefecture|cosmodrome|spaceport|enclave|exclave"),
)
_KIND_PATTERN = re.compile(
    "|".join(rf"\b(?P<{kind.name}>{words})\b" for kind, words in _KIND_WORDS), re.IGNORECASE
)


def entity_from_blurb(blurb: str) -> Entity:
    """The entity a blurb describes; a blurb with no "X is ..." sentence keeps its opening words as name."""
    description = "\n\n".join(line.strip() for line in blurb.strip().splitlines() if line.strip())
    first = " ".join(description.split("\n\n", 1)[0].split())
    born = bool(re.search(r"\(\s*(?:[^()]*;\s*)?born\b", first))
    plain = _QUOTED.sub("", _PARENTHESES.sub("", first))
    copula = _COPULA.search(plain)
    subject = plain[: copula.start()] if copula else re.split(r"[,.:;]|\s[-–—]\s", plain, maxsplit=1)[0]
    predicate = plain[copula.end():] if copula else ""
    kind = EntityKind.PERSON if born else _kind_of(predicate)
    name, aliases = _names_of(subject, kind)
    if kind is EntityKind.PERSON:
        name, aliases = _person_names(first, name, aliases)
    if not name:  # "(born 1990) is a general.", '"Nick" is ...': no subject outside brackets and quotes
        name = " ".join(re.findall(r"\w[\w'-]*", first)[:6]) or first.strip()
    return Entity(
        name=name,
        aliases=tuple(dict.fromkeys(a for a in aliases if a and a != name)),
        kind=kind,
        description=description,
        truncated=looks_truncated(description),
    )


def _kind_of(predicate: str) -> EntityKind:
    match = _KIND_PATTERN.search(" ".join(predicate.split()[:14]))
    return EntityKind[match.lastgroup] if match and match.lastgroup else EntityKind.UNKNOWN


def _names_of(subject: str, kind: EntityKind) -> tuple[str, list[str]]:
    """Head and appositions: "X, officially Y," gives (X, [Y]); "X, commonly known as Y or Z" (Y, [X, Z])."""
    head, *appositions = [part.strip() for part in subject.split(",") if part.strip()] or [""]
    head = _strip_article(head) if kind is not EntityKind.PERSON else head
    name, aliases = head, list[str]()
    for apposition in appositions:
        common = _COMMON_NAME.match(apposition)
        lead = common or _OTHER_NAME.match(apposition)
        if lead is None:
            continue
        found = [_strip_article(n) for n in re.split(r"\s+or\s+", apposition[lead.end():])]
        if common and name == head:
            name, aliases = found[0], [head, *aliases, *found[1:]]
        else:
            aliases.extend(found)
    return " ".join((name or subject).split()[:_NAME_WORDS]), aliases


def _strip_article(name: str) -> str:
    """"the Plains" is Plains; "The United States" too, but "The Hague" keeps its article."""
    name = name.strip()
    return name[4:] if name.startswith("the ") else _LEADING_THE.sub("", name)


def _person_names(first: str, name: str, aliases: list[str]) -> tuple[str, list[str]]:
    """Drop patronymics ("Sergey Viktorovich Lavrov" is Sergey Lavrov); keep the full form as an alias."""
    words = name.split()
    short = [w for i, w in enumerate(words) if i in (0, len(words) - 1) or not _PATRONYMIC.search(w)]
    nickname = re.search(r"[\"“«]([^\"”»]{1,40})[\"”»]", first.split(" is ", 1)[0])
    extra = [f"{nickname.group(1)} {words[-1]}"] if nickname and len(words) > 1 else []
    return " ".join(short), [name, *aliases, *extra]


def _closed_up(text: str) -> str:
    """Dotted acronyms closed up: "U.S." is "US"."""
    return _DOTTED_ACRONYM.sub(lambda m: m.group().replace(".", ""), text)


def _tokens(text: str) -> list[str]:
    """Words as written, with dotted acronyms closed up."""
    return _TOKEN.findall(_closed_up(text))


def name_keys(entity: Entity) -> set[Key]:
    """The lookup keys of every name of `entity`: lower-case word tuples."""
    return {key for key in (_key(name) for name in entity.names) if key}


def _key(name: str) -> Key:
    return tuple(token.casefold() for token in _tokens(name))


@dataclass(frozen=True)
class _Target:
    entity: int
    exact: tuple[str, ...] = ()  # for acronyms: the capitals the text must use
    capitalised: bool = True  # the first word in the text may not be all lower case
    guess: str = ""  # "surname" or "initials": a reading that is a guess, not a name


@cache
def _outlet_phrases() -> Phrases:
    """The bundled outlets, hiding the places in their names; not "France 24" ("in France 24 died")."""
    return Phrases(_key(name) for name in known_outlets() if not _tokens(name)[-1].isdigit())


class Gazetteer:
    """Known entities and a dictionary from word sequences to them; entities sharing a name merge.

    `stop_phrases` are names that are not entities but hide the names inside them, as the bundled
    outlets always do.
    """

    def __init__(self, entities: Iterable[Entity] = (), stop_phrases: Iterable[str] = ()) -> None:
        self._entities: list[Entity] = []
        self._stop_phrases = tuple(stop_phrases)
        self._hiding = _outlet_phrases().plus(_key(phrase) for phrase in self._stop_phrases)
        by_key: dict[Key, int] = {}
        for entity in entities:
            keys = name_keys(entity)
            index = next((by_key[k] for k in keys if k in by_key), None)
            if index is None:
                index = len(self._entities)
                self._entities.append(entity)
            else:
                self._entities[index] = _combined(self._entities[index], entity)
            for key in name_keys(self._entities[index]):
                by_key.setdefault(key, index)
        self._index: dict[Key, _Target] = {}
        self._last_mentions: tuple[tuple[str, tuple[str, ...]], list[tuple[Entity, str]]] | None = None
        self._build_index()

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(self._entities)

    def knows(self, name: str) -> bool:
        """Whether `name` alone would be read as a mention of one of these entities."""
        return _key(name) in self._index

    def merged(self, entities: Iterable[Entity]) -> Gazetteer:
        return Gazetteer((*self._entities, *entities), self._stop_phrases)

    def _build_index(self) -> None:
        for index, entity in enumerate(self._entities):
            for name in entity.names:
                self._add(name, index)
        for index, entity in enumerate(self._entities):
            if entity.kind in (EntityKind.COUNTRY, EntityKind.ORGANISATION):
                for name in entity.names:
                    self._add(_initialism(name), index, guess="initials")
        surnames: dict[Key, list[int]] = {}
        for index, entity in enumerate(self._entities):
            last = entity.name.split()[-1] if entity.kind is EntityKind.PERSON and " " in entity.name else ""
            if len(last) >= 4 and "-" not in last:
                surnames.setdefault(_key(last), []).append(index)
        for key, owners in surnames.items():
            if len(owners) == 1 and key not in self._index:
                self._index[key] = _Target(owners[0], guess="surname")
        self._first_words: dict[str, int] = {}
        for key in self._index:
            self._first_words[key[0]] = max(self._first_words.get(key[0], 0), len(key))

    def _add(self, name: str, index: int, guess: str = "") -> None:
        tokens = _tokens(name)
        key = tuple(t.casefold() for t in tokens)
        if not key or key in self._index:
            return
        # "Nato" is NATO, but "us" is not US
        acronym = len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) <= 3
        self._index[key] = _Target(index, tuple(tokens) if acronym else (), not tokens[0].islower(), guess)

    def mentions(self, text: str, hiding: Iterable[str] = ()) -> list[Entity]:
        """Distinct entities named in `text`, in order of first mention; longest names win.

        `hiding`: more names that hide the names inside them (the briefing's own outlets).
        """
        return [entity for entity, _ in self.mentions_with_reasons(text, hiding)]

    def mentions_with_reasons(self, text: str, hiding: Iterable[str] = ()) -> list[tuple[Entity, str]]:
        """As `mentions`, each entity with "" when a name of it is written, else why it was inferred.

        The last answer is remembered: ingest asks twice about the same text (mentions, then analysis).
        """
        asked = (text, tuple(hiding))
        last = self._last_mentions
        if last is not None and last[0] == asked:
            return list(last[1])
        found = self._scan(*asked)
        self._last_mentions = (asked, found)
        return list(found)

    def _scan(self, text: str, hiding: tuple[str, ...]) -> list[tuple[Entity, str]]:
        prepared = _closed_up(text)
        spans = [match.span() for match in _TOKEN.finditer(prepared)]
        words = [prepared[start:end] for start, end in spans]
        folded = [word.casefold() for word in words]
        first_words = self._first_words
        found: dict[int, str] = {}
        free_from, count = 0, len(words)
        hidden = _HiddenNames(self._hiding, hiding, prepared, spans, words, folded)
        for position in [i for i, word in enumerate(folded) if word in first_words]:
            if position < free_from:
                continue  # inside a longer name already matched
            for length in range(min(first_words[folded[position]], count - position), 0, -1):
                target = self._index.get(tuple(folded[position : position + length]))
                if target is not None and _fits(target, words[position : position + length]):
                    if not hidden.covers(position, position + length):
                        reason = _guess_reason(target.guess, words[position : position + length])
                        previous = found.get(target.entity)
                        found[target.entity] = reason if previous is None or not reason else previous
                    free_from = position + length
                    break
        return [(self._entities[index], reason) for index, reason in found.items()]


class _HiddenNames:
    """Where in a text names sit inside longer proper names (outlets, companies, newspapers)."""

    def __init__(self, phrases: Phrases, hiding: tuple[str, ...], text: str, spans: list[tuple[int, int]],
                 words: list[str], folded: list[str]) -> None:
        extra = Phrases(_key(name) for name in (*hiding, *(bracketed_names(text) if "<" in text else ())))
        self._cover: dict[int, tuple[int, int]] = {}
        for start, end in (*phrases.spans(folded), *extra.spans(folded)):
            for position in range(start, end):
                known = self._cover.get(position)
                if known is None or known[1] - known[0] < end - start:
                    self._cover[position] = (start, end)
        self._around = Surroundings(text, spans, words)

    def covers(self, start: int, end: int) -> bool:
        """Whether words start..end are part of a longer proper name (being the whole of one is not)."""
        listed = self._cover.get(start)  # the longest listed name around word `start`
        if listed is not None and end <= listed[1] and listed != (start, end):
            return True
        return self._around.inside_company_name(start, end) or self._around.after_newspaper_word(start)


def _guess_reason(guess: str, written: list[str]) -> str:
    """'surname "Lavrov" alone': why a guessed reading was taken as a mention; "" for a name."""
    return f'{guess} "{" ".join(written)}" alone' if guess else ""


def _fits(target: _Target, written: list[str]) -> bool:
    if target.exact:
        return tuple(written) == target.exact
    return not (target.capitalised and written[0].islower())


def _initialism(name: str) -> str:
    """"United States" gives "US", "Democratic People's Republic of Korea" "DPRK"; one word gives ""."""
    capitals = [word[0] for word in _tokens(name) if word[0].isupper()]
    return "".join(capitals) if len(capitals) >= 2 and " " in name else ""


def _combined(old: Entity, new: Entity) -> Entity:
    """A later definition of a known entity adds its names and fills what the first one lacks."""
    known = name_keys(old)
    aliases = [*old.aliases, *(n for n in new.names if _key(n) not in known)]
    better_text = bool(new.description) and (not old.description or (old.truncated and not new.truncated))
    return replace(
        old,
        aliases=tuple(dict.fromkeys(aliases)),
        kind=old.kind if old.kind is not EntityKind.UNKNOWN else new.kind,
        description=new.description if better_text else old.description,
        truncated=new.truncated if better_text else old.truncated,
    )


def with_mentions(briefing: Briefing, gazetteer: Gazetteer) -> Briefing:
    """Mark which of the briefing's entities its text names, then add the gazetteer's entities it names.

    Blurbs describe entities without mentioning them, so only the title and cards count, and the
    outlets the briefing quotes hide the places in their names. An entity found only by a guess
    (a surname alone) is marked with the reason. Calling it again gives the same briefing.
    """
    text = briefing.plain_text()
    hiding = outlet_names(briefing)
    own_keys = [name_keys(entity) for entity in briefing.entities]
    own_gazetteer = Gazetteer(briefing.entities)
    evidence: dict[Key, str] = {}  # the names of every entity found: "" when named, else the guess
    for entity, reason in own_gazetteer.mentions_with_reasons(text, hiding):
        _note(evidence, name_keys(entity), reason)
    added: list[Entity] = []
    for entity, reason in gazetteer.mentions_with_reasons(text, hiding):
        keys = name_keys(entity)
        if any(keys & own for own in own_keys):
            _note(evidence, keys, reason)
        elif not any(own_gazetteer.knows(name) for name in entity.names):  # the briefing's own reading wins
            added.append(replace(entity, mentioned=True, inferred=reason))
    own = tuple(
        replace(entity, mentioned=bool(keys & evidence.keys()), inferred=_reason(entity, evidence))
        for entity, keys in zip(briefing.entities, own_keys, strict=True)
    )
    return replace(briefing, entities=(*own, *added))


def outlet_names(briefing: Briefing) -> tuple[str, ...]:
    """The outlets the briefing quotes or cites, as written: their names hide the places in them."""
    quoted = (outlet for card in briefing.cards for summary in card.outlets for outlet in summary.outlets)
    cited = (reference.outlet for reference in briefing.references if reference.outlet)
    return tuple(dict.fromkeys((*quoted, *cited)))


def _note(evidence: dict[Key, str], keys: Iterable[Key], reason: str) -> None:
    """Record how names were found; being named anywhere beats any guess."""
    for key in keys:
        named = not reason or evidence.get(key) == ""
        evidence[key] = "" if named else evidence.get(key, reason)


def _reason(entity: Entity, evidence: dict[Key, str]) -> str:
    """"" when any of the entity's names was found as written (or it was not found), else the first guess."""
    found = [evidence[key] for key in map(_key, entity.names) if key in evidence]
    return "" if "" in found or not found else found[0]


def load_gazetteer_yaml(text: str, name: str) -> list[Entity]:
    """Entities from a user's YAML list of {name, aliases, kind, description}."""
    try:
        data = load_yaml(text)
    except ParseError as error:
        raise ParseError(f"{name}: {error}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ParseError(f"{name}: a gazetteer must be a list of entities")
    return [_entity_from_data(item, name, number) for number, item in enumerate(data, start=1)]


def _entity_from_data(item: Any, name: str, number: int) -> Entity:
    where = f"{name}: entity {number}"
    if not isinstance(item, dict):
        raise ParseError(f"{where} must be a mapping with a name")
    unknown = set(item) - {"name", "aliases", "kind", "description"}
    if unknown:
        raise ParseError(f"{where} has unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    entity_name = item.get("name")
    if not isinstance(entity_name, str) or not entity_name.strip():
        raise ParseError(f"{where} needs a non-empty name")
    shown = " ".join(entity_name.split())  # one line, whatever breaks the name holds
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ParseError(f"{where} ({shown}): aliases must be a list of names")
    kinds = {kind.value: kind for kind in EntityKind}
    kind = item.get("kind") or "unknown"
    if kind not in kinds:
        raise ParseError(f"{where} ({shown}): kind must be one of {', '.join(kinds)}")
    description = item.get("description") or ""
    if not isinstance(description, str):
        raise ParseError(f"{where} ({shown}): description must be text")
    return Entity(
        name=entity_name.strip(),
        aliases=tuple(a.strip() for a in aliases if a.strip()),
        kind=kinds[kind],
        description=description.strip(),
        truncated=looks_truncated(description),
    )


@cache
def bundled_gazetteer() -> Gazetteer:
    """The gazetteer shipped with the package."""
    text = resources.files("briefings").joinpath("data/gazetteer.yaml").read_text(encoding="utf-8")
    return Gazetteer(load_gazetteer_yaml(text, "bundled gazetteer.yaml"))
