"""Tests of the `discourse cluster` command."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from discourse.cli import app
from discourse.model import CLUSTER_SCHEMA, ThreadTables
from tests.cluster.themes import make_thread_tables

runner = CliRunner()


# -- the cluster command -------------------------------------------------------------------


def test_cli_cluster_roundtrip(tmp_path: Path) -> None:
    tables = make_thread_tables()
    src, dst = tmp_path / "scored", tmp_path / "clustered"
    src.mkdir()
    for name, frame in tables.items():
        if name != "clusters":
            frame.write_parquet(src / f"{name}.parquet")
    result = runner.invoke(app, ["cluster", "-i", str(src), "-o", str(dst), "--representation", "tfidf"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in dst.iterdir()) == sorted(f"{n}.parquet" for n in ThreadTables.TABLES)
    clusters = pl.read_parquet(dst / "clusters.parquet")
    assert clusters.schema == CLUSTER_SCHEMA
    assert clusters.height > 0
    again = runner.invoke(app, ["cluster", "-i", str(src), "-o", str(dst)])
    assert again.exit_code == 3
    assert "--overwrite" in again.output


def test_cli_cluster_missing_sentences(tmp_path: Path) -> None:
    result = runner.invoke(app, ["cluster", "-i", str(tmp_path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 3
    assert "sentences.parquet" in result.output
