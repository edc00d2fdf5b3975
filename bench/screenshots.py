"""Screenshots of the pages a reader in distress sees first, at a phone's size and at 200% zoom.

    python -m bench.screenshots --url http://127.0.0.1:8000 --out /tmp/shots

Needs Debian's chromium and chromium-driver. For each page it saves a PNG and prints where
the crisis box's first number link and the first result's title sit against the first
screen, in CSS pixels: the figures bench/RESULTS.md quotes beside the pictures.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from urllib.parse import urlencode

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
# (name, CSS width, CSS height, device pixel ratio): 1280x900 at 200% zoom is a 640x450 CSS viewport.
VIEWPORTS = (("phone", 375, 812, 1), ("zoom200", 640, 450, 2))
QUESTIONS = {"crisis": "i want to end my life", "ordinary": "how can I support my depressed partner"}
# The first tappable number in the crisis box (a tel: or sms: link), else its first text.
FIRST_NUMBER = ("return (document.querySelector('section.crisis a[href^=\"tel:\"], section.crisis a[href^=\"sms:\"]')"
                " || document.querySelector('section.crisis li') || {getBoundingClientRect: () => null})"
                ".getBoundingClientRect()")
FIRST_TITLE = "return (document.querySelector('.result-title') || {getBoundingClientRect: () => null}).getBoundingClientRect()"


def browser(width: int, height: int, ratio: int, profile: Path):
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 f"--user-data-dir={profile}", "--lang=en-US"):
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height,
                                                                          "pixelRatio": ratio}})
    return webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the running app, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, width, height, ratio in VIEWPORTS:
        with tempfile.TemporaryDirectory() as profile:
            driver = browser(width, height, ratio, Path(profile))
            try:
                for kind, question in QUESTIONS.items():
                    driver.get(f"{args.url}/?{urlencode({'q': question})}")
                    box = driver.execute_script(FIRST_NUMBER if kind == "crisis" else FIRST_TITLE)
                    where = "none" if not box else f"top {box['top']:.0f}, bottom {box['bottom']:.0f}"
                    print(f"{name} {width}x{height} {kind}: {where} of {height} CSS px")
                    driver.save_screenshot(str(args.out / f"{kind}-{name}.png"))
            finally:
                driver.quit()


if __name__ == "__main__":
    main()
