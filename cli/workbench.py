"""The analyst's workbench on the command line: `briefing note ...` and `briefing dossier ...`.

A card is named `ID:CARD`, CARD being the card's number as the reader shows it (from 1) or its id
(`papers`, `analysis-2`); `ID` alone is the briefing as a whole. Every command takes `--json`. A bad
id, card, note or dossier name is one line and exit status 2 (`BriefingError`, as everywhere).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from briefings.dossiers import Dossier, DossierItem, Dossiers, dossier_to_data
from briefings.errors import BriefingError
from briefings.library import Library
from briefings.model import Briefing
from briefings.notes import Anchor, Note, NoteBook, contains, matching, note_to_data
from briefings.text import visible_controls
from briefings.wording import card_title
from cli.output import console, get_briefing, print_json, safe_text, say

CARD_HELP = "a briefing id (or its start) and, after a colon, the card's number as the reader shows it " \
            "(from 1) or its id: `harbour-fees:3`, `harbour-fees:papers`; the id alone is the whole briefing"
EXPORT_FORMATS = ("md", "html")
Handler = Callable[[Library, argparse.Namespace], int]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`note` and `dossier`, each with its own actions, into the `briefing` command's subcommands."""
    note = commands.add_parser("note", help="notes on cards: add, list, remove",
                               description="The analyst's notes on cards, kept in the library.")
    note.set_defaults(command="note")
    notes = note.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = _action(notes, "add", run_note_add, "add a note to a card (or to a briefing)")
    add.add_argument("target", metavar="ID[:CARD]", help=CARD_HELP)
    add.add_argument("text", help="the note")
    add.add_argument("--tag", "-t", action="append", default=[], help="a tag (again for more)")
    add.add_argument("--grade", "-g", default="", help="your grade, e.g. a confidence: high, B2")
    add.add_argument("--quote", "-q", default="",
                     help="the passage the note is about, as the card says it (a highlight)")
    listing = _action(notes, "list", run_note_list, "list notes, oldest first")
    listing.add_argument("query", nargs="?", default="", metavar="QUERY",
                         help='only the notes matching every term: words (or "a phrase") in the note, its '
                              "passage, tags or titles; tag:T, note:WORD, grade:G, is:orphaned")
    listing.add_argument("--briefing", metavar="ID", help="only the notes on this briefing")
    remove = _action(notes, "remove", run_note_remove, "remove a note")
    remove.add_argument("note_id", metavar="NOTE_ID")

    dossier = commands.add_parser("dossier", help="dossiers of cards from many briefings: add, show, export",
                                  description="Named, ordered collections of cards and notes, exported "
                                              "with citations.")
    dossier.set_defaults(command="dossier")
    dossiers = dossier.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = _action(dossiers, "add", run_dossier_add, "add cards to a dossier (made if new)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("targets", nargs="+", metavar="ID[:CARD]", help=CARD_HELP)
    add.add_argument("--note", metavar="NOTE_ID", default="",
                     help="show only this note with the card (default: every note on it)")
    add.add_argument("--title", help="the title the export carries (default: the name)")
    _action(dossiers, "list", run_dossier_list, "list the dossiers")
    show = _action(dossiers, "show", run_dossier_show, "a dossier's items, numbered")
    show.add_argument("name", metavar="NAME")
    take = _action(dossiers, "remove", run_dossier_remove, "take an item out of a dossier")
    take.add_argument("name", metavar="NAME")
    take.add_argument("number", type=int, metavar="N", help="the item's number as `dossier show` gives it")
    move = _action(dossiers, "move", run_dossier_move, "move an item to another place")
    move.add_argument("name", metavar="NAME")
    move.add_argument("number", type=int, metavar="N")
    move.add_argument("to", type=int, metavar="TO", help="the number it gets")
    delete = _action(dossiers, "delete", run_dossier_delete, "delete a dossier (its cards and notes stay)")
    delete.add_argument("name", metavar="NAME")
    export = _action(dossiers, "export", run_dossier_export, "write a dossier out as Markdown or HTML")
    export.add_argument("name", metavar="NAME")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="md")
    export.add_argument("--output", "-o", type=Path, metavar="FILE", help="a file (default: standard output)")


def _action(actions: argparse._SubParsersAction[argparse.ArgumentParser], name: str, handler: Handler,
            help_text: str) -> argparse.ArgumentParser:
    sub = actions.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(handler=handler)
    if name != "export":
        sub.add_argument("--json", action="store_true", help="one JSON document (see README)")
    return sub


# Cards by number or id ---------------------------------------------------------------------------------


