"""The per-thread pipeline: parse → score (sentiment, stance) → cluster → contrast.

Each stage is a function from :class:`~discourse.model.ThreadTables` to ThreadTables, so
the CLI can run one stage at a time on the previous stage's files, and this module chains
them for a whole run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from discourse.cluster import cluster_tables
from discourse.errors import DiscourseError, OutputError
from discourse.language import thread_languages
from discourse.model import Thread, ThreadTables
from discourse.outputs import atomic_write_text, read_stage_tables, write_stage_tables, write_tables
from discourse.parse import parse_file, read_threads
from discourse.sentiment import score_sentiment
from discourse.stance import score_stance

__all__ = [
    "PARSE_OUTPUT_FORMATS",
    "ParseSummary",
    "analyze",
    "cluster",
    "cluster_folder",
    "parse_files",
    "score",
    "score_file",
]

#: What ``discourse parse`` writes: JSON lines (one thread a line), or flattened tables.
PARSE_OUTPUT_FORMATS = ("jsonl", "parquet", "csv")


def score(tables: ThreadTables) -> ThreadTables:
    """Stage 2: sentiment per sentence, comment and paragraph; stance per comment and reply."""
    return score_stance(score_sentiment(tables))


def cluster(tables: ThreadTables) -> ThreadTables:
    """Stage 3: argument units and their clusters, per thread, with each thread's stop words.

    The language hook (issue 20): every thread's language is detected (discourse.language) and
    its stop words go to the clusterer, so a German thread is not labelled "das, sein, sich".
    """
    return cluster_tables(tables, languages=thread_languages(tables))


def analyze(threads: Thread | Iterable[Thread] | str | os.PathLike[str]) -> ThreadTables:
    """Run every stage after parsing on one or more threads (or parse a page first).

    Parameters
    ----------
    threads : Thread, iterable of Thread, or a path
        Parsed threads, or the path of a page to parse.

    Returns
    -------
    ThreadTables
        The scored and clustered tables of all the threads.
    """
    if isinstance(threads, (str, os.PathLike)):
        threads = parse_file(threads)
    elif isinstance(threads, Thread):
        threads = [threads]
    return cluster(score(ThreadTables.from_threads(threads)))


def score_file(input_file: str | os.PathLike[str], output_dir: str | os.PathLike[str], *,
               overwrite: bool = False) -> list:
    """``discourse score``: the threads ``discourse parse`` wrote, scored, as Parquet tables."""
    return write_stage_tables(score(ThreadTables.from_threads(read_threads(input_file))), output_dir,
                              overwrite=overwrite)


def cluster_folder(input_dir: str | os.PathLike[str], output_dir: str | os.PathLike[str], *, clusterer=None,
                   overwrite: bool = False) -> ThreadTables:
    """``discourse cluster``: the tables ``discourse score`` wrote, clustered, as Parquet tables."""
    tables = read_stage_tables(input_dir, required=("threads", "sentences"))
    tables = cluster_tables(tables, clusterer=clusterer, languages=thread_languages(tables))
    write_stage_tables(tables, output_dir, overwrite=overwrite)
    return tables


@dataclass(frozen=True)
class ParseSummary:
    """What :func:`parse_files` did: threads written, files read, and one message per failed file."""

    threads: int
    files: int
    errors: tuple[str, ...]

    @property
    def failed(self) -> int:
        return len(self.errors)


def parse_files(
    files: Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str] = "-",
    *,
    output_format: str = "jsonl",
    input_format: str | None = None,
    captured_at: str | None = None,
    overwrite: bool = False,
    on_error: Callable[[DiscourseError], None] | None = None,
) -> ParseSummary:
    """``discourse parse``: parse every file and write the threads, in input order.

    Parameters
    ----------
    files : iterable of path
        Page files and exports (see :func:`discourse.parse.parse_file`).
    output : path or "-"
        ``jsonl``: a file, or ``-`` for standard output; ``parquet``/``csv``: a folder that
        gets ``threads``, ``comments`` and ``paragraphs`` tables.
    output_format : str
        One of :data:`PARSE_OUTPUT_FORMATS`.
    on_error : callable, optional
        Called with the error of each file that fails (the others are still parsed).

    Raises
    ------
    OutputError
        The output exists and ``overwrite`` is false, or tables were asked for standard output.
    """
    files = list(files)
    threads: list[Thread] = []
    errors: list[str] = []
    for f in files:
        try:
            threads.extend(parse_file(f, input_format=input_format, captured_at=captured_at))
        except DiscourseError as exc:
            errors.append(str(exc))
            if on_error is not None:
                on_error(exc)
    output = Path(output) if str(output) != "-" else "-"
    if output_format == "jsonl":
        lines = "".join(t.to_json() + "\n" for t in threads)
        if output == "-":
            sys.stdout.write(lines)
        else:
            if output.exists() and not overwrite:
                raise OutputError(f"{output}: exists (use --overwrite)")
            atomic_write_text(output, lines)
    else:
        if output == "-":
            raise OutputError("--output-format parquet/csv needs -o FOLDER")
        tables = ThreadTables.from_threads(threads)
        names = ("threads", "comments", "paragraphs")
        existing = [output / f"{n}.{output_format}" for n in names if (output / f"{n}.{output_format}").exists()]
        if existing and not overwrite:
            raise OutputError(f"{existing[0]}: exists (use --overwrite)")
        write_tables(output, {n: getattr(tables, n) for n in names}, formats=(output_format,))
    return ParseSummary(threads=len(threads), files=len(files), errors=tuple(errors))
