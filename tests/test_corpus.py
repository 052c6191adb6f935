"""Tests of discourse.corpus: related threads by their unit centroids, borrowed commenters."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from discourse.cluster import cluster_tables
from discourse.contrast import contrast_thread
from discourse.corpus import contrast_with_related, related_threads
from discourse.model import ThreadTables
from tests.test_contrast import ARMS, CANADA, GAS, SOCCER, make_tables, needs_wordllama


@needs_wordllama
def test_related_threads_and_borrowed_comments() -> None:
    tables = make_tables({
        "paywalled": (GAS[:3] + ARMS[:2], []),
        "diplomat": (GAS[2:] + ARMS, CANADA + ARMS[:2]),
        "sport": (SOCCER, SOCCER[:2]),
    })
    rel = related_threads(tables, min_similarity=0.0, top=2)
    assert rel.columns == ["thread_id", "related_thread_id", "similarity"]
    first = rel.filter(pl.col("thread_id") == "paywalled")["related_thread_id"].to_list()
    assert first[0] == "diplomat"
    sims = dict(zip(rel.filter(pl.col("thread_id") == "paywalled")["related_thread_id"],
                    rel.filter(pl.col("thread_id") == "paywalled")["similarity"], strict=True))
    assert sims["diplomat"] > sims["sport"]
    res = contrast_with_related(tables, "paywalled", ["diplomat"])
    assert res.comments_from == ["diplomat"]
    assert res.n_units_editorial == 5
    assert res.n_units_comment == 7
    assert res.stance_overall == {"support": 0, "deny": 0, "query": 0, "comment": 0}
    assert all("another thread (diplomat)" in s for s in res.summary if s.startswith("Commenters"))
    assert any("another thread" in s for s in res.summary)


def test_related_threads_single_thread() -> None:
    rel = related_threads(make_tables({"t": (GAS, CANADA)}))
    assert rel.height == 0


# -- the two seeds: the paywalled WPR article contrasted with the Diplomat's commenters -----

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def _seed_tables() -> ThreadTables:
    from discourse.text import split_sentences

    wpr = [ln.strip() for ln in (SEEDS / "000_a7b276a8953e2a0d.txt").read_text(encoding="utf-8").splitlines()]
    wpr_article = [s for ln in wpr[: wpr.index("Keep reading for free!")] if len(ln) > 80 for s in split_sentences(ln)]
    dip = [ln.strip() for ln in (SEEDS / "004_7fdc06c34d09003f.txt").read_text(encoding="utf-8").splitlines()]
    start = next(i for i, ln in enumerate(dip) if ln.startswith("On March 22nd"))
    end = next(i for i, ln in enumerate(dip) if ln.startswith("November 25, 2013"))
    dip_article = [s for ln in dip[start:end] if len(ln) > 80 for s in split_sentences(ln)]
    dip_comments = [s for ln in dip if ln.startswith(("Canadians get", "Canada actually", "US are facing",
                                                        "We will se a change")) for s in split_sentences(ln)]
    return make_tables({"wpr": (wpr_article, []), "diplomat": (dip_article, dip_comments)})


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not present")
@needs_wordllama
def test_seed_wpr_borrows_diplomat_commenters() -> None:
    tables = _seed_tables()
    rel = related_threads(tables)
    assert rel.filter(pl.col("thread_id") == "wpr")["related_thread_id"].to_list() == ["diplomat"]
    res = contrast_with_related(tables, "wpr", ["diplomat"])
    assert res.comments_from == ["diplomat"]
    assert res.n_units_comment > 0 and res.n_units_editorial > 0
    assert any("Commenters of another thread (diplomat)" in s for s in res.summary)
    # the thread's own contrast has nothing to contrast
    own = contrast_thread(cluster_tables(tables), "wpr")
    assert own.n_units_comment == 0
    assert own.summary[0].startswith("No comments")
