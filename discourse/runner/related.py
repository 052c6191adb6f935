"""The corpus step: related threads from their centroids; comment-less articles contrasted with them."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import polars as pl

from discourse.errors import DiscourseError
from discourse.model import Thread, ThreadTables
from discourse.outputs import (
    atomic_directory,
)
from discourse.runner.options import RunOptions
from discourse.runner.state import _fingerprint, _record_digest

#: The package's one logger name (log lines read "discourse.runner: ..." as before the split).
log = logging.getLogger("discourse.runner")


#: Pairs of related threads the corpus index lists (the most similar first).
INDEX_RELATED = 50


def _thread_tables(folder: Path) -> ThreadTables:
    return ThreadTables(**{
        name: pl.read_parquet(folder / "data" / f"{name}.parquet")
        for name in ThreadTables.TABLES if (folder / "data" / f"{name}.parquet").is_file()
    })


def link_related_threads(out: Path, threads: list[dict], centroids: dict, options: RunOptions,
                         sources: dict[str, str] | None = None) -> list[dict]:
    """Corpus step: find threads on the same topic; contrast comment-less articles with them.

    Threads are related when their argument centroids (kept in each thread's summary) are
    close. A thread without comments whose related threads have some gets its report rebuilt
    with a section contrasting its article with *those* commenters, marked as another thread's.
    Returns what the index lists: the most similar pairs (at most ``INDEX_RELATED``) and the
    borrowed contrasts. ``sources`` (folder -> input) names the input whose state records a
    rewritten folder's digest, for ``--resume``.
    """
    from discourse.contrast import contrast_thread
    from discourse.corpus import contrast_with_related, related_from_centroids
    from discourse.report import render_thread

    by_id = {t["thread_id"]: t for t in threads}
    pairs = related_from_centroids(centroids)
    listed = []
    for row in pairs.iter_rows(named=True):
        a, b = by_id[row["thread_id"]], by_id[row["related_thread_id"]]
        if a["thread_id"] < b["thread_id"]:
            listed.append({"a": a["folder"], "b": b["folder"], "similarity": row["similarity"],
                           "text": f"{a['title'] or a['source']} and {b['title'] or b['source']} are on a related "
                                   f"topic (similarity {row['similarity']:.2f})."})
    listed = sorted(listed, key=lambda r: (-r["similarity"], r["a"], r["b"]))[:INDEX_RELATED]
    for thread in threads:
        if thread["n_comments"] or not options.contrast_related:
            continue
        others = [r for r in pairs.filter(pl.col("thread_id") == thread["thread_id"])["related_thread_id"].to_list()
                  if by_id[r]["n_comments"]]
        if not others:
            continue
        try:
            folder = out / thread["folder"]
            own = _thread_tables(folder)
            both = ThreadTables.concat([own, *(_thread_tables(out / by_id[r]["folder"]) for r in others)])
            borrowed = contrast_with_related(both, thread["thread_id"], others)
            parsed = Thread.from_dict(json.loads((folder / "thread.json").read_text(encoding="utf-8")))
            related = {
                "threads": [{"title": by_id[r]["title"] or by_id[r]["source"], "folder": by_id[r]["folder"],
                             "n_comments": by_id[r]["n_comments"]} for r in others],
                "summary": borrowed.summary,
            }
            with atomic_directory(folder, overwrite=True) as tmp:
                render_thread(own, contrast_thread(own), tmp, thread=parsed, generated_at=options.generated_at,
                              table_formats=options.table_formats, related=related,
                              pseudonymized=_fingerprint(options))
            if sources and thread["folder"] in sources:
                _record_digest(out, sources[thread["folder"]], thread["folder"])
            thread["related_commenters"] = [r["title"] for r in related["threads"]]
            listed.append({"text": f"{thread['title'] or thread['source']} has no comments of its own; its report "
                                   f"contrasts the article with the commenters of "
                                   f"{', '.join(r['title'] for r in related['threads'])}."})
        except (DiscourseError, OSError, ValueError) as exc:  # the thread's own report stays as it was
            log.warning("%s: related-thread contrast failed: %s", thread["source"], exc)
    return listed
