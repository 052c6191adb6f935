"""Corpus runs: resume, interruption (SIGKILL) safety, and the Dask backend."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.make_corpus import write_corpus
from discourse.runner import RunOptions, iter_inputs, run_corpus
from tests.conftest import REPO

THREAD_FILES = ("report.html", "report.md", "summary.json", "thread.json", "data/comments.parquet",
                "data/sentences.csv", "charts/sentiment.svg")


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file except run bookkeeping, by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".state" not in p.parts
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 6, 6, form="txt", seed=3)
    return folder


@pytest.fixture(scope="module")
def clean_run(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "out"
    summary = run_corpus([str(corpus)], RunOptions(output_dir=str(out), jobs=1))
    assert summary.failed == 0 and summary.threads == 6
    return out


def test_iter_inputs_expands_folders_globs_and_stdin(corpus) -> None:
    files = list(iter_inputs([str(corpus)]))
    assert len(files) == 6 and files == sorted(files)
    assert list(iter_inputs([str(corpus / "page00000*.txt")])) == files
    assert list(iter_inputs(["-"], stdin=[files[0] + "\n", "\n", files[1]])) == files[:2]
    assert list(iter_inputs(["missing.txt"])) == ["missing.txt"]


def test_resume_skips_finished_inputs_and_matches(corpus, clean_run, tmp_path) -> None:
    out = tmp_path / "out"
    options = RunOptions(output_dir=str(out), jobs=1)
    run_corpus([str(corpus / "page000000.txt"), str(corpus / "page000001.txt")], options)
    summary = run_corpus([str(corpus)], RunOptions(output_dir=str(out), jobs=1, resume=True))
    assert summary.skipped == 2 and summary.threads == 6
    assert outputs(out) == outputs(clean_run)


def test_resume_redoes_a_changed_input(corpus, tmp_path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    page = pages / "p.txt"
    page.write_text((corpus / "page000000.txt").read_text())
    out = tmp_path / "out"
    run_corpus([str(pages)], RunOptions(output_dir=str(out), jobs=1))
    page.write_text((corpus / "page000001.txt").read_text())
    summary = run_corpus([str(pages)], RunOptions(output_dir=str(out), jobs=1, resume=True))
    assert summary.skipped == 0


def test_resume_redoes_a_folder_whose_files_did_not_reach_the_disk(corpus, clean_run, tmp_path) -> None:
    """Files in a thread folder get no fsync of their own (one per folder): after a power cut a
    folder can exist with an empty or short file. --resume must redo it, not trust it."""
    out = tmp_path / "out"
    run_corpus([str(corpus)], RunOptions(output_dir=str(out), jobs=1))
    folders = sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    (folders[0] / "data" / "sentences.parquet").write_bytes(b"")  # as a lost write leaves it
    sentences = folders[1] / "data" / "sentences.csv"
    sentences.write_bytes(b"\0" * sentences.stat().st_size)  # same size, zero-filled blocks
    summary = run_corpus([str(corpus)], RunOptions(output_dir=str(out), jobs=1, resume=True))
    assert summary.skipped == 4 and summary.threads == 6
    assert outputs(out) == outputs(clean_run)


def test_two_jobs_give_the_same_outputs(corpus, clean_run, tmp_path) -> None:
    out = tmp_path / "out"
    run_corpus([str(corpus)], RunOptions(output_dir=str(out), jobs=2))
    assert outputs(out) == outputs(clean_run)


def test_sigkill_leaves_complete_threads_and_resume_finishes(corpus, clean_run, tmp_path) -> None:
    """Kill a run at random points; every thread folder is complete or absent; --resume ends identical."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "discourse", "run", str(corpus), "-o", str(out), "-j", "1", "-q"]
    rng = random.Random(7)
    for attempt in range(3):
        proc = subprocess.Popen([*command, "--resume"] if attempt else command, cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if out.exists():
            for folder in out.iterdir():
                if folder.is_dir() and not folder.name.startswith("."):
                    missing = [f for f in THREAD_FILES if not (folder / f).is_file()]
                    assert missing == [], f"{folder.name} is incomplete after SIGKILL: {missing}"
    result = subprocess.run([*command, "--resume"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert not list(out.glob(".tmp-*")) and not list(out.glob(".old-*"))
    assert outputs(out) == outputs(clean_run)


def test_dask_local_cluster_gives_the_same_outputs(corpus, clean_run, tmp_path) -> None:
    pytest.importorskip("dask.distributed", reason="dask.distributed not installed (pip install '.[dask]')")
    out = tmp_path / "out"
    summary = run_corpus([str(corpus)], RunOptions(output_dir=str(out), jobs=2, backend="dask"))
    assert summary.threads == 6 and summary.failed == 0
    assert outputs(out) == outputs(clean_run)


def test_pseudonymized_run_leaks_no_names(corpus, tmp_path) -> None:
    from bench.make_corpus import NAMES

    out = tmp_path / "out"
    run_corpus([str(corpus / "page000000.txt")], RunOptions(output_dir=str(out), jobs=1, pseudonymize=True))
    first = outputs(out)
    text = b"".join(first.values()).decode("utf-8", "ignore")
    leaked = [n for n in NAMES if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]
    assert leaked == [], leaked
    assert "commenter-" in text
    salt = (out / ".state" / "salt").read_text().strip()
    assert salt not in text and "salt fingerprint" in (out / "index.md").read_text()
    # The folder keeps its salt: a second run into it gives the same pseudonyms.
    run_corpus([str(corpus / "page000000.txt")],
               RunOptions(output_dir=str(out), jobs=1, pseudonymize=True, overwrite=True))
    assert outputs(out) == first


def test_dask_batches_keep_every_input_and_its_index() -> None:
    from discourse.runner import _batches

    assert list(_batches(iter("abcde"), 2)) == [[(0, "a"), (1, "b")], [(2, "c"), (3, "d")], [(4, "e")]]
    assert list(_batches([], 4)) == []
