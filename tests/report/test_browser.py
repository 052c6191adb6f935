"""Open reports in headless Chromium: nothing from page data runs, nothing loads, no errors.

Skips (with the reason) where Playwright or a Chromium binary is missing; CI installs
Chromium from the system packages (.ci/run).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from discourse.contrast import contrast_thread
from discourse.pipeline import analyze
from discourse.report import render_index, render_thread
from tests.conftest import SEEDS, make_thread

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)"),
]

# Each payload would set window.__pwned (or open a dialog) if the browser ever ran it.
PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '<a href="javascript:window.__pwned = 3">click me</a>',
    "</style><script>window.__pwned = 4</script><style>",
    '"><svg onload="window.__pwned = 5">',
    "<iframe src=\"https://example.com/\"></iframe>",
]


def hostile_thread():
    """2,000 comments: the payloads, right-to-left text, emoji, and one 100,000-character comment."""
    texts = [*PAYLOADS,
             "שלום, זו תגובה מימין לשמאל ‏(RTL)‏ עם עברית, ومرحبا بالعالم",
             "Emoji 🎉👍🏽👨‍👩‍👧 and variation selectors ❤️ in a comment",
             "Ordinary comment about the gas price and the arms deal."]
    thread = make_thread(n_comments=2000, texts=texts, authors=[*PAYLOADS, "ناشر", None], title=PAYLOADS[0])
    thread.comments[7].text = "A very long comment. " * 4762  # about 100,000 characters
    thread.source = PAYLOADS[1]
    thread.comments[3].quoted_author = PAYLOADS[2]
    thread.comments[3].quoted_text = PAYLOADS[3]
    return thread


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


def open_report(browser, path: Path, screenshot: Path) -> dict:
    """Load a report from disk; return console errors, dialogs, requests and the pwned flag."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    seen: dict[str, list] = {"errors": [], "dialogs": [], "requests": []}
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(200)
    # Hovering and clicking the quoted links must not run anything either.
    for link in page.locator("a:visible").all()[:20]:  # (links in a closed <details> cannot be hovered)
        link.hover()
    seen["pwned"] = page.evaluate("window.__pwned === undefined ? null : window.__pwned")
    seen["title"] = page.title()
    page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return seen


def assert_clean(seen: dict, path: Path) -> None:
    assert seen["pwned"] is None, f"page data ran as script in {path}"
    assert seen["dialogs"] == []
    assert seen["errors"] == [], seen["errors"]
    assert seen["requests"] == [path.as_uri()], "a report must not request anything but itself"


def test_seed_reports_open_cleanly(browser, tmp_path) -> None:
    from discourse.runner import RunOptions, run_corpus

    out = tmp_path / "out"
    run_corpus([str(SEEDS)], RunOptions(output_dir=str(out), jobs=1))
    reports = sorted(out.glob("*/report.html"))
    assert len(reports) == 2
    for path in [*reports, out / "index.html"]:
        seen = open_report(browser, path, tmp_path / f"{path.parent.name}-{path.stem}.png")
        assert_clean(seen, path)
        assert (tmp_path / f"{path.parent.name}-{path.stem}.png").stat().st_size > 10_000


def test_hostile_report_runs_nothing(browser, tmp_path) -> None:
    thread = hostile_thread()
    tables = analyze(thread)
    folder = tmp_path / "hostile"
    summary = render_thread(tables, contrast_thread(tables), folder, thread=thread)
    summary["folder"] = "hostile"
    render_index([summary], [{"source": PAYLOADS[0], "stage": "parse", "error": PAYLOADS[1]}], tmp_path)
    for path in (folder / "report.html", tmp_path / "index.html"):
        seen = open_report(browser, path, tmp_path / f"{path.stem}.png")
        assert_clean(seen, path)
    assert "window.__pwned = 1" in (folder / "report.html").read_text()  # shown as text, escaped


# -- layout (issue 20): no horizontal overflow and no column narrower than its heading's words ---------

