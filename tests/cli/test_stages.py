"""The single-stage commands chain: parse -> score -> cluster -> report, each on the previous output."""

from __future__ import annotations

import json

import polars as pl
from typer.testing import CliRunner

from discourse.cli import app
from tests.conftest import SEEDS

runner = CliRunner()


def test_stage_commands_chain(tmp_path) -> None:
    parsed = tmp_path / "threads.jsonl"
    result = runner.invoke(app, ["parse", str(SEEDS), "-o", str(parsed)])
    assert result.exit_code == 0, result.output
    assert len(parsed.read_text().splitlines()) == 2
    # The Diplomat seed is a text dump with no declared count: 4 comments, completeness not checkable.
    assert json.loads(parsed.read_text().splitlines()[1])["coverage"] == "unknown"

    scored = tmp_path / "scored"
    result = runner.invoke(app, ["score", str(parsed), "-o", str(scored)])
    assert result.exit_code == 0, result.output
    sentences = pl.read_parquet(scored / "sentences.parquet")
    assert sentences.height > 30 and sentences["compound"].null_count() == 0
    assert pl.read_parquet(scored / "stance.parquet").height == 5  # 4 toward the article, 1 reply

    clustered = tmp_path / "clustered"
    result = runner.invoke(app, ["cluster", "-i", str(scored), "-o", str(clustered)])
    assert result.exit_code == 0, result.output
    assert pl.read_parquet(clustered / "clusters.parquet").height >= 3

    out = tmp_path / "reports"
    result = runner.invoke(app, ["report", str(clustered), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*/report.html"))) == 2 and (out / "index.md").is_file()

    again = runner.invoke(app, ["score", str(parsed), "-o", str(scored)])
    assert again.exit_code == 3 and "--overwrite" in again.output
