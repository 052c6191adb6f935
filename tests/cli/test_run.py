from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from discourse._version import __version__
from discourse.cli import app
from tests.conftest import REPO, SEEDS

runner = CliRunner()
COMMANDS = ["run", "parse", "score", "cluster", "report", "train", "evaluate"]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"discourse {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output and len(result.output) > 200


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    """The README's main command, run from the repository root as a user would."""
    out = tmp_path_factory.mktemp("run") / "out"
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = runner.invoke(app, ["run", "seeds", "-o", str(out), "--jobs", "1", "-q"])
    finally:
        os.chdir(cwd)
    return result, out


def test_run_on_seeds_writes_a_report_per_seed_and_an_index(seed_run) -> None:
    result, out = seed_run
    assert result.exit_code == 0, result.output
    folders = sorted(p.parent for p in out.glob("*/report.md"))
    assert [f.name.split("-")[0] for f in folders] == ["000_a7b276a8953e2a0d", "004_7fdc06c34d09003f"]
    for folder in folders:
        for name in ("report.html", "data/comments.csv", "data/sentences.parquet", "charts/sentiment.svg"):
            assert (folder / name).is_file(), name
    index = (out / "index.md").read_text()
    assert "2 threads, 4 comments" in index
    assert (out / "index.html").is_file()
    assert (out / "errors.jsonl").read_text() == ""


def test_seed_reports_state_the_right_counts(seed_run) -> None:
    _, out = seed_run
    wpr = (next(out.glob("000_*")) / "report.md").read_text()
    diplomat = (next(out.glob("004_*")) / "report.md").read_text()
    assert "**article truncated (paywall)**" in wpr
    assert "| 0 | 0 | 0 |" in wpr  # comments, commenters, replies
    assert "# A Russia-China Alliance Brewing?" in diplomat
    assert "| 4 |" in diplomat
    assert "John Chan" in diplomat
    summary = json.loads((next(out.glob("004_*")) / "summary.json").read_text())
    assert summary["n_comments"] == 4


def test_bad_input_does_not_sink_the_run(tmp_path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text((SEEDS / "004_7fdc06c34d09003f.txt").read_text())
    (pages / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(pages), "-o", str(out), "-j", "1", "-q"])
    assert result.exit_code == 1
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [e["source"].endswith("empty.txt") for e in errors] == [True]
    assert len(list(out.glob("*/report.html"))) == 1
    assert "empty.txt" in (out / "index.md").read_text()


def test_run_refuses_to_clobber_a_folder(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["run", str(SEEDS), "-o", str(out), "-j", "1"])
    assert result.exit_code == 3
    assert "not empty" in result.output and "--overwrite" in result.output
    assert (out / "notes.txt").read_text() == "mine"


def test_run_without_inputs_is_a_usage_error() -> None:
    result = runner.invoke(app, ["run", "-o", "x"])
    assert result.exit_code == 2


def test_committed_reports_are_up_to_date(seed_run) -> None:
    """reports/ must be what the README's main command makes from seeds/ with this code."""
    _, out = seed_run
    committed = REPO / "reports"
    fresh = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and ".state" not in p.parts)
    have = sorted(p.relative_to(committed) for p in committed.rglob("*")
                  if p.is_file() and ".state" not in p.parts and p.suffix != ".png")  # README screenshot
    assert fresh == have, "reports/ is stale: run the README's main command and commit reports/"
    stale = [str(p) for p in fresh if p.suffix in (".md", ".html", ".csv", ".json", ".jsonl", ".svg")
             and (out / p).read_bytes() != (committed / p).read_bytes()]
    assert stale == [], f"reports/ is stale ({', '.join(stale)}): rerun the README's main command"


def test_tables_option_writes_only_the_formats_asked_for(tmp_path) -> None:
    """--tables parquet skips the CSV copies; the other files are those of the default run."""
    default, parquet_only = tmp_path / "default", tmp_path / "parquet"
    page = str(SEEDS / "004_7fdc06c34d09003f.txt")
    assert runner.invoke(app, ["run", page, "-o", str(default), "-j", "1", "-q"]).exit_code == 0
    result = runner.invoke(app, ["run", page, "-o", str(parquet_only), "-j", "1", "-q", "--tables", "parquet"])
    assert result.exit_code == 0, result.output
    files = {str(p.relative_to(default)) for p in default.rglob("*") if p.is_file() and ".state" not in p.parts}
    kept = {str(p.relative_to(parquet_only)) for p in parquet_only.rglob("*")
            if p.is_file() and ".state" not in p.parts}
    assert kept == {f for f in files if not f.endswith(".csv")} and any(f.endswith(".csv") for f in files)
    for name in kept:
        assert (parquet_only / name).read_bytes() == (default / name).read_bytes(), name
    bad = runner.invoke(app, ["run", page, "-o", str(tmp_path / "x"), "--tables", "csv"])
    assert bad.exit_code != 0 and "parquet must be one of the formats" in bad.output