WIDTHS = (390, 1280)
#: Measures the page in the browser: the page's own overflow, any table box that scrolls sideways,
#: any element sticking out past the right edge, and every table heading's longest word against its column.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`page is ${doc.scrollWidth}px wide in ${doc.clientWidth}px`);
  for (const box of document.querySelectorAll('.table-wrap')) {
    if (box.scrollWidth > box.clientWidth + 1) {
      const head = box.querySelector('th') ? box.querySelector('th').textContent : '';
      problems.push(`table scrolls sideways: ${box.scrollWidth}px in ${box.clientWidth}px (${head})`);
    }
  }
  for (const el of document.querySelectorAll('main *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > doc.clientWidth + 1 && !el.closest('.table-wrap, details:not([open])')) {
      problems.push(`${el.tagName.toLowerCase()}.${el.className} sticks out to ${Math.round(r.right)}px`);
    }
  }
  const probe = document.createElement('span');
  probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
  document.body.appendChild(probe);
  for (const th of document.querySelectorAll('th')) {
    if (!th.getClientRects().length) continue;  // a table shown as cards on a phone has no heading row
    const style = getComputedStyle(th);
    for (const k of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'fontVariant']) probe.style[k] = style[k];
    probe.style.textTransform = style.textTransform;
    probe.style.letterSpacing = style.letterSpacing;
    let widest = 0, word = '';
    for (const w of th.textContent.trim().split(/\\s+/)) {
      probe.textContent = w;
      const width = probe.getBoundingClientRect().width;
      if (width > widest) { widest = width; word = w; }
    }
    const inner = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner + 0.5 < widest) {
      problems.push(`column "${th.textContent.trim()}" is ${inner}px, its word "${word}" ${Math.ceil(widest)}px`);
    }
  }
  probe.remove();
  return problems;
}"""


def layout_problems(browser, path: Path, width: int, screenshot: Path) -> list[str]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(path.as_uri(), wait_until="load")
    problems = page.evaluate(LAYOUT_PROBLEMS)
    page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return problems + [f"console error: {e}" for e in errors]


@pytest.fixture(scope="module")
def layout_reports(tmp_path_factory) -> tuple[list[Path], Path]:
    """The seeds' run (both reports and the index) plus made-up threads: long author names, a
    German thread, a thread without names, and a split crowd, rendered into one run folder."""
    from discourse.runner import RunOptions, run_corpus
    from tests.report.made_up import german_thread, long_names_thread, nameless_thread, split_crowd_thread

    out = tmp_path_factory.mktemp("layout")
    run_corpus([str(SEEDS)], RunOptions(output_dir=str(out / "seeds"), jobs=1))
    paths = [*sorted((out / "seeds").glob("*/report.html")), out / "seeds" / "index.html"]
    summaries = []
    for thread in (long_names_thread(), german_thread(), nameless_thread(), split_crowd_thread()):
        tables = analyze(thread)
        summary = render_thread(tables, contrast_thread(tables), out / "made-up" / thread.thread_id, thread=thread)
        summary["folder"] = thread.thread_id
        summaries.append(summary)
        paths.append(out / "made-up" / thread.thread_id / "report.html")
    render_index(summaries, [], out / "made-up")
    paths.append(out / "made-up" / "index.html")
    shots = out / "screenshots"
    shots.mkdir()
    return paths, shots


@pytest.mark.parametrize("width", WIDTHS)
def test_layout_holds_at_phone_and_desktop_width(browser, layout_reports, width) -> None:
    paths, shots = layout_reports
    found = {}
    for path in paths:
        name = f"{path.parent.parent.name}-{path.parent.name}-{path.stem}-{width}.png"
        problems = layout_problems(browser, path, width, shots / name)
        if problems:
            found[name] = problems
        assert (shots / name).stat().st_size > 5_000
    print(f"\nscreenshots at {width} px: {shots}")  # shown with pytest -s; kept in pytest's tmp folder
    assert not found, json.dumps(found, indent=1)
