"""Every comment one record, with its own author, date and parent: one test per failure class.

Each test builds its own page (markup of a comment system, or a text dump) with made-up texts, so
the rules are checked on layouts, not on any one site's page.
"""

from __future__ import annotations

from lxml import etree

from discourse.parse import parse_page

ARTICLE = "".join(
    f"<p>The council voted on the new transport plan for the district, paragraph {i}. Officials said the "
    "buses would run more often and the fares would stay the same for another year at least.</p>"
    for i in range(6)
)
BODIES = [
    "I think the plan is sensible and long overdue for our town.",
    "The fares will rise anyway, they always do after an election.",
    "Does anyone know when the consultation closes this time?",
    "We moved here for the trains and the buses never came on time.",
    "Good news for the school run, thanks for reporting it so clearly.",
]
NAMES = ["Anna Berg", "Tom", "Jo Smith", "Kai", "Mia R."]


def _page(comments_html: str, *, before: str = "", after: str = "") -> bytes:
    return (
        "<html><head><title>Transport plan</title></head><body><div id='content'><h1>Transport plan</h1>"
        f"<div class='entry-content'>{ARTICLE}</div>{before}{comments_html}{after}</div>"
        "<div id='footer'><p>© 2019 The Town Paper</p></div></body></html>"
    ).encode()


def _parse(html: bytes, name: str = "page.html"):
    return parse_page(name, data=html)


def _assert_records(thread, names=NAMES, bodies=BODIES) -> None:
    got = thread.present_comments
    assert [c.text for c in got] == bodies[: len(got)] and len(got) == len(bodies)
    assert [c.author for c in got] == names
    for body in bodies:  # no commenter's words in the article
        assert body not in thread.article.text


def test_movable_type_footer_after_the_body_belongs_to_its_own_comment() -> None:
    items = "".join(
        f"<div class='comments-body'><p>{b}</p><span class='comments-post'>Posted by: {n} at "
        f"May {d}, 2005 10:2{d} AM</span></div>"
        for d, (n, b) in enumerate(zip(NAMES, BODIES, strict=True), 1)
    )
    thread = _parse(_page(f"<div id='comments'><h3>Comments</h3>{items}</div>"))
    _assert_records(thread)
    assert [c.timestamp[:10] for c in thread.present_comments] == [f"2005-05-0{d}" for d in range(1, 6)]


def _dump(title: str, paragraph: str, comment: str):
    """Parse a text dump: a title, five article paragraphs (``paragraph`` with ``{i}``), and one
    ``comment`` (a template of ``{n}`` name, ``{b}`` body, ``{k}`` 1-based number) per commenter."""
    article = "\n\n".join(paragraph.format(i=i) for i in range(5))
    comments = "\n\n".join(comment.format(n=n, b=b, k=k) for k, (n, b) in enumerate(zip(NAMES, BODIES, strict=True), 1))
    return parse_page("dump.txt", data=f"{title}\n\n{article}\n\n{comments}\n".encode())


def test_unmarked_footer_lines_after_each_body_in_a_text_dump() -> None:
    thread = _dump(
        "Transport plan",
        "The council voted on the new transport plan, paragraph {i}. Officials said the buses would run more "
        "often and the fares would stay the same for at least another year, whatever the budget says.",
        "{b}\n\nPosted by: {n} | May {k}, 2005 at 10:2{k} AM",
    )
    _assert_records(thread)
    assert thread.present_comments[0].timestamp.startswith("2005-05-01")


