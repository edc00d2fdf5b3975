"""A real browser (headless Chromium) against the app served by gunicorn on 127.0.0.1."""
from pathlib import Path

import pytest

from tests.conftest import IN_CI, serve, stop

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture
def server(built_index):
    process, url = serve(built_index[1])
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture
def browser(tmp_path):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
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
