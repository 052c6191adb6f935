"""Benchmark: full scoring (sentiment + stance + agreement) vs VADER alone, comments per second, one run.

usage: PYTHONPATH=. python bench/bench_scoring.py [--threads 40] [--comments 50] [--repeat 3]

Generates deterministic synthetic threads (an article of 6 paragraphs, N comments of 1-4
sentences, about half of them replies), then times
  * baseline: vaderSentiment's ``polarity_scores`` on every comment's text;
  * candidate: ``score_sentiment`` + ``score_stance`` (shipped stance and agreement models) on the same
    threads, which also scores the article sentences and two stance and agreement pairs per reply.
Prints comments/s of both and the ratio (goal: candidate >= 50% of the baseline), and, to show where the
time goes, the stance stage's time as a multiple of VADER's (no goal: the ratio above is the measure).
Caches of the sentiment and stance stages are cleared before each repetition, so no repetition reuses
work of the previous one.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runs from a bare clone too

from discourse.model import Article, Comment, Thread, ThreadTables

WORDS = ("the plan is good bad terrible great fake true really why who council city tax money people "
         "think know agree disagree never not love hate lol wow sad happy report police said news").split()


def make_threads(n_threads: int, n_comments: int, seed: int = 0) -> list[Thread]:
    rng = random.Random(seed)

    def sentence() -> str:
        s = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 18)))
        return s.capitalize() + rng.choice([".", ".", "!", "?"])

    threads = []
    for t in range(n_threads):
        paragraphs = [" ".join(sentence() for _ in range(rng.randint(2, 5))) for _ in range(6)]
        comments = []
        for i in range(n_comments):
            reply_to = f"c{rng.randrange(i)}" if i and rng.random() < 0.5 else None
            comments.append(Comment(f"c{i}", " ".join(sentence() for _ in range(rng.randint(1, 4))),
                                    author=f"u{rng.randrange(20)}", reply_to=reply_to, position=i))
        threads.append(Thread(f"t{t}", "bench", article=Article(paragraphs=paragraphs), comments=comments))
    return threads


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=40)
    ap.add_argument("--comments", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)

    from discourse.sentiment import get_analyzer, score_sentiment
    from discourse.stance import AgreementClassifier, StanceClassifier, score_stance

    threads = make_threads(a.threads, a.comments)
    tables = ThreadTables.from_threads(threads)
    texts = [c.text for t in threads for c in t.comments]
    sia = get_analyzer()
    model = StanceClassifier.pretrained()
    agreement = AgreementClassifier.pretrained()
    score_stance(score_sentiment(tables.for_thread("t0")), model=model, agreement=agreement)  # warm-up: lexicons

    from discourse import stance as stance_module
    from discourse.sentiment import _sentence_scores

    base, cand, sent, stance_t = [], [], [], []
    base_cpu, cand_cpu = [], []  # this process's CPU time: what other tenants of the machine disturb less
    for _ in range(a.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for text in texts:
            sia.polarity_scores(text)
        base.append(time.perf_counter() - t0)
        base_cpu.append(time.process_time() - c0)
        _sentence_scores.cache_clear()  # no help from the previous repetition's caches
        for cached in (stance_module.normalize_post, stance_module._reply_tokens, stance_module._reply_terms,
                       stance_module._target_tokens, stance_module._word_set, stance_module.agreement_cues,
                       stance_module._text_discourse, stance_module._word_vectors,
                       stance_module._word_char_ngrams, stance_module._word_ids):
            cached.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        scored = score_sentiment(tables)
        t1 = time.perf_counter()
        out = score_stance(scored, model=model, agreement=agreement)
        cand.append(time.perf_counter() - t0)
        cand_cpu.append(time.process_time() - c0)
        sent.append(t1 - t0)
        stance_t.append(time.perf_counter() - t1)
    n = len(texts)
    b, c = n / min(base), n / min(cand)
    print(f"comments: {n} in {a.threads} threads; sentences scored: {out.sentences.height}; "
          f"stance rows: {out.stance.height}")
    print(f"VADER alone:            {b:10.1f} comments/s")
    print(f"sentiment stage only:   {n / min(sent):10.1f} comments/s (incl. article sentences)")
    print(f"sentiment+stance+agreement: {c:6.1f} comments/s")
    print(f"ratio: {c / b:.2f} (goal >= 0.50); by CPU time: {min(base_cpu) / min(cand_cpu):.2f}")
    print(f"stance+agreement stage alone: {min(stance_t):.3f} s = {min(stance_t) / min(base):.2f} x VADER's time "
          "(where the time goes; no goal of its own)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