def test_footers_with_the_next_name_under_them_in_a_text_dump() -> None:
    # TypePad's reader view: each footer block also holds the next commenter's name, which makes the
    # footers look like headers before their bodies; the section closing with a footer says otherwise.
    paragraph = ("The council voted on the new transport plan, paragraph {i}. Officials said the buses would run "
                 "more often and the fares would stay the same for at least another year, whatever the budget says.")
    article = "\n\n".join(paragraph.format(i=i) for i in range(5))
    parts = []
    for k, (n, b) in enumerate(zip(NAMES, BODIES, strict=True), 1):
        nxt = f"\n{NAMES[k]}" if k < len(NAMES) else ""
        parts += [b, f"Posted by: {n} | May {k}, 2005 at 10:2{k} AM{nxt}"]
    thread = parse_page("dump.txt", data=("Transport plan\n\n" + article + "\n\n" + "\n\n".join(parts) + "\n").encode())
    _assert_records(thread)
    # one comment under one footer: its author is the footer's, not "by: Ann"
    one = parse_page("dump.txt", data=("Transport plan\n\n" + article + f"\n\n{BODIES[0]}\n\n"
                                       "Posted by: Lulaine | November 07, 2012 at 10:59 AM\n").encode())
    assert [(c.author, c.text) for c in one.present_comments] == [("Lulaine", BODIES[0])]


def test_a_handle_after_the_date_is_not_part_of_the_name() -> None:
    thread = _dump(
        "Transport plan",
        "The council voted on the new transport plan, paragraph {i}. Officials said the buses would run more "
        "often and the fares would stay the same for at least another year, whatever the budget says.",
        "{n}, on November {k}th, 2012   @handle{k}\n\n{b}",
    )
    _assert_records(thread)


def test_german_wordpress_blocks_author_body_reply_make_one_record_each() -> None:
    items = "".join(
        f"<li class='comment' id='comment-{k}'><div class='comment-author vcard'><cite class='fn'>{n}</cite> "
        f"<span class='says'>sagt:</span></div><div class='comment-meta'><a>19. Juni 2019 um 6:3{k} Uhr</a></div>"
        f"<p>{b}</p><div class='reply'><a class='comment-reply-link'>Antworten</a></div></li>"
        for k, (n, b) in enumerate(zip(NAMES, BODIES, strict=True))
    )
    thread = _parse(_page(f"<div id='comments'><h2>5 Kommentare</h2><ol class='commentlist'>{items}</ol></div>"))
    _assert_records(thread)
    assert all(c.timestamp.startswith("2019-06-19") for c in thread.present_comments)
    assert not any("Antworten" in c.text for c in thread.present_comments)
    assert thread.declared_comments == 5 and thread.coverage == "complete"


def test_author_and_date_in_adjacent_inline_elements_are_not_glued() -> None:
    items = "".join(
        f"<li class='comment' id='c{1000 + k}'><div class='comment-block'><div class='comment-header'>"
        f"<cite class='user'><a>{n}</a></cite><span class='datetime secondary-text'><a>May 30, 2019 at 1:0{k} PM"
        f"</a></span></div><p class='comment-content'>{b}</p><span class='comment-actions'><a>Reply</a>"
        "</span></div></li>"
        for k, (n, b) in enumerate(zip(NAMES, BODIES, strict=True))
    )
    thread = _parse(_page(f"<div class='comments' id='comments'><ol>{items}</ol></div>"))
    _assert_records(thread)
    assert thread.present_comments[0].timestamp == "2019-05-30T13:00"


def test_textbook_wordpress_markup_keeps_every_comment_out_of_the_article() -> None:
    items = "".join(
        f"<li class='comment even depth-1' id='li-comment-{k}'><article class='comment-body' id='div-comment-{k}'>"
        f"<footer class='comment-meta'><div class='comment-author vcard'><b class='fn'>{n}</b> <span class='says'>"
        f"says:</span></div><div class='comment-metadata'><time datetime='2019-03-0{k + 1}T10:00:00+00:00'>March "
        f"{k + 1}, 2019</time></div></footer><div class='comment-content'><p>{b}</p></div></article></li>"
        for k, (n, b) in enumerate(zip(NAMES, BODIES, strict=True))
    )
    html = _page(f"<div id='comments' class='comments-area'><h2 class='comments-title'>12 Comments</h2>"
                 f"<ol class='comment-list'>{items}</ol><a>Load more comments</a></div>")
    thread = _parse(html)
    _assert_records(thread)
    assert thread.coverage == "partial" and thread.declared_comments == 12


