"""Privacy transforms applied to a parsed thread before anything is scored or written.

* :func:`pseudonymize` replaces every commenter name with a stable salted pseudonym, in the
  author fields *and* inside comment text ("@John Chan", "John Chan wrote:"), so no output
  (report, data table, export) carries the real name. The same salt gives the same
  pseudonyms, so repeated runs into one output folder agree; the folder keeps its salt in
  ``.state/salt`` and reports only its hash.
* :func:`redact` removes e-mail addresses, phone numbers and URLs from comment and quoted text.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import re
import secrets
from pathlib import Path

from discourse.model import Comment, Thread

__all__ = ["load_salt", "pseudonym", "pseudonymize", "redact", "redact_text", "salt_fingerprint"]

# Each pattern is linear: bounded repetitions, no nested quantifiers over overlapping classes.
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}\b")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'\]\)]{1,2000}", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w+])\+?\d{1,3}?[ .-]?\(?\d{2,4}\)?(?:[ .-]?\d{2,4}){2,3}(?!\w)")
REDACTIONS = (("[email]", EMAIL), ("[url]", URL), ("[phone]", PHONE))


def redact_text(text: str | None) -> str | None:
    """Replace e-mail addresses, URLs and phone numbers with placeholders.

    >>> redact_text("mail me: a.b@example.org, see https://x.y/z or call +1 (555) 123-4567")
    'mail me: [email], see [url] or call [phone]'
    """
    if not text:
        return text
    for placeholder, pattern in REDACTIONS:
        text = pattern.sub(placeholder, text)
    return text


def redact(thread: Thread) -> Thread:
    """A copy of ``thread`` with contact details and links removed from all comment text."""
    comments = [
        dataclasses.replace(c, text=redact_text(c.text) or "", quoted_text=redact_text(c.quoted_text))
        for c in thread.comments
    ]
    return dataclasses.replace(thread, comments=comments)


def load_salt(folder: str | Path) -> bytes:
    """The output folder's salt: read from ``.state/salt``, created (random) the first time."""
    path = Path(folder) / ".state" / "salt"
    if path.is_file():
        return bytes.fromhex(path.read_text().strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    salt = secrets.token_bytes(16)
    path.write_text(salt.hex())
    return salt


def salt_fingerprint(salt: bytes) -> str:
    """What reports show of the salt: enough to tell whether two runs used the same one."""
    return hashlib.sha256(salt).hexdigest()[:12]


def pseudonym(name: str, salt: bytes) -> str:
    """A stable pseudonym for ``name`` under ``salt``.

    >>> pseudonym("John Chan", b"k") == pseudonym("John Chan", b"k") != pseudonym("John Chan", b"j")
    True
    """
    digest = hmac.new(salt, name.strip().casefold().encode("utf-8"), hashlib.sha256).digest()
    return "commenter-" + base64.b32encode(digest[:5]).decode("ascii").lower()


def _name_pattern(names: list[str]) -> re.Pattern[str] | None:
    names = sorted({n for n in names if n and len(n.strip()) >= 2}, key=lambda n: (-len(n), n))
    if not names:
        return None
    alternatives = "|".join(re.escape(n.strip()) for n in names)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def pseudonymize(thread: Thread, salt: bytes) -> Thread:
    """A copy of ``thread`` with every commenter name replaced, in fields and in text."""
    names = [c.author for c in thread.comments if c.author] + [c.quoted_author for c in thread.comments
                                                              if c.quoted_author]
    mapping = {n.strip(): pseudonym(n, salt) for n in names}
    pattern = _name_pattern(list(mapping))

    def swap(text: str | None) -> str | None:
        if not text or pattern is None:
            return text
        return pattern.sub(lambda m: mapping[m.group(0)], text)

    def renamed(c: Comment) -> Comment:
        return dataclasses.replace(
            c,
            author=mapping.get(c.author.strip()) if c.author else c.author,
            quoted_author=mapping.get(c.quoted_author.strip()) if c.quoted_author else c.quoted_author,
            text=swap(c.text) or "",
            quoted_text=swap(c.quoted_text),
        )

    return dataclasses.replace(thread, comments=[renamed(c) for c in thread.comments])
