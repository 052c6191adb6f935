"""Issue #19 item 13: every bad input or environment gives one line and the README's exit code."""

from __future__ import annotations

import fcntl
import os
import pathlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.cli._common import ExitCode
from discourse.runner import RunOptions, run_corpus

GOOD = (
    "thread_id,comment_id,author,text,reply_to,article_text\n"
    "t1,a,Ann,The gas price will never be agreed.,,Russia and China signed a gas deal.\n"
    "t1,b,Bob,Nonsense: the deal is done.,a,\n"
)


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("errors")
    (root / "good.csv").write_text(GOOD)
    (root / "ragged.csv").write_text("thread_id,comment_id,text\nt1,a,hello,extra,fields\n")
    (root / "a-file").write_text("not a folder")
    # the page parser's flat CSV layout (an ``article`` column) with a row longer than the header
    (root / "ragged-page.csv").write_text("title,article,text\nT,An article.,hello\nT,,more,x,y\n")
    pages = root / "pages"
    (pages / "locked").mkdir(parents=True)
    (pages / "good.csv").write_text(GOOD)
    (pages / "locked" / "more.csv").write_text(GOOD)
    run_corpus([str(root / "good.csv")], RunOptions(output_dir=str(root / "run"), jobs=1))
    busy = root / "busy" / ".state"
    busy.mkdir(parents=True)
    return root


def _unreadable(monkeypatch, name: str) -> None:
    """As root a chmod 000 folder stays readable: make the OS calls fail the way they do for a user."""
    real_scandir, real_is_file = os.scandir, pathlib.Path.is_file

    def scandir(path="."):
        if name in os.fspath(path).split(os.sep):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def is_file(self):
        if name in self.parts[:-1]:
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_file(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(pathlib.Path, "is_file", is_file)


# (case, arguments with {root} for the fixture folder, expected exit code)
CASES = [
    ("unreadable subfolder", ["run", "{root}/pages", "-o", "{root}/o1", "-j", "1"], ExitCode.OK),
    ("unwritable -o", ["run", "{root}/good.csv", "-o", "/proc/discourse-no-such-out"], ExitCode.ERROR),
    ("-o under a file", ["run", "{root}/good.csv", "-o", "{root}/a-file/out"], ExitCode.ERROR),
    ("output folder not empty", ["run", "{root}/good.csv", "-o", "{root}/run"], ExitCode.ERROR),
    ("bad dask scheduler", ["run", "{root}/good.csv", "-o", "{root}/o2", "--backend", "dask",
                            "--scheduler", "tcp://127.0.0.1:1"], ExitCode.ERROR),
    ("malformed --columns", ["run", "{root}/good.csv", "-o", "{root}/o3", "--columns", "text"], ExitCode.USAGE),
    ("unknown --columns name", ["run", "{root}/good.csv", "-o", "{root}/o3", "--columns", "body=x"], ExitCode.USAGE),
    ("unknown --input-format", ["run", "{root}/good.csv", "-o", "{root}/o4", "--input-format", "bogus"],
     ExitCode.USAGE),
    ("parse: unknown --input-format", ["parse", "{root}/good.csv", "--input-format", "bogus"], ExitCode.USAGE),
    ("unknown --export", ["run", "{root}/good.csv", "-o", "{root}/o5", "--export", "xls"], ExitCode.USAGE),
    ("glob matching nothing", ["run", "{root}/nothing*.csv", "-o", "{root}/o6", "-j", "1"], ExitCode.ALL_FAILED),
    ("ragged CSV row", ["run", "{root}/ragged.csv", "-o", "{root}/o7", "-j", "1"], ExitCode.ALL_FAILED),
    ("ragged page CSV row", ["run", "{root}/ragged-page.csv", "-o", "{root}/o10", "-j", "1"], ExitCode.ALL_FAILED),
    ("parse: ragged page CSV row", ["parse", "{root}/ragged-page.csv"], ExitCode.ALL_FAILED),
    ("second run into a busy folder", ["run", "{root}/good.csv", "-o", "{root}/busy", "--overwrite"],
     ExitCode.ERROR),
    ("export gexf into a missing folder", ["export", "{root}/run", "--to", "gexf", "-o", "{root}/new/r.gexf"],
     ExitCode.OK),
    ("export gexf under a file", ["export", "{root}/run", "--to", "gexf", "-o", "{root}/a-file/r.gexf"],
     ExitCode.ERROR),
    ("export into its own run", ["export", "{root}/run", "--to", "csv", "-o", "{root}/run", "--overwrite"],
     ExitCode.ERROR),
    ("export of a folder that is no run", ["export", "{root}/pages", "--to", "csv", "-o", "{root}/o8"],
     ExitCode.ERROR),
    ("parse -o under a file", ["parse", "{root}/good.csv", "-o", "{root}/a-file/t.jsonl"], ExitCode.ERROR),
]


def test_every_bad_input_is_one_line_with_the_documented_exit_code(place: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_DASK_TIMEOUT", "1")
    busy = open(place / "busy" / ".state" / "lock", "a+b")  # noqa: SIM115 -- another run holds the lock
    fcntl.flock(busy.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    failures = []
    try:
        for case, args, code in CASES:
            with monkeypatch.context() as patch:
                if case == "unreadable subfolder":
                    _unreadable(patch, "locked")
                result = CliRunner().invoke(app, [a.format(root=place) for a in args])
            crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
            lines = result.output.splitlines()
            errors = [line for line in lines if line.startswith("discourse: error:")]
            named = [line for line in lines if line.startswith("discourse: ") and str(place) in line]  # by name
            one_line = len(errors) == 1 if code in (ExitCode.USAGE, ExitCode.ERROR) else (
                code != ExitCode.ALL_FAILED or len(named) == 1)
            if crashed or "Traceback" in result.output or result.exit_code != code or not one_line:
                failures.append(f"{case}: exit {result.exit_code} (want {int(code)}), "
                                f"{type(result.exception).__name__ if crashed else ''} {result.output[-300:]!r}")
    finally:
        busy.close()
    assert not failures, "\n".join(failures)


def test_jobs_is_capped_at_the_cores(place: Path, monkeypatch) -> None:
    seen = {}

    def fake(sources, options, progress=None):
        seen["jobs"] = options.jobs
        raise KeyboardInterrupt

    monkeypatch.setattr("discourse.runner.run_corpus", fake)
    result = CliRunner().invoke(app, ["run", str(place / "good.csv"), "-o", str(place / "o9"), "--jobs", "10000"])
    assert result.exit_code == ExitCode.INTERRUPTED and seen["jobs"] == (os.cpu_count() or 1)