def test_nested_replies_point_at_their_parent() -> None:
    reply = (f"<ul class='children'><li class='comment depth-2' id='comment-9'><cite class='fn'>Tom</cite>"
             f"<div class='comment-content'><p>{BODIES[1]}</p></div></li></ul>")
    items = (f"<li class='comment depth-1' id='comment-8'><cite class='fn'>Anna Berg</cite>"
             f"<div class='comment-content'><p>{BODIES[0]}</p></div>{reply}</li>")
    thread = _parse(_page(f"<ol class='commentlist'>{items}</ol>"))
    first, second = thread.present_comments
    assert (first.author, second.author) == ("Anna Berg", "Tom")
    assert second.reply_to == first.id and second.reply_source == "markup"
    assert BODIES[1] not in first.text


def test_forum_thread_opening_post_is_the_article_and_replies_are_comments() -> None:
    posts = "".join(
        f"<tr><td class='row1'><span class='name'><a name='{500 + k}'></a><b>{n}</b></span></td>"
        f"<td class='row1'><span class='postdetails'>Posted: Wed Feb 0{k + 2}, 2005 10:08 pm</span>"
        f"<span class='postbody'>{b}</span></td></tr><tr><td class='spaceRow'></td></tr>"
        for k, (n, b) in enumerate(zip(["Opener", *NAMES], ["Which bus do you all take to work?", *BODIES],
                                       strict=True))
    )
    html = ("<html><body><div class='nav'>Forum Index » Transport</div>"
            f"<table class='forumline'>{posts}</table></body></html>").encode()
    thread = _parse(html)
    assert "Which bus do you all take to work?" in thread.article.text
    _assert_records(thread)


def test_pages_without_comments_get_none() -> None:
    rules = ("<div class='comment-rules'><p>Please keep comments civil and on topic.</p><p>We delete spam and "
             "personal attacks without notice.</p></div>")
    heading = "<h3 id='comments'>35 Responses to “Transport plan”</h3>"
    footer = "<p class='postmetadata'>Posted by admin on March 3, 2019 in News | 35 Comments</p>"
    teasers = "<h3>Related posts</h3>" + "".join(
        f"<div class='related'><a>Bus lanes on the high street {k}</a><span>March {k}, 2019</span><p>The council "
        f"wants to add bus lanes on the high street, part {k} of our series.</p></div>"
        for k in range(1, 5)
    )
    form = ("<div id='respond'><h3>Leave a Reply</h3><form><p class='comment-notes'>Your email address will not be "
            "published.</p><textarea></textarea></form></div>")
    thread = _parse(_page(heading + rules + form, before=footer + teasers))
    assert thread.present_comments == []
    assert thread.coverage == "comments_not_captured" and thread.declared_comments == 35


def test_pingbacks_only_are_no_comments() -> None:
    items = "".join(
        f"<li id='comment-{k}'><cite>Other Blog {k}</cite><p>[…] Transport plan – the council voted on the new plan "
        f"for the district […]</p></li>" for k in range(3)
    )
    thread = _parse(_page(f"<ol class='commentlist'>{items}</ol>"))
    assert thread.present_comments == []


def test_comments_that_load_by_script_are_zero_and_said_so() -> None:
    thread = _parse(_page("<div id='disqus_thread'></div><noscript>Please enable JavaScript to view the comments "
                          "powered by Disqus.</noscript>"))
    assert thread.present_comments == []
    assert thread.coverage == "comments_not_captured"


