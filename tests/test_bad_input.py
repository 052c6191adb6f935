"""Hostile and broken inputs in one corpus run: every good page is processed, every bad one is
reported in one line naming the file (and the line where it makes sense), nothing crashes."""

from __future__ import annotations

import gzip
import json
import time

import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.parse import parse_file
from tests.conftest import SEEDS

runner = CliRunner()
PAGE = (SEEDS / "004_7fdc06c34d09003f.txt").read_text(encoding="utf-8")
HTML = ("<html><head><title>Café prices</title></head><body><article><h1>Café prices</h1>"
        + "".join(f"<p>The café owner said prices rose again this year, number {i}, and nobody was surprised.</p>"
                  for i in range(6))
        + "</article></body></html>")


def bad_corpus(folder) -> dict[str, str]:
    """File name -> what must happen: 'parse' (a correct thread), 'error', or 'either' of them."""
    folder.mkdir()
    files = {
        "empty.txt": (b"", "error"),
        "binary.html": (bytes(range(256)) * 64, "error"),
        "nul-bytes.txt": (PAGE.encode().replace(b"Canada", b"Can\x00ada"), "parse"),
        "cp1252.html": (HTML.encode("cp1252"), "parse"),
        "latin1.txt": (PAGE.replace("’", "'").replace("“", '"').replace("”", '"').replace("…", "...")
                       .replace("On March 22nd,", "On March 22nd, at a café,").encode("latin-1"), "parse"),
        "utf16.html": (b"\xff\xfe" + HTML.encode("utf-16-le"), "parse"),
        "mixed.txt": (PAGE.replace("On March 22nd,", "On March 22nd, at a CAFE,").encode("utf-8")
                      .replace(b"CAFE", "café".encode("cp1252")), "parse"),
        "truncated.html.gz": (gzip.compress(HTML.encode())[:-20], "error"),
        "no-body.html": (b"<html><head><title>Only a head</title></head></html>", "error"),
        "one-line.txt": (("word " * 1_000_000).encode(), "either"),
        "nested.html": (("<div>" * 10_000 + "deep text here " * 20 + "</div>" * 10_000).encode(), "either"),
        "broken.jsonl": (b'{"thread_id": "t1", "article": {"text": "An article."}, "comments": []}\n'
                         b'{"thread_id": "t2", "article": \n', "error"),
        "missing-columns.csv": (b"thread_id,author\nt1,Ann\n", "error"),
        "good.txt": (PAGE.encode(), "parse"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: outcome for name, (_, outcome) in files.items()}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("bad")
    expected = bad_corpus(base / "pages")
    out = base / "out"
    start = time.perf_counter()
    result = runner.invoke(app, ["run", str(base / "pages"), "-o", str(out), "-j", "1"])
    return expected, out, result, time.perf_counter() - start


def test_run_processes_the_good_and_lists_the_bad(bad_run) -> None:
    expected, out, result, seconds = bad_run
    assert result.exit_code == 1, result.output  # some inputs failed: documented exit code 1
    assert "Traceback" not in result.output
    errors = {json.loads(line)["source"].rsplit("/", 1)[-1]: json.loads(line)
              for line in (out / "errors.jsonl").read_text().splitlines()}
    assert {n for n, o in expected.items() if o == "error"} <= set(errors)
    assert set(errors) <= {n for n, o in expected.items() if o in ("error", "either")}
    for name, error in errors.items():
        message = error["error"]
        assert "\n" not in message and name in message, message
        assert "internal error" not in message, message
    sources = {json.loads(p.read_text())["source"].rsplit("/", 1)[-1] for p in out.glob("*/summary.json")}
    assert {n for n, o in expected.items() if o == "parse"} <= sources
    assert sources | set(errors) == set(expected), "every input is either parsed or reported"
    assert not sources & set(errors)
    index = (out / "index.md").read_text()
    assert all(name in index for name in errors)
    assert seconds < 240


def test_error_messages_say_where(bad_run) -> None:
    _, out, _, _ = bad_run
    errors = {json.loads(line)["source"].rsplit("/", 1)[-1]: json.loads(line)["error"]
              for line in (out / "errors.jsonl").read_text().splitlines()}
    assert "broken.jsonl:2" in errors["broken.jsonl"]
    assert "text" in errors["missing-columns.csv"] or "column" in errors["missing-columns.csv"]
    assert "empty" in errors["empty.txt"]


@pytest.mark.parametrize("name", ["cp1252.html", "utf16.html", "latin1.txt", "mixed.txt"])
def test_encodings_decode_to_the_right_text(bad_run, name) -> None:
    _, out, _, _ = bad_run
    threads = [json.loads(p.read_text()) for p in out.glob("*/thread.json")]
    thread = next(t for t in threads if t["source"].endswith(name))
    text = json.dumps(thread, ensure_ascii=False)
    assert "Café" in text or "café" in text
    assert "\ufffd" not in thread["article"]["text"]


def test_ten_megabyte_page_parses_in_bounded_time(tmp_path) -> None:
    page = tmp_path / "big.html"
    page.write_bytes(HTML.replace("</article>", "<p>More text about prices. </p>" * 330_000 + "</article>").encode())
    assert page.stat().st_size > 10_000_000
    start = time.perf_counter()
    threads = parse_file(page)
    assert time.perf_counter() - start < 10 and threads[0].article.text


def test_a_run_where_every_input_fails_exits_4(tmp_path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["run", str(pages), "-o", str(tmp_path / "out"), "-j", "1", "-q"])
    assert result.exit_code == 4  # every input failed
    assert "empty.txt" in result.output and "Traceback" not in result.output
