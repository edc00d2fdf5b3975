"""Article Markdown as readers see it: cards without raw Markdown, numbers a phone can call."""
import re

from search_app.rendering import link_numbers, passage_html, plain_text, safety_note_html

LINKS = {"988": "tel:988", "116123": "tel:116123", "741741": "sms:741741"}


def test_a_card_shows_the_words_of_its_markdown_with_its_best_sentence_marked():
    passage = "> **Safety note:** Call or text 988 now. Then rest.\n\n- one *item*\n- [two](https://example.org)"
    end = passage.index("Then")
    html = str(passage_html(passage, (0, end), LINKS))
    assert html.startswith("<mark>Safety note: Call or text <a class=\"number\" href=\"tel:988\">988</a> now. </mark>")
    words = re.sub(r"<[^>]+>", "", html)
    assert "• one item\n• two" in words and not re.search(r"[*>\[\]]", words)


def test_numbers_are_linked_once_and_only_when_a_helpline_lists_them():
    html = str(link_numbers('<p>Call 116 123 or 0800 000 000, or <a href="https://x">988 online</a>; text 741741.</p>', LINKS))
    assert '<a class="number" href="tel:116123">116 123</a>' in html and "0800 000 000" in html
    assert '<a href="https://x">988 online</a>' in html and '<a class="number" href="sms:741741">741741</a>' in html
    assert html.count("<a ") == 3


def test_a_safety_note_is_rendered_without_its_quote_and_label():
    html = str(safety_note_html("> **Safety note:** In danger, call **999** or 116 123.", LINKS | {"999": "tel:999"}))
    assert html == ('<p>In danger, call <strong><a class="number" href="tel:999">999</a></strong> or '
                    '<a class="number" href="tel:116123">116 123</a>.</p>\n')


def test_plain_text_keeps_headings_and_list_items_on_their_own_lines():
    assert plain_text("# Title\nSome `code` and **bold**.\n\n1. first\n2. second") == "Title\nSome code and bold.\n1. first\n2. second"