def test_comment_list_without_comment_markup_in_a_comment_named_region() -> None:
    items = "".join(
        f"<p><span class='acs_name'>{n}</span><br><span class='acs_text'>{b}</span></p>"
        for n, b in zip(NAMES, BODIES, strict=True)
    )
    thread = _parse(_page(f"<div class='commenti'><div class='pad'>{items}</div></div>"))
    _assert_records(thread)


def test_beyond_english_headers_and_controls() -> None:
    for says, reply in (("dit :", "Répondre"), ("dice:", "Responder"), ("disse:", "Responder"), ("sagt:", "Antworten")):
        thread = _dump(
            "Titre",
            "Le conseil a voté le nouveau plan de transport, paragraphe {i}. Les bus passeront plus souvent et "
            "les tarifs resteront les mêmes pendant au moins une année encore, quoi que dise le budget.",
            f"{{n}} {says}\n\n12. März 2019 um 10:0{{k}}\n\n{{b}}\n\n{reply}",
        )
        _assert_records(thread)
        assert not any(reply in c.text for c in thread.present_comments)


def _lines_by_copy(el: etree._Element, cut_els: list[etree._Element]) -> list[str]:
    """The reference the walker's cut must equal: copy the element, remove the cut ones (tails kept)."""
    from copy import deepcopy

    from discourse.parse.blocks import element_lines
    from discourse.parse.records import detach

    copy = deepcopy(el)
    copy.tail = None
    ids = {id(x) for x in cut_els}
    for dup in [d for o, d in zip(el.iter(), copy.iter(), strict=True) if o is not el and id(o) in ids]:
        detach(dup)
    return element_lines(copy)


def test_record_lines_cut_without_copying_read_as_the_copy_with_elements_removed() -> None:
    # Record text leaves out nested records and author/date elements; the walker skips them in place
    # instead of copying the tree, and a space on both sides of a cut must still read as one space.
    from discourse.parse.blocks import element_lines

    cases = [
        '<div>Great <span class="x">cut</span> point, really.</div>',
        '<div>Great<span class="x">cut</span> point <b class="x">a</b> <i class="x">b</i> again</div>',
        '<div><span class="x">cut</span>  leading space after a first child</div>',
        '<div><p>One para.</p> <div class="x">meta</div> <p>Two para.</p> tail words</div>',
        '<div>text \n<span class="x">a</span>\n<span class="x">b</span>\n more</div>',
        '<div><pre>keep  <b class="x">x</b>  spaces</pre> after <!-- c --> <em class="x">y</em> end</div>',
        '<div>A<br><span class="x">q</span> B <div>C <div class="x">nested</div> D</div></div>',
    ]
    for html in cases:
        root = etree.fromstring(f"<html><body>{html}</body></html>", etree.HTMLParser())
        el = root.find("body")[0]
        cut_els = el.xpath(".//*[@class='x']")
        assert cut_els, html
        assert element_lines(el, {id(x) for x in cut_els}) == _lines_by_copy(el, cut_els), html


def _forum(post_html, opener: str = "Which bus do you all take to work? I am new in town.") -> bytes:
    posts = "".join(post_html(k, n, b) for k, (n, b) in enumerate(zip(["Opener", *NAMES], [opener, *BODIES],
                                                                           strict=True)))
    return ("<html><head><title>Buses - Town Forum</title></head><body><div class='nav'>Forum Index » Transport</div>"
            f"<div class='thread'>{posts}</div><div id='footer'>© 2019 Town Forum</div></body></html>").encode()


