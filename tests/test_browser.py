"""A real browser (headless Chromium) against the app served by gunicorn on 127.0.0.1."""
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ROOT, serve, stop

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"  # installed by .ci/run
# WCAG 2.1 A and AA, and the two best-practice rules the pages once failed.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE_BEST_PRACTICE = ["page-has-heading-one", "region"]
PHONE_WIDTH = 375


@pytest.fixture
def server(built_index):
    process, url = serve(built_index[1])
    try:
        yield url
    finally:
        stop(process)


def needs(found: bool, message: str) -> None:
    if not found:
        pytest.fail(message) if IN_CI else pytest.skip(message)


@pytest.fixture
def browser(tmp_path):
    needs(CHROMIUM.exists() and CHROMEDRIVER.exists(),
          "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1000,1400", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER)))
    yield driver
    driver.quit()


def test_a_reader_types_a_question_and_reads_linked_results(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("how can I support my depressed partner?", Keys.ENTER)
    results = browser.find_elements(By.CSS_SELECTOR, "li.result")
    assert results, "no results shown"
    titles = [r.find_element(By.CSS_SELECTOR, ".result-title a") for r in results]
    assert titles[0].text == "Supporting a partner with depression"
    assert "q=how+can+I+support" in browser.current_url
    assert browser.find_element(By.ID, "q").get_attribute("value") == "how can I support my depressed partner?"
    browser.save_screenshot(str(tmp_path / "results.png"))

    target = titles[0].get_attribute("href")
    titles[0].click()
    anchor = target.split("#")[1]
    assert browser.find_element(By.TAG_NAME, "h1").text == "Supporting a partner with depression"
    assert browser.execute_script("return document.querySelector(':target') && document.querySelector(':target').id") == anchor


def test_a_question_we_cannot_answer_says_so_and_folds_the_closest_passages(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/?q=how+do+I+cook+pasta")
    heading = browser.find_element(By.ID, "results-title")
    assert heading.text == "We don't have an article that answers this"
    assert browser.find_elements(By.CSS_SELECTOR, ".topic-list a")
    folded = browser.find_element(By.CSS_SELECTOR, "details.weak-results")
    first = folded.find_element(By.CSS_SELECTOR, "li.result")
    assert not first.is_displayed()
    folded.find_element(By.TAG_NAME, "summary").click()
    assert first.is_displayed()


def test_the_crisis_box_comes_before_the_help_passages(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/")
    browser.find_element(By.ID, "q").send_keys("i don't want to be here anymore", Keys.ENTER)
    box = browser.find_element(By.CSS_SELECTOR, "section.crisis")
    first = browser.find_element(By.CSS_SELECTOR, "li.result")
    assert box.is_displayed() and "988" in box.text  # the browser asks in en-US: the US lines
    assert box.location["y"] < first.location["y"]
    assert first.find_element(By.CSS_SELECTOR, ".result-title a").text == "Getting help in a crisis"


@pytest.fixture(scope="module")
def axe_source() -> str:
    needs(AXE.is_file(), f"needs axe-core at {AXE.relative_to(ROOT)} (.ci/run installs it with npm)")
    return AXE.read_text(encoding="utf-8")


def accessibility_problems(browser, axe_source: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations (and the chosen best-practice rules) on the current page."""
    browser.execute_script(axe_source)
    found = []
    for options in (AXE_OPTIONS, {"runOnly": {"type": "rule", "values": AXE_BEST_PRACTICE}}):
        result = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, arguments[0]).then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' +"
            " v.nodes.map(n => n.target.join(' ')).join(', '))), e => done(['axe failed: ' + e]));", options)
        found += result
    return found


PAGE_TYPES = {
    "search": "/",
    "results": "/?q=how+can+I+support+my+depressed+partner",
    "crisis": "/?q=i+want+to+end+my+life",
    "no good match": "/?q=how+do+I+cook+pasta",
    "article": "/articles/ketamine-ptsd",
    "A-Z": "/articles",
    "topic": "/topics/ptsd",
    "error": "/articles/no-such-article",
    "filtered": "/?q=what+helps&tags=crisis-support",
}


@pytest.mark.parametrize("width", [1000, PHONE_WIDTH])
def test_every_page_type_meets_wcag_2_1_aa_and_fits_a_phone(server, browser, axe_source, width):
    browser.set_window_size(width, 900)
    problems = {}
    for name, path in PAGE_TYPES.items():
        browser.get(server + path)
        found = accessibility_problems(browser, axe_source)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found.append(f"{overflow}px wider than the window")
        if found:
            problems[name] = found
    assert problems == {}


def test_a_reader_browses_a_to_z_topic_article_and_related_article(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    browser.find_element(By.LINK_TEXT, "Articles A–Z").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "All articles, A–Z"
    browser.find_element(By.CSS_SELECTOR, ".topic-list a[href='/topics/crisis-support']").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Crisis support"
    browser.find_element(By.LINK_TEXT, "Getting help in a crisis").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Getting help in a crisis"
    related = browser.find_element(By.CSS_SELECTOR, "section.related a")
    title = related.text
    related.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == title != "Getting help in a crisis"


def test_a_reader_narrows_a_search_to_a_topic_and_pages_on(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/?q=how+to+ask+someone+if+they+are+okay+and+listen&k=3")
    topics = {a.text: a for a in browser.find_elements(By.CSS_SELECTOR, "nav.narrow a")}
    assert {"Crisis support", "Relationships"} <= set(topics)
    topics["Crisis support"].click()
    assert "About: Crisis support" in browser.find_element(By.CSS_SELECTOR, "p.filters").text
    first_page = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".result-title a")]
    browser.find_element(By.LINK_TEXT, "More results").click()
    second_page = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".result-title a")]
    assert second_page and not set(first_page) & set(second_page)
    assert browser.find_element(By.CSS_SELECTOR, "ol.results").get_attribute("start") == "4"
