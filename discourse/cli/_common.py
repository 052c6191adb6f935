"""What every command shares: exit codes, logging set-up, one-line error reporting."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import Annotated

import typer

from discourse._logging import route_to_stderr
from discourse.errors import DiscourseError

__all__ = ["ExitCode", "Quiet", "Verbose", "configure_logging", "fail", "reporting_errors", "state"]

#: -v/-q are accepted after the command name too (``discourse run x -o y -q``).
Verbose = Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv: debug, tracebacks).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr; no progress.")]


class ExitCode(IntEnum):
    """Exit codes of the ``discourse`` command (documented in the README)."""

    OK = 0
    SOME_FAILED = 1  # a corpus run finished, but some inputs failed (see errors.jsonl)
    USAGE = 2  # bad command line (typer/click's own code for usage errors)
    ERROR = 3  # the command could not do its job (unreadable input, output exists, ...)
    ALL_FAILED = 4  # a corpus run where every input (or more than 99%) failed
    INTERRUPTED = 130  # Ctrl-C


class _State:
    verbose: int = 0
    quiet: bool = False


state = _State()


def configure_logging(verbose: int, quiet: bool) -> None:
    verbose, quiet = max(verbose, state.verbose), quiet or state.quiet
    state.verbose, state.quiet = verbose, quiet
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    route_to_stderr(level)


def fail(message: str, code: ExitCode = ExitCode.ERROR) -> typer.Exit:
    """Print ``discourse: error: message`` on stderr and return the Exit to raise."""
    typer.echo(f"discourse: error: {message}", err=True)
    return typer.Exit(code=int(code))


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn a DiscourseError or OSError into a one-line message and exit code 3 (traceback with -vv)."""
    try:
        yield
    except DiscourseError as exc:
        if state.verbose > 1:
            logging.getLogger("discourse").exception("traceback")
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise fail("interrupted", ExitCode.INTERRUPTED) from None
    except OSError as exc:  # the environment: a full disk, a read-only or vanished folder
        if state.verbose > 1:
            logging.getLogger("discourse").exception("traceback")
        where = f"{exc.filename}: " if exc.filename else ""
        raise fail(f"{where}{exc.strerror or exc}") from None
