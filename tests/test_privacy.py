from __future__ import annotations

import time

from discourse.model import Comment
from discourse.privacy import EMAIL, PHONE, URL, load_salt, pseudonym, pseudonymize, redact, redact_text
from tests.conftest import make_thread


def test_pseudonyms_reach_fields_and_text() -> None:
    thread = make_thread(authors=["John Chan", "Ann"])
    thread.comments[1].text = "@John Chan you are wrong. John Chan wrote: nonsense"
    thread.comments[1].quoted_author = "John Chan"
    thread.comments[1].quoted_text = "Ann is right, says John Chan"
    out = pseudonymize(thread, b"salt")
    dump = out.to_json()
    assert "John Chan" not in dump and "Ann" not in dump.replace("Annex", "")
    john = pseudonym("John Chan", b"salt")
    assert out.comments[0].author == john
    assert out.comments[1].text == f"@{john} you are wrong. {john} wrote: nonsense"
    assert out.comments[1].quoted_author == john
    assert thread.comments[0].author == "John Chan", "the input thread is not modified"


def test_pseudonyms_are_stable_per_salt(tmp_path) -> None:
    salt = load_salt(tmp_path)
    assert load_salt(tmp_path) == salt
    assert pseudonym("Bob", salt) == pseudonym("bob ", salt)
    assert pseudonym("Bob", salt) != pseudonym("Bob", load_salt(tmp_path / "other"))


def test_names_inside_words_are_left_alone() -> None:
    thread = make_thread(authors=["Ann"])
    thread.comments[0].text = "Annual report by Ann."
    out = pseudonymize(thread, b"k")
    assert out.comments[0].text == f"Annual report by {pseudonym('Ann', b'k')}."


def test_redact_removes_contact_details() -> None:
    text = "Write to jane.doe@mail.example.com or call 0044 20 7946 0958; details at www.example.org/x?y=1."
    assert redact_text(text) == "Write to [email] or call [phone]; details at [url]"
    thread = make_thread()
    thread.comments[0] = Comment("c1", "see http://evil.example/a", quoted_text="mail a@b.co")
    out = redact(thread)
    assert out.comments[0].text == "see [url]" and out.comments[0].quoted_text == "mail [email]"


def test_patterns_are_linear_on_adversarial_input() -> None:
    for pattern in (EMAIL, URL, PHONE):
        for attack in ("a" * 100_000 + "@", "1 " * 50_000, "www." + "a." * 50_000, "@" + "a-" * 50_000):
            start = time.perf_counter()
            pattern.search(attack)
            assert time.perf_counter() - start < 1.0, pattern.pattern
