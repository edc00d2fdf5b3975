"""A real browser (headless Chromium) against the app served by gunicorn on 127.0.0.1."""
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import IN_CI, ROOT, serve, stop

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"  # installed by .ci/run
# WCAG 2.1 A and AA, and the two best-practice rules the pages once failed.
# Every WCAG 2.x A and AA rule and every best-practice rule.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                     "best-practice"]}}
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


def chromium(profile: Path, width: int = 1000, height: int = 1400, zoom: int = 1, phone: bool = False):
    """Headless Chromium whose page is `width` x `height` CSS pixels at `zoom` device pixels each (1280 x 900
    at 200% zoom is 640 x 450 at 2), as a phone (touch, mobile viewport) or a desktop browser."""
    needs(CHROMIUM.exists() and CHROMEDRIVER.exists(),
          "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=en-US",
                 f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if zoom != 1 or phone:  # a fixed viewport: the window's size no longer changes the page's
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {
            "width": width, "height": height, "pixelRatio": zoom, "mobile": phone, "touch": phone}})
    return webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER)))


@pytest.fixture
def browser(tmp_path):
    driver = chromium(tmp_path / "profile")
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
    needs(AXE.is_file(), f"needs axe-core at {AXE.relative_to(ROOT)}: npm install --prefix .ci/node axe-core@4.14.1 (make test does)")
    return AXE.read_text(encoding="utf-8")


