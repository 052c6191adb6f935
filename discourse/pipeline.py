"""The per-thread pipeline: parse → score (sentiment, stance) → cluster → contrast.

Each stage is a function from :class:`~discourse.model.ThreadTables` to ThreadTables, so
the CLI can run one stage at a time on the previous stage's files, and this module chains
them for a whole run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from discourse.model import Thread, ThreadTables

__all__ = ["analyze", "cluster", "cluster_folder", "score", "score_file"]


def score(tables: ThreadTables) -> ThreadTables:
    """Stage 2: sentiment per sentence, comment and paragraph; stance per comment and reply."""
    from discourse.sentiment import score_sentiment
    from discourse.stance import score_stance

    return score_stance(score_sentiment(tables))


def cluster(tables: ThreadTables) -> ThreadTables:
    """Stage 3: argument units and their clusters, per thread, with each thread's stop words.

    The language hook (issue 20): every thread's language is detected (discourse.language) and
    its stop words go to the clusterer, so a German thread is not labelled "das, sein, sich".
    """
    from discourse.cluster import cluster_tables
    from discourse.language import thread_languages

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
        from discourse.parse import parse_file

        threads = parse_file(threads)
    elif isinstance(threads, Thread):
        threads = [threads]
    return cluster(score(ThreadTables.from_threads(threads)))


def score_file(input_file: str | os.PathLike[str], output_dir: str | os.PathLike[str], *,
               overwrite: bool = False) -> list:
    """``discourse score``: the threads ``discourse parse`` wrote, scored, as Parquet tables."""
    from discourse.outputs import write_stage_tables
    from discourse.parse import read_threads

    return write_stage_tables(score(ThreadTables.from_threads(read_threads(input_file))), output_dir,
                              overwrite=overwrite)


def cluster_folder(input_dir: str | os.PathLike[str], output_dir: str | os.PathLike[str], *, clusterer=None,
                   overwrite: bool = False) -> ThreadTables:
    """``discourse cluster``: the tables ``discourse score`` wrote, clustered, as Parquet tables."""
    from discourse.cluster import cluster_tables
    from discourse.language import thread_languages
    from discourse.outputs import read_stage_tables, write_stage_tables

    tables = read_stage_tables(input_dir, required=("threads", "sentences"))
    tables = cluster_tables(tables, clusterer=clusterer, languages=thread_languages(tables))
    write_stage_tables(tables, output_dir, overwrite=overwrite)
    return tables
