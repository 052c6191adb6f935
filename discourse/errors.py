"""Exceptions raised by discourse.

Library code raises these and never prints or exits; the CLI and the corpus runner turn
them into one-line messages and exit codes.
"""

from __future__ import annotations

__all__ = [
    "DiscourseError",
    "InputError",
    "ModelError",
    "OutputError",
    "ParseError",
    "SchemaError",
]


class DiscourseError(Exception):
    """Base class of every error discourse raises on purpose."""


class InputError(DiscourseError):
    """An input file cannot be read: missing, empty, binary, wrong encoding, broken archive."""

    def __init__(self, path: object, problem: str, *, location: str | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.location = location
        where = f"{self.path}:{location}" if location else self.path
        super().__init__(f"{where}: {problem}")


class ParseError(InputError):
    """A page was read but could not be split into an article and comments."""


class SchemaError(DiscourseError):
    """A table does not have the columns or dtypes a stage needs."""


class ModelError(DiscourseError):
    """A shipped or trained model file is missing, corrupt or of the wrong version."""


class OutputError(DiscourseError):
    """An output cannot be written (exists and --overwrite not given, unsafe path, disk error)."""
