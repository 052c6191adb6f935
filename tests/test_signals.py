"""Issue #19 items 11 and 12 with a real FIFO and a real signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.make_corpus import write_corpus
from tests.conftest import REPO, SEEDS

RUN = [sys.executable, "-m", "discourse", "run"]


def test_a_fifo_in_an_input_folder_is_skipped_with_a_warning(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "page.txt").write_bytes((SEEDS / "004_7fdc06c34d09003f.txt").read_bytes())
    os.mkfifo(pages / "stuck.txt")  # nobody ever writes to it: opening it would block forever
    result = subprocess.run([*RUN, str(pages), "-o", str(tmp_path / "out"), "-j", "1"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "stuck.txt: not a regular file" in result.stderr and "1 threads from 1 inputs" in result.stderr


def test_a_pipe_given_on_the_command_line_is_read_once(tmp_path: Path) -> None:
    page = SEEDS / "004_7fdc06c34d09003f.txt"
    script = f'{sys.executable} -m discourse run <(cat "{page}") -o "{tmp_path / "out"}" -j 1'
    result = subprocess.run(["bash", "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "1 threads from 1 inputs (0 failed" in result.stderr
    assert len(list((tmp_path / "out").glob("*/report.md"))) == 1


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_sigterm_stops_the_worker_processes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus, 40, 6, form="txt", seed=5)
    out = tmp_path / "out"
    proc = subprocess.Popen([*RUN, str(corpus), "-o", str(out), "-j", "2", "-q"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not list(out.glob("page*")) and time.monotonic() < deadline:  # the workers are writing
            time.sleep(0.2)
        workers = _children(proc.pid)
        assert workers, "no worker processes seen"
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == 130, proc.stderr.read()
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in workers if _alive(p)], "worker processes outlived the run"
    written = len(list(out.glob("page*")))
    time.sleep(2)
    assert len(list(out.glob("page*"))) == written < 40  # nothing is written after the run ended