def resolve_target(library: Library, target: str) -> tuple[Briefing, int | None]:
    """The briefing `ID[:CARD]` names and the card's position (None: the whole briefing)."""
    text, colon, card = target.partition(":")
    briefing = get_briefing(library, text)
    if not colon:
        return briefing, None
    if card.isdigit() and 1 <= int(card) <= len(briefing.cards):
        return briefing, int(card) - 1
    position = briefing.card_position(card) if card and not card.startswith("#") else None
    if position is None:
        raise BriefingError(f"{briefing.title!r} has no card {card!r} (cards 1 to {len(briefing.cards)}, or "
                            f"{', '.join(briefing.card_ids()[:3])}…)")
    return briefing, position


def _card_label(briefing: Briefing, position: int | None) -> str:
    if position is None:
        return briefing.title
    card = briefing.cards[position]
    return f"{briefing.title} › {position + 1}. {card_title(card.kind, card.heading)}"


# Notes ----------------------------------------------------------------------------------------------------


def run_note_add(library: Library, args: argparse.Namespace) -> int:
    briefing, position = resolve_target(library, args.target)
    card_id = briefing.card_ids()[position] if position is not None else ""
    heading = ""
    if position is not None:
        card = briefing.cards[position]
        heading = card_title(card.kind, card.heading)
        if args.quote and not contains(card.text, args.quote):
            raise BriefingError(f"card {position + 1} of {briefing.title!r} does not say {args.quote[:60]!r}")
    elif args.quote:
        raise BriefingError("--quote needs a card: ID:CARD")
    note = NoteBook(library.root).add(Anchor(briefing.id, card_id, args.quote), args.text, tags=args.tag,
                                      grade=args.grade, briefing_title=briefing.title, card_heading=heading)
    if args.json:
        print_json(note_to_data(note))
    else:
        _line(f"added {note.id} to {_card_label(briefing, position)}")
    return 0


def run_note_list(library: Library, args: argparse.Namespace) -> int:
    notes, warnings = NoteBook(library.root).notes()
    for warning in warnings:
        say(warning)
    if args.briefing:
        briefing_id = library.resolve(args.briefing)
        notes = [note for note in notes if note.anchor.briefing_id == briefing_id]
    if args.query:
        notes = matching(notes, args.query)
    if args.json:
        print_json([note_to_data(note) for note in notes])
        return 0
    if not notes:
        say("no notes yet: `briefing note add ID[:CARD] TEXT` adds one" if not (args.briefing or args.query)
            else "no notes match")
    for note in notes:
        _line(note_line(note))
    return 0


def note_line(note: Note) -> str:
    """ "n-1a2b3c4d  2026-12-06  Harbour fees rise › What the papers say  [ports] (high)  text" """
    where = " › ".join(filter(None, (note.briefing_title or note.anchor.briefing_id, note.card_heading)))
    marks = [f"[{', '.join(note.tags)}]" if note.tags else "", f"({note.grade})" if note.grade else "",
             "ORPHANED" if note.orphaned else ""]
    text = " ".join(note.text.split()) or (f"“{' '.join(note.anchor.quote.split())}”" if note.anchor.quote
                                           else "")
    return "  ".join(filter(None, (note.id, note.created[:10], where, *marks, text)))


def run_note_remove(library: Library, args: argparse.Namespace) -> int:
    if not NoteBook(library.root).remove(args.note_id):
        raise BriefingError(f"no note with id {args.note_id!r} (see `briefing note list`)")
    if args.json:
        print_json({"removed": args.note_id})
    else:
        _line(f"removed {args.note_id}")
    return 0


# Dossiers -------------------------------------------------------------------------------------------------


def run_dossier_add(library: Library, args: argparse.Namespace) -> int:
    """Every target is checked before anything is added, so a typo adds nothing."""
    items = []
    for target in args.targets:
        briefing, position = resolve_target(library, target)
        items.append(DossierItem(briefing.id, briefing.card_ids()[position] if position is not None else "",
                                 args.note))
    if args.note:
        NoteBook(library.root).get(args.note)
    store = Dossiers(library.root)
    before = _items_in(store, args.name)
    dossier = store.add(args.name, items)
    if args.title is not None:
        dossier = store.set_title(args.name, args.title)
    if args.json:
        print_json(dossier_data(dossier))
    else:
        added = len(dossier.items) - before
        _line(f"dossier {dossier.name!r}: {added} added, {len(items) - added} already in it, "
              f"{len(dossier.items)} in all")
    return 0


