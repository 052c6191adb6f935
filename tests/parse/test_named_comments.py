"""Text dumps whose comments carry only a bare name line (no date, no "says:"), built here."""

from __future__ import annotations

from discourse.parse.names import name_comment_region
from discourse.parse.sure_rules import apply_sure_rules
from tests.parse.built_pages import ARTICLE, dump_blocks

COMMENTS = [
    ("Subversive", "I don't buy it. They said the same about the bus lanes and nothing changed for us."),
    ("Ann_W", "Finally! I have waited for this line since I moved here. Good news for once."),
    ("DaveMart", "Who pays for the overruns? Last time it was the residents, and it will be again."),
]


def _page(comments=COMMENTS):
    paras = list(ARTICLE)
    for name, body in comments:
        paras += [name, body]
    return dump_blocks(paras)


def test_bare_named_comments_after_the_article_are_a_section():
    blocks = _page()
    assert name_comment_region(blocks)[:2] == (len(ARTICLE), len(blocks))


def test_one_bare_name_is_not_enough():
    assert name_comment_region(_page(COMMENTS[:1])) is None


def test_listicle_subheadings_early_in_the_page_are_not_names():
    # Title-case items over short paragraphs from the top of the page: the section would start before
    # most of the page's words, which comments never do.
    paras = [ARTICLE[0]]
    for item in ("Google Earth Pro", "Fraps", "Jing", "Permissions"):
        paras += [item, "It does a great job and costs little. I use it for most of my recordings."]
    assert name_comment_region(dump_blocks(paras)) is None


def test_subheadings_with_lowercase_words_are_not_names():
    paras = list(ARTICLE)
    for head in ("Messages on top", "Menu on the side"):
        paras += [head, "You can respond to friends and see your notifications without leaving the page."]
    assert name_comment_region(dump_blocks(paras)) is None


def test_footer_links_are_not_names():
    paras = [*ARTICLE, "Help |", "Terms of Use |", "Privacy Policy", "Powered by WordPress.com VIP"]
    assert name_comment_region(dump_blocks(paras)) is None


def test_sure_rule_turns_a_named_section_the_model_read_as_article_into_comments():
    blocks = _page()
    n_art = len(ARTICLE)
    seg = apply_sure_rules(blocks, ["article"] * len(blocks), "txt")
    assert seg.labels[:n_art] == ["article"] * n_art
    assert seg.labels[n_art:] == ["comment"] * (len(blocks) - n_art)


def test_sure_rule_leaves_a_section_the_model_called_other_and_comments_found_elsewhere():
    blocks = _page()
    n_art = len(ARTICLE)
    other = ["article"] * n_art + ["other"] * (len(blocks) - n_art)
    assert apply_sure_rules(blocks, other, "txt").labels == other
    # the model found comments of its own before the named section: its reading stands
    found = ["article", "comment", *["article"] * (len(blocks) - 2)]
    assert apply_sure_rules(blocks, found, "txt").labels == found


def test_sure_rule_extends_the_last_comments_the_model_found_over_the_named_section():
    # The model saw the last comment and read the ones above it as the article's continuation.
    blocks = _page()
    n_art = len(ARTICLE)
    found = ["article"] * (len(blocks) - 1) + ["comment"]
    assert apply_sure_rules(blocks, found, "txt").labels == ["article"] * n_art + ["comment"] * (len(blocks) - n_art)
    # HTML pages are the model's (and the markup's) business
    assert apply_sure_rules(blocks, ["article"] * len(blocks), "html").labels[n_art:] != ["comment"] * (
        len(blocks) - n_art
    )


def test_one_comment_whose_header_holds_its_first_lines():
    # "Doug on Aug 9, 10:14 AM said:" and the comment in one paragraph, closing the page
    paras = [*ARTICLE, "Doug on Aug 9, 2012 at 10:14 AM said:\nI enjoy the line, but this is the first time I "
             "doubt the plan. The depot should go elsewhere."]
    blocks = dump_blocks(paras)
    assert name_comment_region(blocks)[:2] == (len(ARTICLE), len(blocks))
    # a name over a date, then the comment, in one paragraph
    paras = [*ARTICLE, "etpetm\nJul 30 2012\nReblogged this on my own blog, with a few words of my own."]
    blocks = dump_blocks(paras)
    assert name_comment_region(blocks)[:2] == (len(ARTICLE), len(blocks))


