"""Rules as data: the cue word lists, reply openings and insults the stance models read.

All lower-case; a phrase matches on word boundaries of the normalised text
(:func:`discourse.stance.tokens.normalize_post`). The compiled forms live in
:mod:`discourse.stance.features`.
"""

from __future__ import annotations

__all__ = [
    "AGREE_CUES",
    "CUE_NEGATION_WINDOW",
    "DENY_CUES",
    "DISAGREE_CUES",
    "INSULT_WORDS",
    "LAUGH_WORDS",
    "NEGATION_CUES",
    "NEGATION_WORDS",
    "QUERY_CUES",
    "REPLY_OPENINGS",
    "SUPPORT_CUES",
    "WH_START",
]

# ---------------------------------------------------------------------------------------
# Reply stance (SDQC)
# ---------------------------------------------------------------------------------------
DENY_CUES = (
    "fake", "hoax", "not true", "false", "untrue", "lie", "lies", "lying", "liar", "debunked", "rumor",
    "rumour", "no evidence", "nonsense", "bullshit", "bs", "wrong", "misleading", "photoshopped",
    "satire", "stop spreading", "don't believe", "not real", "isn't true", "made up", "propaganda",
    "conspiracy", "doubt", "unconfirmed", "not confirmed", "denied", "denies", "deny", "fabricated",
    "nope", "no way", "ridiculous", "stupid", "idiot", "quack",
)
QUERY_CUES = (
    "is this true", "is it true", "really", "source", "proof", "evidence", "confirm", "confirmed?",
    "any news", "what", "why", "how", "who", "where", "when", "which", "is that", "are you sure",
    "link", "citation", "wait what", "any update",
)
SUPPORT_CUES = (
    "confirmed", "official", "breaking", "reports", "reported", "according to", "yes", "true",
    "indeed", "agree", "exactly", "correct", "right", "well said", "absolutely", "police say",
    "statement", "sources say", "so true",
)
NEGATION_CUES = ("not", "no", "never", "n't", "nothing", "nobody", "none", "neither", "nor", "cannot")
WH_START = ("what", "why", "how", "who", "where", "when", "which", "is", "are", "does", "do", "did", "can", "could")

# ---------------------------------------------------------------------------------------
# Agreement (agree / disagree / neutral)
# ---------------------------------------------------------------------------------------
#: Explicit agreement / disagreement cues (issue 22). A cue preceded by a negation within
#: ``CUE_NEGATION_WINDOW`` tokens counts for the other side ("not true" is itself a disagree cue,
#: "you're not wrong" agrees, "I don't agree" disagrees).
AGREE_CUES = (
    "agree", "agreed", "exactly", "well said", "you're right", "youre right", "you are right", "so true",
    "true", "yes", "yep", "yeah", "absolutely", "correct", "indeed", "totally", "same", "this is it",
    "good point", "100%", "spot on", "thank you", "thanks", "precisely", "definitely",
)
DISAGREE_CUES = (
    "disagree", "nonsense", "wrong", "not true", "untrue", "false", "nope", "bullshit", "bs", "lie", "lies",
    "lying", "ridiculous", "no", "not really", "actually", "you're wrong", "that's not", "idiot", "stupid",
    "moron", "dumb", "how about", "except", "but",
)
#: How many tokens before a cue are searched for a negation (:data:`NEGATION_WORDS`, or a word
#: ending in "n't").
CUE_NEGATION_WINDOW = 3
NEGATION_WORDS = frozenset(("not", "no", "never", "nothing", "nobody", "neither", "nor", "cannot", "hardly"))

#: Discourse patterns of a reply's opening (matched at the start of the normalised text): how a reply
#: begins says more about agreement than its topic words, and transfers across subreddits.
REPLY_OPENINGS = {
    "open_yes": r"(?:yes|yep|yeah|yup|ya|yea|true|right|correct|exactly|absolutely|definitely|agreed?|indeed|this|"
                r"same|so true|100%|precisely|facts)\b",
    "open_no": r"(?:no|nope|nah|not|wrong|false|bullshit|bs|um|uh|hmm|except|actually)\b",
    "open_but": r"(?:but|however|well|yet|although|though)\b",
    "open_so": r"(?:so you'?re saying|so you think|so what|so)\b",
    "open_source": r"(?:source|citation|proof|evidence)\b",
    # Whole words only: a bare "ha" prefix also fired on "have" and "hard".
    "open_laugh": r"(?:lol|lmao|haha\w*|ha|rofl)\b",
    "open_imean": r"(?:i mean|imagine|i think|i feel|honestly)\b",
    "open_question": r"(?:what|why|how|who|where|when|which|is|are|does|do|did|can|could|would|wouldn't|isn't)\b",
    "open_thanks": r"(?:thanks|thank you|ty)\b",
}
#: Insults: aimed at "you" they mark disagreement with the target's author; at "them", agreement.
INSULT_WORDS = (
    "idiot", "idiots", "stupid", "moron", "morons", "dumb", "dumbass", "fool", "clown", "troll", "sheep",
    "brainwashed", "ignorant", "pathetic", "loser", "karen", "snowflake",
)
#: Laughter, matched as a substring ("hahaha" too).
LAUGH_WORDS = ("lol", "lmao", "haha")