def _items_in(store: Dossiers, name: str) -> int:
    try:
        return len(store.get(name).items)
    except BriefingError:
        return 0


def run_dossier_list(library: Library, args: argparse.Namespace) -> int:
    found, warnings = Dossiers(library.root).dossiers()
    for warning in warnings:
        say(warning)
    if args.json:
        print_json([{"name": d.name, "title": d.title, "items": len(d.items)} for d in found])
        return 0
    if not found:
        say("no dossiers yet: `briefing dossier add NAME ID[:CARD]` makes one")
    for dossier in found:
        count = len(dossier.items)
        title = f"  “{dossier.title}”" if dossier.title else ""
        _line(f"{dossier.name}  {count} item{'s' if count != 1 else ''}{title}")
    return 0


def run_dossier_show(library: Library, args: argparse.Namespace) -> int:
    dossier, warnings = Dossiers(library.root).load(args.name)
    for warning in warnings:
        say(warning)
    rows = shown_items(library, dossier.items)
    if args.json:
        print_json({**dossier_data(dossier), "items": rows})
        return 0
    _line(dossier.heading if dossier.heading == dossier.name else f"{dossier.name}: {dossier.heading}")
    for row in rows:
        card = f" › {row['card_number']}. {row['card_title']}" if row["card_number"] else ""
        gone = f"  ({row['missing']})" if row["missing"] else ""
        note = f"  note {row['note']}" if row["note"] else ""
        _line(f"{row['number']}. {row['briefing_title'] or row['briefing']}{card}{note}{gone}")
    if not rows:
        say("this dossier is empty")
    return 0


def shown_items(library: Library, items: Sequence[DossierItem]) -> list[dict[str, Any]]:
    """Each item with what a person needs to know it by; `missing` says when its briefing or card is gone."""
    rows = []
    for number, item in enumerate(items, start=1):
        row: dict[str, Any] = {"number": number, "briefing": item.briefing_id, "card": item.card_id,
                               "note": item.note_id, "briefing_title": "", "card_number": None,
                               "card_title": "", "missing": ""}
        try:
            briefing = library.get(item.briefing_id)
        except (KeyError, BriefingError):
            row["missing"] = "briefing no longer in the library"
            rows.append(row)
            continue
        row["briefing_title"] = briefing.title
        if item.card_id:
            position = briefing.card_position(item.card_id)
            if position is None:
                row["missing"] = "card no longer in the briefing"
            else:
                card = briefing.cards[position]
                row["card_number"], row["card_title"] = position + 1, card_title(card.kind, card.heading)
        rows.append(row)
    return rows


def run_dossier_remove(library: Library, args: argparse.Namespace) -> int:
    dossier = Dossiers(library.root).remove(args.name, args.number - 1)
    return _changed(args, dossier, f"took out item {args.number}")


def run_dossier_move(library: Library, args: argparse.Namespace) -> int:
    dossier = Dossiers(library.root).move(args.name, args.number - 1, args.to - 1)
    return _changed(args, dossier, f"moved item {args.number} to {args.to}")


def run_dossier_delete(library: Library, args: argparse.Namespace) -> int:
    store = Dossiers(library.root)
    name = store.get(args.name).name  # an unknown name is one line naming the nearest
    store.delete(args.name)
    if args.json:
        print_json({"deleted": name})
    else:
        _line(f"deleted dossier {name!r}")
    return 0


def _changed(args: argparse.Namespace, dossier: Dossier, what: str) -> int:
    if args.json:
        print_json(dossier_data(dossier))
    else:
        _line(f"dossier {dossier.name!r}: {what}, {len(dossier.items)} in all")
    return 0


def run_dossier_export(library: Library, args: argparse.Namespace) -> int:
    from briefings.dossier_export import compile_dossier, dossier_html, dossier_markdown, library_lookup
    from briefings.files import write_atomic

    dossier = Dossiers(library.root).get(args.name)
    notes, warnings = NoteBook(library.root).notes()
    compiled = compile_dossier(dossier, library_lookup(library), notes)
    for warning in (*warnings, *compiled.warnings):
        say(warning)
    text = dossier_html(compiled) if args.format == "html" else dossier_markdown(compiled)
    if args.output is None:
        sys.stdout.write(visible_controls(text) if sys.stdout.isatty() else text)
        return 0
    write_atomic(args.output, text)
    say(f"wrote {args.output}")
    return 0


def dossier_data(dossier: Dossier) -> dict[str, Any]:
    return {key: value for key, value in dossier_to_data(dossier).items() if key != "version"}


def _line(text: str) -> None:
    console().print(safe_text(text), soft_wrap=True)
