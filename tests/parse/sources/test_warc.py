"""WARC archives: their HTML responses go to the page parser."""

from __future__ import annotations

import pytest

from discourse.errors import InputError
from discourse.model import Thread
from discourse.parse import read_import
from tests.parse.sources.fixtures import detect, stand_in_parser, write_warc


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_pages(tmp_path, gz) -> None:
    pytest.importorskip("warcio")
    path = write_warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), gz=gz)
    assert detect(path) == "warc"
    seen = []

    def parse_html(source: str, data: bytes) -> Thread:
        seen.append(source)
        return stand_in_parser(source, data)

    threads = read_import(path, "warc", parse_html=parse_html)
    assert seen == ["https://a.example/story", "https://b.example/post", "https://c.example/broken"]
    assert [t.article.text for t in threads] == ["Story A", "Story B"]  # gzip content-encoding undone
    assert [t.captured_at for t in threads] == ["2024-01-02T03:04:05+00:00", "2024-02-03T04:05:06+00:00"]
    assert threads[0].source == f"{path}#https://a.example/story" and threads[0].input_format == "warc"
    assert [t.thread_id for t in threads] == ["page-7", "page-7-2"]  # same id: made unique


def test_warc_passes_capture_time_when_the_parser_takes_it(tmp_path) -> None:
    pytest.importorskip("warcio")
    path = write_warc(tmp_path / "a.warc", gz=False)
    got = []

    def parse_html(source: str, data: bytes, *, captured_at: str | None = None) -> Thread:
        got.append(captured_at)
        return stand_in_parser(source, data)

    read_import(path, "warc", parse_html=parse_html, captured_at="2020-01-01T00:00:00")
    assert got == ["2024-01-02T03:04:05+00:00", "2024-02-03T04:05:06+00:00", got[2]]


def test_broken_warc(tmp_path) -> None:
    pytest.importorskip("warcio")
    path = tmp_path / "x.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    with pytest.raises(InputError) as err:
        read_import(path, "warc", parse_html=stand_in_parser)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_default_html_parser_gets_the_capture_time(tmp_path) -> None:
    pytest.importorskip("warcio")
    path = write_warc(tmp_path / "a.warc.gz", gz=True)
    threads = read_import(path, "warc")  # discourse.parse.parse_page: extraction quality is tested elsewhere
    assert [t.source.split("#", 1)[1] for t in threads][:2] == ["https://a.example/story", "https://b.example/post"]
    assert threads[0].captured_at == "2024-01-02T03:04:05+00:00" and threads[0].input_format == "warc"
