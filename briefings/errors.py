"""The project's own errors: every failure a user can cause is one of these, with a one-line message."""


class BriefingError(Exception):
    """Base for errors that are reported to the user as one line and never as a traceback."""


class InputError(BriefingError):
    """A file could not be read as text: binary, empty, too large, undecodable."""


class ParseError(BriefingError):
    """Text was read but does not fit the format it claims or was detected as."""
