"""discourse.metrics is a package of one module per reference scorer; every name keeps its old import path."""

from __future__ import annotations

import importlib

import discourse.metrics

SCORERS = ("common", "records", "sentiment", "stance", "clustering", "extraction")


def test_every_name_is_importable_from_discourse_metrics_and_is_its_homes() -> None:
    homes = [importlib.import_module(f"discourse.metrics.{m}") for m in SCORERS]
    for name in discourse.metrics.__all__:
        found = [home for home in homes if name in home.__all__]
        assert len(found) == 1, name  # one home per name
        assert getattr(discourse.metrics, name) is getattr(found[0], name)


def test_the_page_stem_is_the_scorers_one() -> None:
    from discourse.metrics import page_stem

    assert [page_stem(s) for s in ("dir/R1.html.gz", "R2.txt", "a\\b\\R3.htm", "R4")] == ["R1", "R2", "R3", "R4"]