def test_forum_posts_marked_by_their_ids_make_one_record_each() -> None:
    # phpBB 3 (div.post#p12 with a "Re:" subject), XenForo (article#js-post-12, <time datetime>),
    # Discourse (article#post_2, the date only in a tooltip), vBulletin (li#post_12, the post in a
    # blockquote, the name on a link that opens a pop-up card)
    layouts = {
        "phpbb": lambda k, n, b: (
            f"<div id='p{k + 40}' class='post bg{k % 2 + 1}'><div class='postbody'><h3><a href='#p{k + 40}'>"
            f"Re: Buses</a></h3><p class='author'>by <strong><a class='username'>{n}</a></strong> » "
            f"Fri May 0{3 + k // 3}, 2019 10:0{k} am</p><div class='content'>{b}</div></div></div>"),
        "xenforo": lambda k, n, b: (
            f"<article class='message message--post' id='js-post-{k + 40}'><h4 class='message-name'>"
            f"<a class='username'>{n}</a></h4><header class='message-attribution'><time class='u-dt' "
            f"datetime='2019-05-0{3 + k // 3}T10:00'>May {3 + k // 3}, 2019</time></header>"
            f"<div class='message-content'><div class='bbWrapper'>{b}</div></div>"
            "</article>"),
        "discourse": lambda k, n, b: (
            f"<div class='topic-post'><article id='post_{k + 1}' class='boxed onscreen-post'><div class='names'><span "
            f"class='first username'><a>{n}</a></span></div><div class='post-info post-date'><a><span "
            f"title='May {3 + k // 3}, 2019 10:0{k} am' class='relative-date'>May '19</span></a></div><div "
            f"class='regular contents'><div class='cooked'><p>{b}</p></div></div></article></div>"),
        "vbulletin": lambda k, n, b: (
            f"<li class='postbitlegacy postcontainer' id='post_{k + 40}'><div class='posthead'><span class='date'>"
            f"May {3 + k // 3}rd, 2019, <span class='time'>10:0{k} AM</span></span></div><div class='userinfo'><a "
            f"class='username popupctrl'><strong>{n}</strong></a><span class='usertitle'>Junior Member</span></div>"
            f"<div class='postbody'><div class='content'><blockquote class='postcontent restore'>{b}</blockquote>"
            "</div></div></li>"),
    }
    for name, layout in layouts.items():
        thread = _parse(_forum(layout))
        assert "Which bus do you all take to work?" in thread.article.text, name
        _assert_records(thread)
        assert all(c.timestamp for c in thread.present_comments), name
        assert all(not c.text.startswith("Re:") for c in thread.present_comments), name


def test_teasers_with_post_ids_are_no_forum_thread() -> None:
    # "Related stories": <div id="p20377464"> with a linked headline and "21 hours ago"
    teasers = "".join(f"<div id='p2037{k}464'><h4><a href='/story{k}'>Rail fares to rise again in the spring "
                      f"for commuters</a></h4><span class='time'>{k + 2} hours ago</span></div>" for k in range(5))
    thread = _parse(_page("", after=f"<div class='related'>{teasers}</div>"))
    assert thread.present_comments == []


def test_a_quote_in_a_comment_is_kept_apart_and_links_its_parent() -> None:
    quoted = BODIES[0][:40]
    items = (f"<li class='comment' id='comment-1'><cite class='fn'>Anna Berg</cite><div class='comment-content'>"
             f"<p>{BODIES[0]}</p></div></li>"
             f"<li class='comment' id='comment-2'><cite class='fn'>Tom</cite><div class='comment-content'><blockquote>"
             f"<p>{quoted}</p></blockquote><p>{BODIES[1]}</p></div></li>"
             f"<li class='comment' id='comment-3'><cite class='fn'>Jo Smith</cite><div class='comment-content'>"
             "<blockquote><p>Officials said the buses would run more often and the fares would stay the same</p>"
             "</blockquote>"
             f"<p>{BODIES[2]}</p></div></li>")
    first, second, third = _parse(_page(f"<ol class='commentlist'>{items}</ol>")).present_comments
    assert second.text == BODIES[1] and second.quoted_text == quoted
    assert second.reply_to == first.id and second.reply_source == "quote"
    # a quote of the article: a top-level comment citing it, no reply to a missing comment
    assert third.text == BODIES[2] and third.quoted_text.startswith("Officials said")
    assert third.reply_to is None