def test_a_header_without_running_text_is_not_a_comment():
    paras = [*ARTICLE, "Doug on Aug 9, 2012 at 10:14 AM said:\nThanks"]
    assert name_comment_region(dump_blocks(paras)) is None


def test_a_name_over_a_day_without_a_year_heads_a_comment():
    paras = [*ARTICLE, "Jason\nNovember 12th", "Definitely. I made sure half is paid upfront, and it works."]
    blocks = dump_blocks(paras)
    assert name_comment_region(blocks)[:2] == (len(ARTICLE), len(blocks))
    # a subheading over a year-less day is no name: lowercase words
    paras = [*ARTICLE, "Opening day on\nNovember 12th", "The first trains will run on the morning of the opening day."]
    assert name_comment_region(dump_blocks(paras)) is None


# --- heads as a rendered widget shows them, heads joined to the comment above, records per head ---

def test_a_profile_link_or_a_score_around_the_name_still_heads_a_comment():
    from discourse.parse.names import head_name

    assert head_name("http://travismonitor.blogspot.com Freedoms Truth") == "Freedoms Truth"
    assert head_name("Montemalone 44 pts") == "Montemalone"
    assert head_name("Ann 3 likes") == "Ann"
    assert head_name("http://example.com/a/b") is None  # a link alone names nobody
    assert head_name("Thanks") is None  # a whole short reply, not a name
    paras = list(ARTICLE)
    for name, body in [("http://example.org Subversive", COMMENTS[0][1]), ("Ann_W 12 points", COMMENTS[1][1])]:
        paras += [name, body]
    blocks = dump_blocks(paras)
    assert name_comment_region(blocks)[:2] == (len(ARTICLE), len(blocks))


def _joined_page(comments):
    """A dump whose names stand at the end of the paragraph above them (the page set them apart by
    indentation only): "... for us.\\nAnn_W"."""
    paras = list(ARTICLE)
    paras.append(comments[0][0])
    for k, (_, body) in enumerate(comments):
        nxt = comments[k + 1][0] if k + 1 < len(comments) else None
        paras.append(body + ("\n" + nxt if nxt else ""))
    return dump_blocks(paras)


def test_names_joined_to_the_paragraph_above_still_head_their_comments():
    blocks = _joined_page(COMMENTS)
    assert name_comment_region(blocks)[:2] == (len(ARTICLE), len(blocks))


def test_records_split_at_bare_name_heads_with_their_authors():
    from discourse.parse import parse_page

    for blocks_text in (
        "\n\n".join([*ARTICLE, *[p for c in COMMENTS for p in c]]),
        "\n\n".join([*ARTICLE, COMMENTS[0][0], COMMENTS[0][1] + "\n" + COMMENTS[1][0],
                     COMMENTS[1][1] + "\n" + COMMENTS[2][0], COMMENTS[2][1]]),
    ):
        thread = parse_page("dump.txt", data=(blocks_text + "\n").encode())
        got = [(c.author, c.text) for c in thread.comments]
        assert got == COMMENTS, got


def test_a_signature_alone_does_not_split_a_comment():
    from discourse.parse.blocks import Block
    from discourse.parse.names import bare_name_heads

    body = ["I have lived here for twenty years and never seen the buses on time.", "Cheers\nMaria",
            "Also the depot will be far too loud for the houses on the hill."]
    blocks = [Block(t, index=k, lines=t.split("\n")) for k, t in enumerate(body)]
    assert bare_name_heads(blocks) == {}  # one head at a block's end, no other head: a signature


