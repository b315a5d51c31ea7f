"""The `briefing` command: the reader with no arguments, scriptable subcommands otherwise.

Whatever goes wrong reaches the user as one line of our own words and exit status 2, never a traceback.
When the reader of a pipe stops early (`briefing search oil | head -3`), the command ends quietly with
status 0, as `git log | head` does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from briefings.errors import BriefingError
from briefings.library import Library, default_library_path
from cli.output import console, safe_text, say
from cli.parser import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()  # output still buffered meets a closed pipe here rather than at exit
    except BrokenPipeError:
        # Python flushes standard output once more at exit: point it at nothing, so that flush is silent.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.version:
        console().print(safe_text(_version()), soft_wrap=True)
        return 0
    try:
        library = Library(args.library if args.library is not None else default_library_path())
        if args.command is None:
            from tui.app import run  # the one import of the reader: the command line opens it

            if args.watch is not None and not args.watch.is_dir():
                raise BriefingError(f"{args.watch} is not a folder")
            run(library.root, args.watch)
            return 0
        result: int = args.handler(library, args)
        return result
    except BriefingError as error:
        say(f"briefing: {error}")
        return 2
    except BrokenPipeError:
        raise  # not a failure: `main` ends quietly
    except OSError as error:  # disk full, read-only media, permissions: say what and where, in one line
        where = f" ({error.filename})" if error.filename else ""
        say(f"briefing: {error.strerror or error}{where}")
        return 2
    except KeyboardInterrupt:
        return 130


def _version() -> str:
    """The versions a script or a bug report needs: the program's, and those of what it writes."""
    from importlib import metadata

    from briefings.serialize import SCHEMA_VERSION as BRIEFING_SCHEMA
    from search.schema import SCHEMA_VERSION as INDEX_SCHEMA

    return (f"briefing-reader {metadata.version('briefing-reader')} (briefing files and JSON: schema_version "
            f"{BRIEFING_SCHEMA}; search index: schema {INDEX_SCHEMA})")


if __name__ == "__main__":
    sys.exit(main())