DATES = [f"May {3 + k // 2}, 2019 at 10:0{k} am" for k in range(5)]
ISO_DATES = [f"2019-05-0{3 + k // 2}T10:0{k}:00" for k in range(5)]
#: Comment markup as these systems render it (one comment, k-th author/date/body).
SYSTEMS = {
    "schema.org microdata": lambda k, n, d, iso, b: (
        f"<div itemprop='comment' itemscope itemtype='http://schema.org/Comment'><span itemprop='author' itemscope "
        f"itemtype='http://schema.org/Person'><span itemprop='name'>{n}</span></span> <time itemprop='dateCreated' "
        f"datetime='{iso}'>{d}</time><div itemprop='text'><p>{b}</p></div></div>"),
    "h-entry": lambda k, n, d, iso, b: (
        f"<div class='h-entry p-comment h-cite'><div class='p-author h-card'><a class='u-url p-name'>{n}</a></div>"
        f"<a class='u-url' href='#c{k}'><time class='dt-published' datetime='{iso}'>{d}</time></a>"
        f"<div class='e-content p-content'><p>{b}</p></div></div>"),
    "blogger": lambda k, n, d, iso, b: (
        f"<li class='comment' id='c{k + 1000}'><div class='comment-block'><div class='comment-header'><cite "
        f"class='user'><a rel='nofollow'>{n}</a></cite><span class='datetime secondary-text'><a href='#c{k + 1000}'>"
        f"{d}</a></span></div><p class='comment-content'>{b}</p><span class='comment-actions'><a "
        "class='comment-reply'>Reply</a></span></div></li>"),
    "drupal": lambda k, n, d, iso, b: (
        f"<a id='comment-{k + 1}'></a><div class='comment clearfix'><div class='submitted'><span class='username'>"
        f"{n}</span> <span class='comment-time'>{d}</span></div><div class='content'><div "
        f"class='field-name-comment-body'><p>{b}</p></div></div><ul class='links inline'><li class='comment-reply'>"
        "<a>reply</a></li></ul></div>"),
    "disqus (rendered)": lambda k, n, d, iso, b: (
        f"<li class='post' id='post-{k}'><div class='post-content'><header class='comment__header'><span "
        f"class='author publisher-anchor-color'><a>{n}</a></span> <a class='time-ago' title='{d}'>5 years ago</a>"
        f"</header><div class='post-message'><p>{b}</p></div><footer class='comment__footer'><a class='reply'>Reply"
        "</a></footer></div></li>"),
    "wpdiscuz": lambda k, n, d, iso, b: (
        f"<div id='wpd-comm-{k + 10}_0' class='comment depth-1 wpd-comment'><div id='comment-{k + 10}' "
        f"class='wpd-comment-header'><div class='wpd-comment-author'>{n}</div><div class='wpd-comment-date' "
        f"title='{d}'>5 years ago</div></div><div class='wpd-comment-text'><p>{b}</p></div><div "
        "class='wpd-reply-button'>Reply</div></div>"),
    "kinja": lambda k, n, d, iso, b: (
        f"<li class='reply js_reply' id='reply_{k + 777}'><div class='reply-header'><a class='author-name'>{n}</a>"
        f"<time class='timestamp' datetime='{iso}'>{d}</time></div><div class='reply-content'><p>{b}</p></div></li>"),
}


def test_comment_systems_markup_gives_one_dated_record_per_comment() -> None:
    for system, comment in SYSTEMS.items():
        items = "".join(comment(k, n, d, iso, b) for k, (n, d, iso, b) in enumerate(zip(NAMES, DATES, ISO_DATES, BODIES,
                                                                                         strict=True)))
        thread = _parse(_page(f"<div id='comments' class='comments'><h3>5 Comments</h3>{items}</div>"))
        _assert_records(thread)
        assert [c.timestamp[:10] for c in thread.present_comments] == [i[:10] for i in ISO_DATES], system
