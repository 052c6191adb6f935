"""What comment markup looks like, as class/id tokens and patterns: the ``id`` values and classes of
one comment item, the tokens of a region holding comments and of contexts that hold none (widgets,
forms, pingbacks), the tokens of each role inside a comment (author, date, meta line, body,
controls), the nesting levels classes state, and the words around a name ("says:", "Posted by",
"wrote:") or on a control line ("Reply")."""

from __future__ import annotations

import re

from discourse.parse.markup import COMMENT_ITEM_CLASSES

DIGITS = re.compile(r"\d+")
HAS_DIGIT = re.compile(r"\d")
#: ``id`` values of one comment (WordPress ``comment-12``, Blogger ``c1099…``, Kinja ``reply_1``…).
ITEM_ID = re.compile(
    r"^(?:comment|li-comment|div-comment|comment-body|c|cmt|reply|dsq-comment|comentario|kommentar|"
    r"commentaire|entry-comment|comment_?id|comment-item)[-_]?\d+$",
    re.I,
)
#: Whole class tokens that mark one comment: the block walker's list (without "reply", which
#: counts only inside a comment region here) and the body/wrapper names of more systems.
ITEM_CLASSES = (COMMENT_ITEM_CLASSES - {"reply"}) | {
    "comments-body",
    "comment-body",
    "commentbody",
    "c-comment",
    "fyre-comment-wrapper",
    "h-cite",
    "p-comment",
    "usercomment",
    "kommentar",
    "comentario",
    "commentaire",
}
#: Class tokens of one comment that only count inside a comment region (too common elsewhere).
REGION_ITEM_CLASSES = frozenset({"reply", "post", "message", "item", "entry", "response", "h-entry"})
#: Class/id tokens of a region that holds the comments.
COMMENT_REGION = re.compile(
    r"(?:^|[-_ ])(?:comments?|commentlist|comment-list|comments-block|replies|responses|discussion|"
    r"disqus|talkback|kommentare|commentaires|comentarios|reactions|livefyre|fyre)(?:$|[-_ ])",
    re.I,
)
#: Ancestors whose items are not this page's comments, or not comments at all (whole class/id tokens).
EXCLUDE_TOKENS = frozenset(
    {
        "recentcomments",
        "recent-comments",
        "recent_comments",
        "widget_recent_comments",
        "most-commented",
        "sidebar",
        "comment-form",
        "commentform",
        "comment-respond",
        "respond",
        "reply-form",
        "pingbacks",
        "pingback",
        "trackbacks",
        "trackback",
        "pingback-list",
        "trackback-list",
        "related",
        "related-posts",
        "teaser",
    }
)
NOT_COMMENT_CLASSES = frozenset({"pingback", "trackback"})
#: Inline and heading elements whose comment id marks where a comment starts.
MARK_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "span", "strong", "b", "cite", "header"})
ITEM_TAGS = frozenset({"li", "div", "article", "section", "dl", "dd", "dt", "table", "tr", "td", "blockquote", "p"})
#: Tags :func:`candidate_items` reads: items, anchors (``<a name="c12">``) and marker headings.
CANDIDATE_TAGS = tuple(sorted(ITEM_TAGS | MARK_TAGS | {"a"}))
#: Role tokens inside a record (whole class/id tokens, or after splitting on - and _).
AUTHOR_TOKENS = frozenset(
    {
        "author",
        "fn",
        "comment-author",
        "commentauthor",
        "comment_author",
        "comment-author-name",
        "username",
        "user-name",
        "user",
        "commenter",
        "commenter-name",
        "poster",
        "postauthor",
        "post-author",
        "name",
        "nick",
        "nickname",
        "author-name",
        "display-name",
        "p-author",
        "h-card",
        "vcard",
    }
)
DATE_TOKENS = frozenset(
    {
        "date",
        "time",
        "timestamp",
        "published",
        "dt-published",
        "comment-date",
        "comment-time",
        "commentdate",
        "comment-timestamp",
        "datetime",
        "posted-on",
        "postdate",
        "post-date",
        "updated",
        "timeago",
        "time-ago",
    }
)
META_TOKENS = frozenset(
    {
        "comment-meta",
        "commentmetadata",
        "comment-metadata",
        "comment-footer",
        "comment-data",
        "comment-info",
        "comment-head",
        "comment-header",
        "comments-post",
        "posted",
        "byline",
        "comment-details",
        "meta",
        "metadata",
        "comment-byline",
        "info",
    }
)
BODY_TOKENS = frozenset(
    {
        "comment-content",
        "comment-body",
        "comment-text",
        "comment_text",
        "commenttext",
        "comment-entry",
        "contenttext",
        "comment_content",
        "comments-body",
        "commentbody",
        "comment-message",
        "postbody",
        "post-body",
        "post-content",
        "reply-content",
        "message",
        "e-content",
        "p-content",
        "text",
        "body",
        "content",
        "entry",
        "fyre-comment",
        "c-comment__content",
    }
)
CONTROL_TOKENS = frozenset(
    {
        "reply",
        "comment-reply-link",
        "reply-link",
        "comment-reply",
        "edit-link",
        "comment-edit-link",
        "item-control",
        "like",
        "likes",
        "vote",
        "votes",
        "rating",
        "report",
        "share",
        "comment-actions",
        "actions",
        "avatar",
        "comment-awaiting-moderation",
        "screen-reader-text",
    }
)
#: Parts of class tokens of controls and pop-ups inside a comment (follow buttons, hover cards, menus).
CONTROL_PARTS = ("hovercard", "dropdown", "follow", "tooltip", "popup", "share", "vote", "moderation-tools")
#: Parts of class tokens of the element that names the parent's author ("→ jnovo22", "in reply to X").
REPLY_TO_PARTS = ("replyto", "reply-to", "in-reply-to", "parent-author", "reply_to")
#: A level written in a comment's classes: ``depth-2``, ``level-3``, ``comment--indented``.
NESTING_LEVEL = re.compile(r"(?:^|[-_])(?:depth|level|indent|nest|nested|lvl)[-_]?(\d{1,2})$")
NESTING_LEVEL_WORDS = {"toplevel": 1, "top-level": 1, "js-comment-toplevel": 1, "indented": 2, "comment--indented": 2,
                "child": 2, "is-reply": 2, "comment--reply": 2, "reply-comment": 2, "children-comment": 2}