def accessibility_problems(browser, axe_source: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations (and the chosen best-practice rules) on the current page."""
    browser.execute_script(axe_source)
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' +"
        " v.nodes.map(n => n.target.join(' ')).join(', '))), e => done(['axe failed: ' + e]));", AXE_OPTIONS)


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
    "help": "/help",
    "bad question": "/?q=x&k=0",
}


@pytest.mark.parametrize("width", [1000, PHONE_WIDTH, 320])  # 320 CSS px: a 1280 px window at 400% zoom
def test_every_page_type_meets_wcag_2_1_aa_and_fits_a_phone(server, browser, axe_source, width):
    browser.set_window_size(width, 900)
    problems = {}
    for name, path in PAGE_TYPES.items():
        browser.get(server + path)
        found = accessibility_problems(browser, axe_source)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found.append(f"{overflow}px wider than the window")
        if not browser.execute_script("return !!document.querySelector('header a.help-now[href^=\"/help\"]')"):
            found.append("no “Need help now?” link in the header")
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


@pytest.fixture(scope="module")
def corpus_server(corpus_index):
    """The app over the shipped articles, for what readers see of real content."""
    process, url = serve(corpus_index)
    try:
        yield url
    finally:
        stop(process)


CRISIS_QUESTION = "/?q=i+want+to+end+my+life"
ORDINARY_QUESTION = "/?q=how+can+I+support+my+depressed+partner"
# Where a rectangle sits against the first screen, in CSS pixels.
FIRST_SCREEN = ("const box = document.querySelector(arguments[0]); if (!box) return null;"
                " const r = box.getBoundingClientRect();"
                " return {top: r.top, bottom: r.bottom, height: innerHeight, width: innerWidth};")


@pytest.mark.parametrize("width, height, zoom, phone", [(375, 812, 1, True), (640, 450, 2, False)],
                         ids=["phone 375x812", "1280x900 at 200%"])
def test_help_and_the_first_answer_are_on_the_first_screen(corpus_server, tmp_path, width, height, zoom, phone):
    driver = chromium(tmp_path / "profile", width, height, zoom, phone)
    try:
        driver.get(corpus_server + CRISIS_QUESTION)
        number = driver.execute_script(FIRST_SCREEN, "section.crisis a[href^='tel:']")
        driver.get(corpus_server + ORDINARY_QUESTION)
        title = driver.execute_script(FIRST_SCREEN, ".result-title")
    finally:
        driver.quit()
    assert number and number["width"] == width and 0 <= number["top"] and number["bottom"] <= height, number
    assert title and 0 <= title["top"] and title["bottom"] <= height, title


# Phone numbers as pages print them (the build's pattern), and whether each sits in a link that dials it.
UNLINKED_NUMBERS = r"""
const pattern = /(?<![\w/.,+-])\+?\d(?:[ -]?\d){2,14}(?![\w/-]|[.,]\d)/g;
const found = [];
for (const root of document.querySelectorAll(arguments[0])) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const link = walker.currentNode.parentElement.closest('a');
    if (link && /^(tel|sms):/.test(link.getAttribute('href'))) continue;
    for (const m of walker.currentNode.textContent.matchAll(pattern)) found.push(m[0]);
  }
}
return found;"""
SMALL_LINKS = """return [...document.querySelectorAll(arguments[0])].map(a => [a.textContent, a.getBoundingClientRect()])
  .filter(([, r]) => r.width < 44 || r.height < 44).map(([text, r]) => `${text}: ${r.width}x${r.height}`);"""
DIAL_LINKS = "a[href^='tel:'], a[href^='sms:']"
NUMBER_PLACES = ("section.crisis", "footer", ".safety-note")


def test_every_helpline_number_can_be_tapped(corpus_server, tmp_path):
    driver = chromium(tmp_path / "profile", PHONE_WIDTH, 812, phone=True)
    unlinked, small, notes = {}, {}, 0
    try:
        for path in (CRISIS_QUESTION, "/?q=my+son+talks+about+killing+himself", "/?q=what+to+do+after+an+overdose",
                     "/?q=postpartum+psychosis+signs", "/help?country=IE", "/help?country=DE"):
            driver.get(corpus_server + path)
            notes += len(driver.find_elements("css selector", ".safety-note"))
            for place in NUMBER_PLACES:
                if found := driver.execute_script(UNLINKED_NUMBERS, place):
                    unlinked[f"{path} {place}"] = found
                if found := driver.execute_script(SMALL_LINKS, ", ".join(f"{place} {link}" for link in DIAL_LINKS.split(", "))):
                    small[f"{path} {place}"] = found
            assert driver.find_elements("css selector", f"section.crisis {DIAL_LINKS}"), path
    finally:
        driver.quit()
    assert notes, "no safety note among the pages: the check saw none"
    assert unlinked == {} and small == {}


RAW_MARKDOWN = r"\*|`|^\s*[>#]|\]\(|__"


def test_result_cards_show_no_raw_markdown_and_more_results_never_ends_in_an_error(corpus_server, browser):
    import re

    import yaml

    golden = yaml.safe_load((ROOT / "corpus" / "golden-questions.yaml").read_text(encoding="utf-8"))
    questions = [q["question"] for q in golden["questions"]][::2][:30]
    raw = {}
    for question in questions:
        browser.get(f"{corpus_server}/?{urlencode({'q': question})}")
        for card in browser.find_elements("css selector", "li.result"):
            text = browser.execute_script("return arguments[0].textContent", card)
            if re.search(RAW_MARKDOWN, text, re.M):
                raw.setdefault(question, []).append(text[:120])
    assert len(questions) == 30 and raw == {}

    browser.get(corpus_server + "/?q=depression&k=10")
    pages = 1
    while links := browser.find_elements("link text", "More results"):
        assert pages < 10, "More results never stops"
        links[0].click()
        pages += 1
        assert browser.find_elements("css selector", "li.result") and not browser.find_elements("css selector", ".message.error")
    assert pages == 5  # 50 results, the deepest a request may reach, in pages of 10


# The focus ring's colour against what is behind it: the nearest background that is not transparent.
FOCUS_RING = """
const el = document.activeElement, style = getComputedStyle(el);
let node = el.parentElement, background = 'rgb(255, 255, 255)';
while (node) { const c = getComputedStyle(node).backgroundColor;
  if (c !== 'transparent' && !c.endsWith(', 0)')) { background = c; break; } node = node.parentElement; }
return {what: el.tagName + ' ' + (el.textContent || el.name || '').trim().slice(0, 30), outline: style.outlineStyle,
        width: parseFloat(style.outlineWidth), color: style.outlineColor, background};"""


def _contrast(first: str, second: str) -> float:
    def luminance(rgb: str) -> float:
        channels = [int(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_keyboard_focus_is_visible_everywhere_and_starts_at_the_skip_link(corpus_server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get(corpus_server + "/")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.execute_script("return document.activeElement.className") == "skip-link"
    weak, seen = [], set()
    for path in ("/", CRISIS_QUESTION, ORDINARY_QUESTION, "/help", "/articles"):
        browser.get(corpus_server + path)
        for _ in range(40):  # bounded: the first 40 stops of each page
            ActionChains(browser).send_keys(Keys.TAB).perform()
            ring = browser.execute_script(FOCUS_RING)
            if ring["what"].startswith("BODY"):  # past the last stop: focus left the page
                break
            seen.add(ring["what"].split()[0])
            if ring["outline"] == "none" or ring["width"] < 2 or _contrast(ring["color"], ring["background"]) < 3:
                weak.append(f"{path}: {ring}")
    assert weak == [] and {"A", "INPUT", "BUTTON", "SELECT", "SUMMARY"} <= seen
