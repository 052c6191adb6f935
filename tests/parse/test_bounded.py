"""Every parse finishes in bounded time with a result or a clear one-line error."""

from __future__ import annotations

import gzip
import random
import time

import pytest

from discourse.errors import InputError
from discourse.parse import parse_page

LIMIT_S = 2.0


def _timed(path):
    t = time.perf_counter()
    try:
        result = parse_page(path)
    except InputError as exc:
        result = exc
    return result, time.perf_counter() - t


def _comment_page(n_comments: int, para: str) -> str:
    parts = ["<html><head><title>Big page</title></head><body><h1>Big page</h1><div class='entry-content'>"]
    parts += [f"<p>{para} {i}</p>" for i in range(200)]
    parts.append("</div><ol class='commentlist'>")
    parts += [
        f"<li class='comment' id='comment-{i}'><div class='comment-author'>User{i} says:</div>"
        f"<div class='comment-meta'>August 28, 2013 at 01:53</div><p>{para} reply {i}</p></li>"
        for i in range(n_comments)
    ]
    parts.append("</ol></body></html>")
    return "".join(parts)


def test_five_megabyte_html(tmp_path):
    para = "The minister said the plan would cut costs and raise revenue for schools across the region. " * 3
    html = _comment_page(15000, para)
    while len(html) < 5_000_000:
        html = html.replace("</ol>", "</ol>" + f"<p>{para}</p>" * 200, 1)
    path = tmp_path / "big.html"
    path.write_text(html, encoding="utf-8")
    assert path.stat().st_size >= 5_000_000
    result, secs = _timed(path)
    assert secs < LIMIT_S, secs
    assert not isinstance(result, Exception)
    assert len(result.comments) > 0


def test_five_megabyte_text_dump(tmp_path):
    block = "A paragraph of ordinary article text, with a few sentences. It goes on for a while.\n\n"
    path = tmp_path / "big.txt"
    path.write_text(block * (5_000_000 // len(block) + 1), encoding="utf-8")
    result, secs = _timed(path)
    assert secs < LIMIT_S, secs
    assert not isinstance(result, Exception)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_one_megabyte_line(tmp_path, suffix):
    words = ["alpha", "beta", "gamma", "delta,", "epsilon.", "zeta"]
    rng = random.Random(0)
    line = " ".join(rng.choice(words) for _ in range(180_000))[:1_000_000]
    path = tmp_path / f"line{suffix}"
    path.write_text(line if suffix == ".txt" else f"<html><body><p>{line}</p></body></html>", encoding="utf-8")
    result, secs = _timed(path)
    assert secs < LIMIT_S, secs
    assert not isinstance(result, Exception)


def test_deeply_nested_html(tmp_path):
    depth = 10_000
    html = "<html><body>" + "<div>" * depth + "<p>deep text here. " * 3 + "</div>" * depth + "</body></html>"
    path = tmp_path / "nested.html"
    path.write_text(html, encoding="utf-8")
    result, secs = _timed(path)
    assert secs < LIMIT_S, secs
    assert not isinstance(result, Exception) or "nested.html" in str(result)


@pytest.mark.parametrize("name", ["junk.txt", "junk.html", "junk.bin"])
def test_binary_junk(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(random.Random(1).randbytes(300_000))
    result, secs = _timed(path)
    assert secs < LIMIT_S, secs
    assert isinstance(result, InputError)
    assert name in str(result) and "\n" not in str(result)


def test_gzip_bomb_and_broken_gzip(tmp_path):
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    result, secs = _timed(broken)
    assert isinstance(result, InputError) and "broken.html.gz" in str(result)
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 80_000_000, compresslevel=9))
    result, secs = _timed(bomb)
    assert secs < LIMIT_S * 2, secs
    assert isinstance(result, InputError) and "bomb.html.gz" in str(result)


@pytest.mark.parametrize("content", [b"", b"   \n\n  \t", b"<html><body></body></html>"])
def test_empty_files(tmp_path, content):
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    result, secs = _timed(path)
    assert secs < LIMIT_S
    if isinstance(result, Exception):
        assert "empty.html" in str(result)
    else:
        assert result.article.text == "" and result.comments == []


def test_missing_file(tmp_path):
    result, _ = _timed(tmp_path / "nope.txt")
    assert isinstance(result, InputError) and "nope.txt" in str(result) and "no such file" in str(result)
