from __future__ import annotations

import pytest

from discourse.model import Article, Comment, Thread
from discourse.parse.audit import audit_completeness, find_capture_time, flag_timestamps


@pytest.mark.parametrize(
    ("blocks", "present", "declared", "coverage"),
    [
        (["12 Comments", "Load more comments"], 5, 12, "partial"),
        (["Comments (12)"], 12, 12, "complete"),
        (["47 Responses to “A Russia-China Alliance Brewing?”"], 3, 47, "partial"),
        (["View all 1,204 comments"], 0, 1204, "comments_not_captured"),
        (["Please enable JavaScript to view the comments powered by Disqus."], 0, None, "comments_not_captured"),
        (["« Older Comments"], 20, None, "partial"),
        # No count and no marked comment list: nothing says whether every comment was saved.
        (["Share your thoughts", "Your Name"], 4, None, "unknown"),
        (["Keep reading for free!"], 0, None, "unknown"),
        (["Our readers left 12 comments on this story last year, read them all."], 2, None, "unknown"),
        (["View comments (27)"], 10, 27, "partial"),
        (["35 Comments"], 36, 35, "complete"),
    ],
)
def test_audit(blocks, present, declared, coverage) -> None:
    audit = audit_completeness(blocks, present)
    assert (audit.declared_comments, audit.coverage) == (declared, coverage)


def test_audit_words() -> None:
    assert audit_completeness(["12 Comments", "Load more comments"], 5).note.startswith("5 of 12 comments captured")
    assert audit_completeness([], 4).note.startswith("4 comments captured; the page states no total")
    note = audit_completeness(["Keep reading"], 0).note
    assert "no comments were captured" in note


def test_declared_27_shown_10() -> None:
    audit = audit_completeness(["View comments (27)"], 10)
    assert audit.coverage == "partial" and audit.note.startswith("10 of 27 comments captured")


def test_more_captured_than_declared_never_reads_n_plus_one_of_n() -> None:
    for present, declared in ((3, 2), (36, 35)):
        note = audit_completeness([f"{declared} Comments"], present).note
        assert f"{present} of {declared}" not in note and f"declares {declared}" in note


def test_complete_needs_evidence() -> None:
    # A comment list the markup declares, with no "load more" control, is complete...
    assert audit_completeness([], 4, closed_list=True).coverage == "complete"
    # ...but not when a control says more comments were not saved.
    assert audit_completeness(["Load more comments"], 4, closed_list=True).coverage == "partial"
    # Comments found only by their look, with no count: unknown.
    assert audit_completeness([], 4).coverage == "unknown"


def test_no_comment_section() -> None:
    audit = audit_completeness(["An article.", "Share on Twitter"], 0)
    assert audit.coverage == "unknown" and audit.note.startswith("No comment section was found")


def test_more_comments_than_the_parser_reads() -> None:
    audit = audit_completeness([], 3000, closed_list=True, on_page=15000)
    assert audit.coverage == "partial" and audit.note.startswith("3000 of 15000 comments read")


def test_comment_headers_inside_the_article_are_reported() -> None:
    audit = audit_completeness(["2 Comments"], 0, article_headers=3)
    assert "3 lines of the article text look like comment headers" in audit.note
    assert "look like comment headers" not in audit_completeness(["2 Comments"], 0, article_headers=1).note


def test_disqus_placeholder_in_markup() -> None:
    audit = audit_completeness(["Comments"], 0, markup='<div id="disqus_thread"></div>')
    assert audit.coverage == "comments_not_captured" and audit.placeholder


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<!-- Page saved with SingleFile \n url: https://x.y/ \n saved date: Wed Aug 28 2013 10:00:00 GMT+0200 "
         "(Central European Summer Time) -->", "2013-08-28T08:00"),
        ('<meta name="capture-date" content="2013-08-28 10:00">', "2013-08-28T10:00"),
        ("From: <Saved by Blink>\nSnapshot-Content-Location: https://x\nSubject: t\nDate: Wed, 28 Aug 2013 10:00:00 "
         "-0000\nMIME-Version: 1.0", "2013-08-28T10:00"),
        ("An article written on 28 Aug 2013 10:00 about nothing", None),
    ],
)
def test_find_capture_time(page: str, expected: str | None) -> None:
    assert find_capture_time(page) == expected


def test_flag_timestamps() -> None:
    thread = Thread("t", "s", article=Article(text="x", published="2013-08-20T00:00"), captured_at="2013-08-28T10:00",
                    comments=[Comment("c1", "a", timestamp="2013-08-29T00:00"),
                              Comment("c2", "b", timestamp="2013-08-01T00:00"),
                              Comment("c3", "c", timestamp="2013-08-25T00:00"), Comment("c4", "d")])
    assert flag_timestamps(thread) == 2
    assert [c.timestamp_flag for c in thread.comments] == ["after_capture", "before_article", None, None]
