"""Which outlet a sentence comes from: a cited reference ("[2]") or a paper named as its speaker.

An article that names its sources lets "What the papers say" be built from its own sentences: each
sentence goes under every outlet it cites, with the journalist the reference names ("Kim, J." is
J. Kim), and under the outlet it is attributed to ("Reuters reported"). Outlets are named as the
bundled outlet list names them, so a paper has one name across briefings.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefings.model import OutletSummary, Reference
from briefings.outlets import outlet_name
from briefings.splitting.placement import Placed


def outlet_summaries(sentences: Sequence[Placed],
                     references: Sequence[Reference]) -> tuple[OutletSummary, ...]:
    """One summary per outlet, in order of first mention, holding the sentences that cite it."""
    by_number = {reference.number: reference for reference in references}
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for sentence in sentences:
        for outlet, journalist in _sources(sentence, by_number):
            quoted, journalists = groups.setdefault(outlet, ([], []))
            if sentence.located not in quoted:
                quoted.append(sentence.located)
            if journalist and journalist not in journalists:
                journalists.append(journalist)
    return tuple(OutletSummary((outlet,), " ".join(quoted), ", ".join(journalists))
                 for outlet, (quoted, journalists) in groups.items())


def speaks_for_outlet(sentence: Placed) -> bool:
    """True when the sentence's speaker is a paper or agency, whose words belong to the papers' card."""
    return sentence.attribution is not None and outlet_name(sentence.attribution.speaker) != ""


def _sources(sentence: Placed, by_number: dict[int, Reference]) -> list[tuple[str, str]]:
    found = []
    for number in sentence.citations:
        reference = by_number.get(number)
        if reference is not None and reference.outlet:
            found.append((outlet_name(reference.outlet) or reference.outlet, journalist(reference.author)))
    if sentence.attribution is not None and (named := outlet_name(sentence.attribution.speaker)):
        found.append((named, ""))
    return found


def journalist(author: str) -> str:
    """"Smith, J." as a byline names them, "J. Smith"; any other shape as written."""
    surname, _, initials = author.partition(", ")
    if initials and "," not in initials and " " not in surname:
        return f"{initials} {surname}"
    return author