ITEMPROP_AUTHOR = frozenset({"author", "creator"})
ITEMPROP_BODY = frozenset({"text", "commenttext", "articlebody", "description"})
#: "says:", "sagt:", "dit :", "dice:", "disse:" and "Comment by", "Posted by", "von" around an author name.
# Each pattern starts at a word or a separator, never with a run of spaces: linear on any text.
AUTHOR_NOISE = re.compile(
    r"(?i)^(?:(?:(?:comment(?:ed)?|posted|written|submitted|kommentar|geschrieben|commentaire|comentario|"
    r"comentado|publicado|postato|scritto)\s+(?:by|von|par|por|da))|by|par|por)\s*:?(?:\s+|$)|"
    r"\b(?:says|said|wrote|writes|sagt|schreibt|schrieb|meint|dit|écrit|dice|escribió|escreveu|disse|"
    r"diz|scrive|ha scritto)\W{0,4}$"
)
NAME_SEPARATORS = " \t\n-–—|,:;@·•[]\u00a0"
QUOTE_INTRO = re.compile(r"(?i)^(?:quote:?\s*)?(?:originally posted by |quoting |quote from |zitat von )?"
                          r"(?P<author>.{1,50}?)\s+(?:wrote|said|schrieb|sagte|a écrit|escribió|escreveu):?\s*$")
CONTROL_LINE = re.compile(
    r"(?i)^(?:reply|antworten|répondre|repondre|responder|rispondi|beantworten|reply to this|"
    r"(?:\d+\s*)?(?:likes?|gefällt mir|j'aime|me gusta)|melden|report|edit|bearbeiten|quote|zitieren|"
    r"permalink|link|#|↑|top|nach oben)\s*[↓↑»›]?$"
)
