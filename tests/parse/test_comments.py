"""Comment grouping, quotes, reply links and provenance on small pages made here."""

from __future__ import annotations

from discourse.parse import parse_page
from discourse.parse.blocks import text_blocks
from discourse.parse.comments import build_comments, group_comments, line_kind


def _comments(text: str):
    return build_comments(group_comments(text_blocks(text)))


def test_line_kinds():
    assert line_kind("Alita July 6, 2012 at 10:47 pm") == "author_date"
    assert line_kind("Chef Mark Garcia — July 17th, 2012, 6:18 pm") == "author_date"
    assert line_kind("John Smith says:") == "says"
    assert line_kind("Log in to Reply") == "boiler"
    assert line_kind("12") == "boiler"
    assert line_kind("Leave a Reply") == "end"
    assert line_kind("I think the article is wrong.") == "text"


def test_numbered_and_handle_headers_are_header_lines():
    # a comment's number before its date, the commenter's handle after it: still a header line
    assert line_kind("#1.2 - Mon Oct 29, 2012 10:28 AM EDT") == "date"
    assert line_kind("#3 - October 5, 2012") == "date"
    assert line_kind("Jamie Wayne, on November 7th, 2012   @jamieguijarro") == "author_date"
    # a sentence holding a date and a handle is still text
    assert line_kind("We met on November 7th, 2012 and I told @jamie all about it.") == "text"


def test_says_headers_and_reply_lines_dropped():
    cs = _comments(
        "Anna says:\nMay 3, 2012 at 10:00 am\n\nGreat piece.\n\nReply\n\n"
        "Bob says:\nMay 3, 2012 at 11:30 am\n\n@Anna I disagree entirely.\n\nReply\n\nLeave a Reply\n\nYour Name"
    )
    assert [(c.author, c.timestamp, c.text) for c in cs] == [
        ("Anna", "2012-05-03T10:00", "Great piece."),
        ("Bob", "2012-05-03T11:30", "@Anna I disagree entirely."),
    ]
    assert (cs[1].reply_to, cs[1].reply_source) == ("c1", "mention")
    assert 0 < cs[1].reply_confidence < 1
    assert cs[0].reply_source == "none" and cs[0].reply_confidence == 0.0


def test_quote_of_parent_on_page_links_to_it():
    cs = _comments(
        "Anna\nMay 3, 2012 at 10:00\n\nTaxes should go up for everyone.\n\n"
        "“@Anna\nMay 3, 2012 at 10:00\n\nTaxes should go up for everyone.”\n\nNo, they should not.\n\n"
    )
    present = [c for c in cs if not c.absent]
    assert len(present) == 2 and not any(c.absent for c in cs)
    assert present[1].text == "No, they should not."
    assert present[1].quoted_author == "Anna"
    assert present[1].quoted_text == "Taxes should go up for everyone."
    assert (present[1].reply_to, present[1].reply_source) == ("c1", "quote")


def test_html_dom_nesting_gives_markup_links(tmp_path):
    html = """<html><body><h1>Budget day</h1><div class="entry-content">
    <p>The government presented its budget today, with cuts to many departments
    and new taxes on fuel, the largest change to public spending in more than a decade, officials said.</p>
    <p>Critics said the plan would hurt families while doing little to reduce the deficit over time,
    and several ministers agreed.</p></div>
    <ol class="commentlist">
      <li class="comment" id="comment-1"><div class="comment-author">Anna says:</div>
        <div class="comment-meta">May 3, 2012 at 10:00 am</div><p>This budget is a disaster for families.</p>
        <ul class="children"><li class="comment" id="comment-2"><div class="comment-author">Bob says:</div>
          <div class="comment-meta">May 3, 2012 at 11:00 am</div><p>I think it is fair enough, actually.</p></li></ul>
      </li>
      <li class="comment" id="comment-3"><div class="comment-author">Cy says:</div>
        <div class="comment-meta">May 4, 2012 at 09:00 am</div><p>Fuel taxes hit rural drivers hardest.</p></li>
    </ol></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html)
    t = parse_page(path)
    cs = t.present_comments
    assert [c.author for c in cs] == ["Anna", "Bob", "Cy"]
    assert cs[1].reply_to == "c1" and cs[1].reply_source == "markup"
    assert cs[2].reply_to is None
    assert "budget today" in t.article.text and "disaster" not in t.article.text


def test_a_name_after_the_date_makes_an_author_date_header():
    from discourse.parse.comments import author_from_header
    from discourse.parse.dates import find_date

    named = {
        "on 25 Oct 2012 at 7:20 pm Timon Piccini": "Timon Piccini",
        "Thu, 08/09/2012 - 14:32 | 2691789 ReallySparky": "ReallySparky",
        "Fri, 2012-11-09 17:18 — Caroline Crampton": "Caroline Crampton",
        "Thu, 08/09/2012 - 13:04 | 2691543 malikai": "malikai",
    }
    for line, author in named.items():
        assert line_kind(line) == "author_date", line
        assert author_from_header(line, find_date(line)) == author
    # a time zone, a count, a category or a sentence after the date names nobody
    assert line_kind("July 24, 2012 7:26 AM PDT") == "date"
    for line in (
        "Posted on November 1st, 2012 • 15 Comments",
        "Posted on September 30th, 2008 in iPod Touch |",
        "On March 3, 2012 Obama said the plan works.",
    ):
        assert line_kind(line) == "text", line


def test_a_dump_with_dated_name_headers_gives_one_record_per_comment():
    article = (
        "The council voted on the budget plan on Tuesday. Residents argued about it for hours, and the mayor "
        "said the plan will pass next month after a second reading by the full council."
    )
    comments = [
        ("Thu, 08/09/2012 - 14:32 | 2691789 ReallySparky", "ReallySparky", "The libraries should stay open late."),
        ("Thu, 08/09/2012 - 15:02 | 2691790 malikai", "malikai", "No, the pools matter more than the roads do."),
        ("Thu, 08/09/2012 - 15:40 | 2691791 Ann Bell", "Ann Bell", "Both of you forget the buses, as always."),
    ]
    text = "\n\n".join([article, article, *[p for head, _, body in comments for p in (head, body)]]) + "\n"
    thread = parse_page("dump.txt", data=text.encode())
    assert [(c.author, c.text) for c in thread.comments] == [(a, b) for _, a, b in comments]
    assert all(c.timestamp is not None for c in thread.comments)
