"""Property-based tests of the parser: arbitrary pages never crash, hang or invent text."""

from __future__ import annotations

import html
import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discourse.errors import InputError
from discourse.parse import parse_page

SETTINGS = settings(max_examples=60, deadline=2000, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TOKEN = re.compile(r"\w+")

# Lines that look like parts of a comment section, mixed with arbitrary text.
STRUCTURE = [
    "August 28, 2013 at 01:53", "November 25, 2013 at 04:00", "John Chan says:", "Reply", "Log in to Reply",
    "“@John Chan", "Share your thoughts", "Your Name", "Your Email", "12 Comments", "Load more comments",
    "Keep reading for free!", "Image Credit: Somebody", "Sign up for our weekly newsletter", "3 hours ago", "@Ann",
]
words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=120)
sentences = st.lists(st.sampled_from("the gas price is too high and nobody cares about arms sales".split()),
                     min_size=3, max_size=25).map(lambda ws: " ".join(ws).capitalize() + ".")
blocks = st.lists(st.one_of(words, sentences, st.sampled_from(STRUCTURE)), min_size=0, max_size=40)


def tokens(text: str) -> Counter:
    return Counter(TOKEN.findall(text.lower()))


def check_thread(thread, page_text: str) -> None:
    source_tokens = tokens(page_text)
    comment_text = "\n".join(c.text for c in thread.present_comments)
    # Nothing invented: every word of the comments and the article is a word of the page.
    assert not (tokens(comment_text) - source_tokens)
    assert not (tokens(thread.article.text) - source_tokens)
    for c in thread.comments:
        assert not (tokens(c.quoted_text or "") - source_tokens)
        assert c.reply_to != c.id


def check_no_double_assignment(thread, page_blocks: list[str]) -> None:
    counts = Counter(b.strip() for b in page_blocks)
    comment_texts = [c.text for c in thread.present_comments]
    for block in counts:
        if counts[block] == 1 and len(block) >= 30 and block in thread.article.text:
            assert not any(block in text for text in comment_texts), block


@SETTINGS
@given(blocks)
def test_text_dumps_never_crash_or_invent(page_blocks: list[str]) -> None:
    page = "\n\n".join(page_blocks)
    try:
        thread = parse_page("page.txt", data=page.encode("utf-8", "surrogatepass"))
    except InputError:
        return
    check_thread(thread, page)
    check_no_double_assignment(thread, page_blocks)


TAGS = ["p", "div", "li", "h2", "blockquote", "span", "article", "section"]
CLASSES = ["", "comment", "comment-body", "entry-content", "comment-author", "says", "reply", "menu", "post"]


@st.composite
def html_pages(draw) -> tuple[str, list[str]]:
    parts, texts = [], []
    for _ in range(draw(st.integers(0, 30))):
        text = draw(st.one_of(words, sentences, st.sampled_from(STRUCTURE)))
        tag, cls = draw(st.sampled_from(TAGS)), draw(st.sampled_from(CLASSES))
        depth = draw(st.integers(0, 3))
        texts.append(text)
        inner = html.escape(text)
        for _ in range(depth):
            inner = f"<div>{inner}</div>"
        parts.append(f'<{tag} class="{cls}">{inner}</{tag}>')
    return "<html><body>" + "".join(parts) + "</body></html>", texts


@SETTINGS
@given(html_pages())
def test_html_pages_never_crash_or_invent(page: tuple[str, list[str]]) -> None:
    markup, texts = page
    try:
        thread = parse_page("page.html", data=markup.encode("utf-8", "surrogatepass"))
    except InputError:
        return
    check_thread(thread, "\n".join(texts))
    check_no_double_assignment(thread, texts)
