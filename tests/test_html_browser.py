"""The HTML report in a real headless Chromium (Debian ``chromium`` + ``chromium-driver``, via selenium).

The seed's report, linted with the default rules: the page loads with no console errors, every
finding of the JSON output is highlighted at its offset with exactly its text, a filter click hides
what it should, and a screenshot is written to ``build/report-screenshot.png``.
"""
from __future__ import annotations

import json
import shutil
import tempfile

import pytest
from typer.testing import CliRunner

from conftest import REPO, SEED
from linter.cli import app
from linter.report import ReportContext, render
from linter.runner import Runner

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SCREENSHOT = REPO / "build" / "report-screenshot.png"

# For each finding index: its highlighted text (marks in order, joined) and the article offset of its
# anchor, counted over the lines' text with one character per line break (the seed uses "\n").
PLACES = """
const section = document.querySelector("section.article");
const lines = Array.from(section.querySelectorAll(".ln .tx"));
const out = {};
section.querySelectorAll("li.finding").forEach(item => {
  const i = item.dataset.index;
  const text = Array.from(section.querySelectorAll("mark.hl"))
    .filter(m => m.dataset.f.split(" ").includes(i)).map(m => m.textContent).join("");
  const anchor = document.getElementById(section.id + "-f" + i);
  const tx = anchor.closest(".tx");
  let offset = 0;
  for (const line of lines) { if (line === tx) break; offset += line.textContent.length + 1; }
  const range = document.createRange();
  range.setStart(tx, 0);
  range.setEndBefore(anchor);
  out[i] = [text, offset + range.toString().length];
});
return out;
"""


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("headless browser tests need Debian's chromium and chromium-driver "
                    "(apt-get install -y chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is a dev dependency: pip install -e '.[dev]'")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="copydesk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
                "--window-size=1400,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def lint(*args: str) -> str:
    result = CliRunner().invoke(app, ["lint", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    """(findings of the JSON output, report path) for one run over the seed with the default rules."""
    out = tmp_path_factory.mktemp("report") / "report.html"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        results = list(Runner(keep_source=True).run([str(SEED.relative_to(REPO))]))
    out.write_text(render("html", results, ReportContext()), encoding="utf-8")
    return json.loads(render("json", results, ReportContext()))["files"][0]["findings"], out


def test_seed_report_loads_cleanly_and_highlights_every_finding(browser, seed_report):
    findings, path = seed_report
    assert findings, "the seed has findings"
    browser.get(path.as_uri())
    assert browser.get_log("browser") == []
    for _ in range(2):  # grow the window to the page, so that the screenshot shows the whole report
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1400, min(height + 160, 4000))
    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    places = browser.execute_script(PLACES)
    assert len(places) == len(findings)
    for i, f in enumerate(findings):
        assert places[str(i)] == [f["text"].replace("\n", ""), f["offset"]], f
    marks = browser.find_elements("css selector", "mark.hl")
    assert all(m.is_displayed() for m in marks if m.text)
    colours = {m.value_of_css_property("background-color") for m in marks}
    assert "rgba(0, 0, 0, 0)" not in colours
    first = browser.find_element("css selector", 'mark.hl[data-f="0"]')
    assert first.get_attribute("title").startswith(f"{findings[0]['code']} [{findings[0]['severity']}] ")


def test_filter_click_hides_findings_and_their_highlights(browser, seed_report):
    findings, path = seed_report
    browser.get(path.as_uri())
    category = findings[0]["category"]
    browser.find_element("css selector", f'input[data-filter="category"][value="{category}"]').click()
    items = browser.find_elements("css selector", "li.finding")
    visible = [f["category"] != category for f in findings]
    assert [item.is_displayed() for item in items] == visible
    assert browser.find_element("css selector", ".shown").text == str(sum(visible))
    for mark in browser.find_elements("css selector", "mark.hl"):
        covered = [int(i) for i in mark.get_attribute("data-f").split()]
        faded = "off" in mark.get_attribute("class").split()
        assert faded == (not any(visible[i] for i in covered))
    browser.find_element("css selector", f'input[data-filter="category"][value="{category}"]').click()
    assert all(item.is_displayed() for item in browser.find_elements("css selector", "li.finding"))
    browser.find_elements("css selector", "li.finding a")[-1].click()
    assert browser.execute_script("return location.hash") == f"#a1-f{len(findings) - 1}"
    assert browser.get_log("browser") == []


def test_hostile_article_text_runs_nothing(browser, tmp_path):
    article = tmp_path / "evil.txt"
    article.write_text("Talks resume\n\n<script>window.__pwned = 1</script>\n\n"
                       "<img src=x onerror=\"window.__pwned = 2\"> the the end </body> here.\n", encoding="utf-8")
    out = tmp_path / "evil.html"
    lint(str(article), "--format", "html", "-o", str(out))
    browser.get(out.as_uri())
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.find_elements("css selector", "section.article img, section.article script") == []
    lines = [e.text for e in browser.find_elements("css selector", ".ln .tx")]
    assert lines[2] == "<script>window.__pwned = 1</script>"
    assert lines[4] == '<img src=x onerror="window.__pwned = 2"> the the end </body> here.'
    assert browser.get_log("browser") == []
