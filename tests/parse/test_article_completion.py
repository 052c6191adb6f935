"""Article blocks the block labels leave out inside the article's own element, by failure class.

Each test builds its own blocks or page: embedded posts read the same way, a body list read whole,
an image credit that closes the body.
"""

from __future__ import annotations

from discourse.parse import parse_page
from discourse.parse.blocks import Block
from discourse.parse.segment import complete_article

BODY = "entry content post single"
TWEET = "twitter tweet " + BODY


def _blocks(rows: list[tuple[str, str, str, int]]) -> list[Block]:
    """Blocks from (tag, attrs, text, link characters) rows."""
    return [Block(text, index=k, tag=tag, attrs=attrs, link_chars=links, lines=[text])
            for k, (tag, attrs, text, links) in enumerate(rows)]


def test_the_last_embedded_post_of_the_body_is_article_like_the_others() -> None:
    rows = []
    for k in range(3):
        rows.append(("p", BODY, f"Paragraph {k} of the story, with a few sentences about the topic.", 0))
        rows.append(("p", TWEET, f"Loving the new bike lanes #city{k} pic.twitter.com/abc{k}", 30))
        rows.append(("p", TWEET, f"— Some Rider (@rider{k}) 19 November 2018", 15))
    rows.append(("h3", "related box sidebar", "Read more", 0))
    blocks = _blocks(rows)
    labels = ["article"] * 7 + ["other", "other", "other"]  # the labels drop the last tweet
    complete_article(blocks, labels)
    assert labels == ["article"] * 9 + ["other"]


def test_embedded_posts_stay_out_when_most_of_them_are_out() -> None:
    # A page that quotes tweets as asides (the labels leave most of them out): nothing changes.
    rows = [("p", BODY, "Paragraph of the story, with a few sentences about the topic.", 0)]
    for k in range(3):
        rows.append(("p", TWEET, f"Reaction number {k} from a reader #news", 20))
    blocks = _blocks(rows)
    labels = ["article", "other", "other", "article"]
    complete_article(blocks, labels)
    assert labels == ["article", "other", "other", "article"]


def test_share_buttons_are_not_embeds() -> None:
    rows = [("p", BODY, "Paragraph of the story, with a few sentences about the topic.", 0),
            ("li", "share twitter " + BODY, "Share on Twitter", 16),
            ("li", "share twitter " + BODY, "Share on Twitter again", 16)]
    blocks = _blocks(rows)
    labels = ["article", "other", "article"]
    complete_article(blocks, labels)
    assert labels == ["article", "other", "article"]


def test_a_link_heavy_item_of_a_body_list_is_read_with_the_list() -> None:
    link = "https://example.org/code/src/main/java/org/example/algorithm/projection/TSNE.java"
    rows = [("li", BODY, "The reference implementation by the authors, in several languages.", 0),
            ("li", BODY, f"A toolkit contains it, also with an approximation. {link}", len(link)),
            ("h2", BODY, "References", 0)]
    blocks = _blocks(rows)
    labels = ["article", "other", "article"]
    complete_article(blocks, labels)
    assert labels == ["article", "article", "article"]


def test_a_list_of_post_titles_after_a_body_list_stays_out() -> None:
    # Link-only items (post titles) are not running text, even in the same element.
    rows = [("li", BODY, "The reference implementation by the authors, in several languages.", 0),
            ("li", BODY, "Reassessing flu shots", 21),
            ("li", BODY, "Lessons from a marathon", 23),
            ("p", BODY, "A closing paragraph of the story with more words.", 0)]
    blocks = _blocks(rows)
    labels = ["article", "other", "other", "article"]
    complete_article(blocks, labels)
    assert labels == ["article", "other", "other", "article"]


def test_an_image_credit_closing_the_body_is_article_one_before_it_is_a_caption() -> None:
    paras = "".join(
        f"<p>Paragraph {k}: the council voted on the transport plan after a long debate, and residents "
        f"argued about bus lanes, parking and the cost of the new tram line for the town centre.</p>"
        for k in range(6)
    )
    html = (
        "<html><head><title>Transport plan</title></head><body><div class='entry-content'>"
        "<p>Photo credit: Lead Picture Agency</p>" + paras + "<p>Photo Credit: Catwalk Pictures</p></div>"
        "<div id='footer'>Copyright 2019</div></body></html>"
    )
    text = parse_page("credit.html", data=html.encode()).article.text
    assert text.rstrip().endswith("Photo Credit: Catwalk Pictures")
    assert "Lead Picture Agency" not in text
