"""Threads people can trust: completeness, reply-link repair, time anchored to the capture."""

from __future__ import annotations

import html

from discourse.parse import parse_page

ARTICLE = "".join(
    f"<p>{html.escape(s)}</p>"
    for s in [
        "Russia and China signed a gas pipeline deal this week after years of talks between the two governments.",
        "The price of the gas is still disputed, and observers expect the negotiations to drag on into next year.",
        "Arms sales between the two countries are growing, but Moscow fears for the security of its technology.",
        "Analysts say the relationship will remain close at the diplomatic level for the foreseeable future.",
    ]
)
COMMENT_TEXTS = [
    "The gas price will never be agreed, Russia wants the same prices it gets in Europe.",
    "China will take over as number one within ten years, mark my words on this.",
    "Why would Moscow sell its best weapons to Beijing when it fears for its security?",
    "I agree with the article, the pipeline deal is a real step forward for both sides.",
    "Nonsense, this alliance is built on sand and will fall apart at the first crisis.",
]


def wordpress_page(n: int, *, declared: int | None, load_more: bool, when: str = "August 28, 2013 at 01:53",
                   head: str = "") -> str:
    items = "".join(
        f'<li class="comment" id="comment-{i + 1}"><article class="comment-body"><footer class="comment-meta">'
        f'<div class="comment-author vcard"><b class="fn">Reader {i + 1}</b> <span class="says">says:</span></div>'
        f'<div class="comment-metadata"><time>{when}</time></div></footer>'
        f'<div class="comment-content"><p>{html.escape(COMMENT_TEXTS[i % len(COMMENT_TEXTS)])}</p></div>'
        f'<div class="reply"><a class="comment-reply-link" href="#respond">Reply</a></div></article></li>'
        for i in range(n)
    )
    title = f'<h2 class="comments-title">{declared} Comments</h2>' if declared is not None else ""
    more = '<p class="load-more"><a href="?page=2">Load more comments</a></p>' if load_more else ""
    return (
        f"<html><head><title>Pipelines</title>{head}</head><body>"
        "<article class='post'><h1 class='entry-title'>Pipelines and prices</h1>"
        f"<div class='entry-content'>{ARTICLE}</div></article>"
        f"<div id='comments' class='comments-area'>{title}<ol class='comment-list'>{items}</ol>{more}"
        "<div id='respond'><h3>Leave a Reply</h3></div></div></body></html>"
    )


def test_declared_twelve_with_five_and_load_more_is_partial(tmp_path) -> None:
    page = tmp_path / "wp.html"
    page.write_text(wordpress_page(5, declared=12, load_more=True))
    thread = parse_page(page)
    assert len(thread.present_comments) == 5
    assert (thread.declared_comments, thread.coverage) == (12, "partial")
    assert thread.coverage_note.startswith("5 of 12 comments captured")
    assert "Load more comments" in thread.coverage_note


def test_all_declared_comments_present_is_complete(tmp_path) -> None:
    page = tmp_path / "wp.html"
    page.write_text(wordpress_page(5, declared=5, load_more=False))
    thread = parse_page(page)
    assert (thread.declared_comments, thread.coverage, len(thread.present_comments)) == (5, "complete", 5)


def test_disqus_placeholder_without_comments(tmp_path) -> None:
    page = tmp_path / "disqus.html"
    page.write_text(
        "<html><body><article><h1>Pipelines and prices</h1>" + ARTICLE + "</article>"
        '<div id="disqus_thread"></div><noscript>Please enable JavaScript to view the '
        '<a href="https://disqus.com/?ref_noscript">comments powered by Disqus.</a></noscript></body></html>'
    )
    thread = parse_page(page)
    assert thread.present_comments == []
    assert thread.coverage == "comments_not_captured"


def test_bad_reply_links_are_repaired_and_counted(tmp_path) -> None:
    table = tmp_path / "comments.csv"
    table.write_text(
        "thread_id,comment_id,author,text,reply_to,article_text\n"
        "t1,a,Ann,First,a,The article text.\n"
        "t1,b,Bob,Second,zz,\n"
        "t1,c,Cy,Third,b,\n"
    )
    thread = parse_page(table)
    assert {c.id: c.reply_to for c in thread.comments} == {"a": None, "b": None, "c": "b"}
    assert thread.dropped_links == 2
    assert [c.reply_source for c in thread.comments] == ["none", "none", "markup"]


def test_relative_time_resolves_against_the_capture_time(tmp_path) -> None:
    saved = ("<!-- Page saved with SingleFile \n url: https://example.org/pipelines \n saved date: "
             "Wed Aug 28 2013 10:00:00 GMT+0000 (Coordinated Universal Time) -->")
    page = tmp_path / "saved.html"
    page.write_text(saved + wordpress_page(2, declared=2, load_more=False, when="3 hours ago"))
    thread = parse_page(page)
    assert thread.captured_at == "2013-08-28T10:00"
    assert {(c.timestamp, c.timestamp_precision) for c in thread.present_comments} == {("2013-08-28T07:00", "hour")}


def test_relative_time_with_cli_capture_time(tmp_path) -> None:
    page = tmp_path / "plain.html"
    page.write_text(wordpress_page(2, declared=None, load_more=False, when="3 hours ago"))
    thread = parse_page(page, captured_at="2013-08-28T10:00")
    assert {c.timestamp for c in thread.present_comments} == {"2013-08-28T07:00"}


def test_relative_time_without_capture_time_keeps_the_raw_text(tmp_path) -> None:
    page = tmp_path / "plain.html"
    page.write_text(wordpress_page(2, declared=None, load_more=False, when="3 hours ago"))
    thread = parse_page(page)
    assert thread.captured_at is None
    assert {(c.timestamp, c.timestamp_raw) for c in thread.present_comments} == {(None, "3 hours ago")}


def test_diplomat_seed_quote_provenance_and_own_words_sentiment() -> None:
    from discourse.pipeline import analyze
    from discourse.text import split_sentences
    from tests.conftest import SEEDS

    thread = parse_page(SEEDS / "004_7fdc06c34d09003f.txt")
    reply = next(c for c in thread.comments if c.quoted_author == "John Chan")
    assert reply.reply_source == "quote"
    parent = next(c for c in thread.comments if c.id == reply.reply_to)
    assert parent.absent and parent.author == "John Chan"
    assert "stable relationship" not in reply.text and "stable relationship" in reply.quoted_text
    # A text dump states no total and marks no list: 4 comments, completeness unknown (not "4 of 4").
    assert thread.coverage == "unknown" and thread.coverage_note.startswith("4 comments captured")
    tables = analyze(thread)
    own = tables.sentences.filter(tables.sentences["comment_id"] == reply.id)
    assert own.height and not any("stable relationship" in t for t in own["text"].to_list())
    assert {s for s in own["text"].to_list()} <= set(split_sentences(reply.text))
    row = tables.comments.filter(tables.comments["comment_id"] == reply.id).row(0, named=True)
    assert abs(row["compound"] - sum(own["compound"].to_list()) / own.height) < 1e-3  # mean of its own sentences
