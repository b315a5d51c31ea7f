"""Wire files of our own words for the story tests: a dockers' strike reported twice (and once more as
a copy), a later event with the same people, and unrelated stories, in the Reuters archive's SGML so
ingest gives them the dates and ids (`reuters-NEWID`) a real archive would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.unit.test_grouping import BACKGROUND, HARBOUR, HARBOUR_REWRITE, HARBOUR_TALKS

Wire = tuple[int, dt.date, str, str]
"""NEWID, date, headline, text (its dateline first, as `test_grouping`'s texts have it)."""
DAY = dt.date(1987, 3, 2)
STRIKE: Wire = (9001, DAY, "VALMORE DOCKERS STRIKE OVER PAY", HARBOUR)
REWRITE: Wire = (9002, DAY + dt.timedelta(1), "VALMORE DOCKERS WALKED OUT OVER PAY CLAIM", HARBOUR_REWRITE)
COPY: Wire = (9003, DAY, "VALMORE DOCKERS STRIKE OVER PAY", HARBOUR)
TALKS: Wire = (9004, DAY + dt.timedelta(8), "VALMORE DOCKERS STRIKE ENDS WITH PAY DEAL", HARBOUR_TALKS)
OTHERS: tuple[Wire, ...] = tuple((9100 + number, DAY, text.split(" - ")[1][:50].upper(), text)
                                 for number, (_name, text) in enumerate(BACKGROUND))
STRIKE_ID, REWRITE_ID, COPY_ID, TALKS_ID = (f"reuters-{wire[0]}" for wire in (STRIKE, REWRITE, COPY, TALKS))


def wire_file(path: Path, *stories: Wire) -> Path:
    """An archive file holding these stories, in this order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(_record(*story) for story in stories), encoding="latin-1")
    return path


def _record(newid: int, day: dt.date, title: str, text: str) -> str:
    dateline, body = text.split(" - ", 1)
    return (f'<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="{newid}">\n'
            f"<DATE>{day.day}-{day.strftime('%b').upper()}-{day.year}10:00:00.00</DATE>\n"
            "<TOPICS></TOPICS>\n<PLACES></PLACES>\n<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n"
            f"<COMPANIES></COMPANIES>\n<TEXT>&#2;\n<TITLE>{title}</TITLE>\n"
            f"<DATELINE>    {dateline} - </DATELINE><BODY>{body}\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n")
