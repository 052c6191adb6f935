"""Sure rules over the model's labels in text dumps: footers, lone short comments, comment headers.

Pages are built here; the model's labels are given, so each rule is tested on its own.
"""

from __future__ import annotations

from discourse.parse.segment import header_region, is_comment_heading
from discourse.parse.sure_rules import apply_sure_rules
from tests.parse.built_pages import ARTICLE, dump_blocks

BODIES = [
    "I don't buy it. They said the same about the bus lanes and nothing changed for us.",
    "Finally! I have waited for this line since I moved here. Good news for once.",
    "Who pays for the overruns? Last time it was the residents, and it will be again.",
]


def _footer_page():
    # Movable Type / TypePad: each comment's footer under its body, the next commenter's name under it
    paras = [*ARTICLE, BODIES[0], "Posted by: Ann | October 09, 2012 at 02:45 AM\nBob Miller",
             BODIES[1], BODIES[2], "Posted by: Bob Miller | October 09, 2012 at 05:11 AM"]
    return dump_blocks(paras)


def test_footer_layout_takes_the_first_body_and_what_stands_between_footers():
    blocks = _footer_page()
    n_art = len(ARTICLE)
    # the model saw the last comment only and read the first body and footer as the article's end
    model = ["article"] * (len(blocks) - 2) + ["comment", "comment"]
    labels = apply_sure_rules(blocks, model, "txt").labels
    assert labels == ["article"] * n_art + ["comment"] * (len(blocks) - n_art)


def test_footer_layout_takes_one_block_above_the_first_footer_only():
    # how far the first body reaches is not known: the article's paragraph above it stays article
    paras = [*ARTICLE, BODIES[0], BODIES[1], "Posted by: Lulaine | November 07, 2012 at 10:59 AM"]
    blocks = dump_blocks(paras)
    model = ["article"] * (len(blocks) - 1) + ["comment"]
    labels = apply_sure_rules(blocks, model, "txt").labels
    assert labels == ["article"] * (len(ARTICLE) + 1) + ["comment", "comment"]


def test_a_post_footer_under_a_one_paragraph_article_takes_nothing():
    # the model called the post's own footer a comment; the article's only paragraph stays article
    paras = ["November 13, 2012\nFree Online Course", ARTICLE[0], "Posted on November 13, 2012 at 6:15 AM"]
    blocks = dump_blocks(paras)
    model = ["article", "article", "comment"]
    assert apply_sure_rules(blocks, model, "txt").labels[:2] == ["article", "article"]


def test_footer_rule_needs_the_section_to_close_with_a_footer():
    # headers before their bodies: the last comment block is a body, no footer layout
    paras = [*ARTICLE, "Ann October 09, 2012 at 02:45 AM", BODIES[0], "Bob October 09, 2012 at 05:11 AM", BODIES[1]]
    blocks = dump_blocks(paras)
    model = ["article"] * len(ARTICLE) + ["article", "article", "comment", "comment"]
    assert apply_sure_rules(blocks, model, "txt").labels[len(ARTICLE) - 1] == "article"


def test_a_lone_short_comment_closing_the_page_is_a_comment_section():
    for header, body in (("thecrus8r  •  15 minutes ago", "Keep dreaming!"),
                         ("Courtney writes\n11/06/12 at 12:15 pm", "Yay! :)")):
        blocks = dump_blocks([*ARTICLE, header, body])
        hr = header_region(blocks)
        assert hr is not None and hr.headers == (len(ARTICLE),), header
    # a short line under a header in the middle of the page is no comment
    blocks = dump_blocks([ARTICLE[0], "thecrus8r  •  15 minutes ago", "Keep dreaming!", *ARTICLE[1:]])
    assert header_region(blocks) is None


def test_a_comment_header_the_model_took_brings_its_name_line_and_body():
    # The Guardian's dump: a name block, a date block, the body. The model took the date lines.
    paras = list(ARTICLE)
    for name, body in zip(("rusticred", "IanCW", "Alishia Mason"), BODIES, strict=True):
        paras += [name, "1 November 2012 9:37PM", body, "More of what I think about the plan, and why it fails."]
    blocks = dump_blocks(paras)
    n_art = len(ARTICLE)
    model = ["article"] * n_art + ["other", "comment", "comment", "article"] * 3
    labels = apply_sure_rules(blocks, model, "txt").labels
    assert labels == ["article"] * n_art + ["comment"] * (len(blocks) - n_art)


def test_a_reply_header_is_not_a_comments_heading():
    from discourse.parse.blocks import Block

    def heading(text: str) -> bool:
        return is_comment_heading(Block(text, index=0, lines=[text]))

    assert heading("3 Responses to “Rail line vote”")
    assert heading("Comments (12)")
    assert not heading("Response to CraigSummers, 1 November 2012 9:59PM")