def test_a_name_that_comes_back_marks_a_discussion_even_when_it_outweighs_the_article():
    # A short post under a long thread: more comment words than article words, which a listicle's
    # subheadings can also give; a commenter answering twice tells them apart.
    long_body = " ".join([COMMENTS[0][1]] * 2)
    comments = [("Subversive", long_body), ("Ann_W", long_body), ("Subversive", long_body), ("Ann_W", long_body)]
    paras = ARTICLE[:2]
    for name, body in comments:
        paras += [name, body]
    blocks = dump_blocks(paras)
    assert name_comment_region(blocks)[:2] == (2, len(blocks))
    names = ("Subversive", "Annabel", "Davemart", "Roberta")
    once = [*ARTICLE[:2], *[p for name, (_, body) in zip(names, comments, strict=True) for p in (name, body)]]
    assert name_comment_region(dump_blocks(once)) is None  # the same page with four different names


def test_one_name_with_a_score_is_enough_to_head_a_comment():
    # "Montemalone 44 pts": votes beside the name; no subheading shows a score.
    blocks = _page([("Montemalone 44 pts", COMMENTS[0][1])])
    assert name_comment_region(blocks)[:2] == (len(ARTICLE), len(blocks))
    assert name_comment_region(_page([("Montemalone", COMMENTS[0][1])])) is None  # a bare name alone is not


def test_a_signature_right_above_the_next_head_does_not_stop_the_walk():
    # "… Thanks.\nMagnus" signs the comment; "Paco" heads the next one. The section is the whole thread.
    paras = [*ARTICLE, "Subversive", COMMENTS[0][1], "Ann_W", COMMENTS[1][1] + "\nAll the best.\nMagnus",
             "Paco", COMMENTS[2][1], "Subversive", COMMENTS[1][1]]
    blocks = dump_blocks(paras)
    assert name_comment_region(blocks)[:2] == (len(ARTICLE), len(blocks))


def test_a_list_of_names_is_no_trailing_head():
    from discourse.parse.blocks import Block
    from discourse.parse.names import head_kinds

    texts = ["Richard, here are a few sites I enjoyed:", "One Girl Circus\nDaniel Hoang\nJulie Kitchen",
             "That was a good read.\nViet71"]
    blocks = [Block(t, index=k, lines=t.split("\n")) for k, t in enumerate(texts)]
    assert head_kinds(blocks)[1].tolist() == [0.0, 0.0, 1.0]


def test_a_long_thread_of_returning_names_is_taken_whatever_the_model_called_it():
    thread = [("Subversive", COMMENTS[0][1]), ("Ann_W", COMMENTS[1][1]), ("DaveMart", COMMENTS[2][1]),
              ("Subversive", COMMENTS[1][1]), ("Ann_W", COMMENTS[2][1]), ("Subversive", COMMENTS[0][1])]
    blocks = _page(thread)
    section = name_comment_region(blocks)
    assert section.proven and section[:2] == (len(ARTICLE), len(blocks))
    n_art = len(ARTICLE)
    # the model called half of the thread "other" (a sidebar look): the returning names outweigh that
    mixed = ["article"] * n_art + ["other", "article"] * ((len(blocks) - n_art) // 2)
    assert apply_sure_rules(blocks, mixed, "txt").labels[n_art:] == ["comment"] * (len(blocks) - n_art)
    # four names said once each over short comments: no proof, the model's "other" stands
    short = _page(COMMENTS)
    other = ["article"] * n_art + ["other", "article"] * ((len(short) - n_art) // 2)
    assert apply_sure_rules(short, other, "txt").labels == other


def test_subheadings_glued_to_paragraphs_do_not_hide_the_comments_below():
    # The walk up from the comments runs on through "…\nProtect IP" subheadings, which look like
    # names closing a paragraph; the section is cut at the topmost name over a day.
    paras = [ARTICLE[0] + "\nKnow Your Rights", ARTICLE[1] + "\nProtect Your Work", ARTICLE[2],
             "Jason\nNovember 12th", COMMENTS[0][1] + " " + COMMENTS[1][1] + " " + COMMENTS[2][1],
             "Maria\nNovember 13th", COMMENTS[1][1] + " " + COMMENTS[2][1]]
    blocks = dump_blocks(paras)
    assert name_comment_region(blocks)[:2] == (3, len(blocks))
