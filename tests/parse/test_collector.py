"""A page parse pauses the cyclic garbage collector, restores it, and leaves no cyclic garbage."""

from __future__ import annotations

import gc

import pytest

from discourse.errors import ParseError
from discourse.parse import parse_page

HTML = (
    b"<html><head><title>Council votes</title></head><body><nav><a href='/'>Home</a></nav>"
    b"<div class='entry-content'>" + b"<p>The council voted on the budget plan after a long debate.</p>" * 8 + b"</div>"
    b"<ol class='commentlist'>"
    + b"".join(
        b"<li class='comment' id='comment-%d'><div class='comment-author'>Reader%d says:</div>"
        b"<div class='comment-meta'>May %d, 2012 at 10:0%d am</div><p>I think the plan is wrong.</p></li>"
        % (i, i, i + 1, i)
        for i in range(5)
    )
    + b"</ol></body></html>"
)
TEXT = b"Council votes\n\nThe council voted on the budget plan.\n\nAnna says:\nMay 1, 2012 at 10:01 am\nI agree.\n"


@pytest.mark.parametrize("was_enabled", [True, False])
def test_the_collector_state_is_restored(was_enabled):
    (gc.enable if was_enabled else gc.disable)()
    try:
        parse_page("page.html", data=HTML)
        assert gc.isenabled() is was_enabled
        with pytest.raises(ParseError):  # an HTML page without a body
            parse_page("empty.html", data=b"<html><head><title>x</title></head></html>")
        assert gc.isenabled() is was_enabled
    finally:
        gc.enable()


def test_parsing_makes_no_cyclic_garbage():
    parse_page("warm.html", data=HTML)  # models and caches loaded outside the measurement
    gc.collect()
    gc.disable()
    try:
        thread = parse_page("page.html", data=HTML)
        parse_page("page.txt", data=TEXT)
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert len(thread.comments) == 5
    assert unreachable == 0
