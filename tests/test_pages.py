"""The search page and article pages, rendered by the real app."""
import re

import pytest
import yaml
from markupsafe import escape

from tests.conftest import ROOT

def test_empty_page_has_a_labelled_search_box_examples_and_the_advice_note(client):
    html = client.get("/").get_data(as_text=True)
    assert '<label for="q">' in html and 'role="search"' in html and '<main id="main">' in html
    assert "Information, not medical advice" in html
    assert 'href="/?q=can+ketamine+help+with+PTSD+nightmares?"' in html


def test_results_show_title_section_passage_and_links_and_keep_the_query(client):
    html = client.get("/?q=how+does+ketamine+work").get_data(as_text=True)
    assert 'value="how does ketamine work"' in html
    assert '<a href="/articles/ketamine-ptsd#' in html and "Ketamine and PTSD" in html
    assert "How ketamine works" in html and "<mark>" in html
    assert 'href="https://example.org/ketamine-ptsd"' in html


def test_a_query_with_no_results_explains_what_to_try(client):
    html = client.get("/?q=zzqx&mode=bm25").get_data(as_text=True)
    assert "We don't have an article that answers this" in html and "Try other words" in html
    assert "weak-results" not in html  # nothing to unfold


def test_a_bad_query_shows_a_friendly_message_on_the_search_page(client):
    response = client.get("/?q=" + "a" * 600)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "the limit is 500" in html and 'role="search"' in html


def test_crisis_resources_come_before_the_results(client):
    html = client.get("/?q=I+want+to+end+my+life").get_data(as_text=True)
    assert 'class="crisis"' in html and "988" in html and "116 123" in html
    assert html.index('class="crisis"') < html.index('class="results"')


def test_ordinary_question_shows_no_crisis_section(client):
    assert 'class="crisis"' not in client.get("/?q=side+effects+of+sertraline").get_data(as_text=True)


def test_article_page_anchors_every_passage_a_result_links_to(client):
    results = client.get("/search?q=ketamine&k=10").get_json()["results"]
    page = client.get("/articles/ketamine-ptsd").get_data(as_text=True)
    assert "<h1>Ketamine and PTSD</h1>" in page and "What research says about ketamine" in page
    assert '<time datetime="2026-10-02">' in page and "VA National Center for PTSD" in page
    anchors = [r["link"].split("#")[1] for r in results if r["doc_id"] == "ketamine-ptsd"]
    assert len(anchors) == 2  # the per-article limit
    assert all(f'id="{anchor}"' in page for anchor in anchors)


def test_raw_html_in_an_article_is_inert_on_its_page_and_in_results(client):
    page = client.get("/articles/unsafe-markup").get_data(as_text=True)
    results = client.get("/?q=grounding+exercises+raw+markup").get_data(as_text=True)
    for html in (page, results):
        assert "&lt;script&gt;" in html
        assert not re.search(r"<script", html, re.I) and not re.search(r"<img[^>]*onerror", html, re.I)


def test_unknown_article_is_a_404_page_without_a_traceback(client):
    response = client.get("/articles/no-such-article")
    assert response.status_code == 404 and "could not find that page" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_question_we_cannot_answer_says_so_and_offers_topics(client):
    html = client.get("/?q=how+do+I+cook+pasta").get_data(as_text=True)
    assert "We don't have an article that answers this" in html
    assert 'href="/topics/' in html and 'href="/articles"' in html
    assert html.index("We don't have an article") < html.index('class="weak-results"')  # weak passages only below, folded
    assert "In crisis?" in html


def test_a_partial_match_is_labelled(client):
    html = client.get("/?q=ptsd+service+dog").get_data(as_text=True)  # the PTSD article, on another treatment
    assert "may only partly answer your question" in html


def test_the_page_offers_the_countries_with_their_own_crisis_lines(client):
    html = client.get("/?q=I+want+to+end+my+life&country=AU").get_data(as_text=True)
    assert '<option value="AU" selected>Australia</option>' in html and "13 11 14" in html


def test_help_for_someone_else_is_framed_for_the_helper(client):
    html = client.get("/?q=my+friend+says+she+wants+to+kill+herself").get_data(as_text=True)
    assert "Help for someone at risk" in html and html.index('class="crisis"') < html.index('class="results"')


def test_the_a_to_z_and_topic_pages_list_articles(client):
    az = client.get("/articles").get_data(as_text=True)
    assert az.index("Getting help in a crisis") < az.index("Ketamine and PTSD") < az.index("Sleeping tablets")
    assert 'href="/topics/crisis-support"' in az
    topic = client.get("/topics/crisis-support").get_data(as_text=True)
    assert ">Crisis support</h1>" in topic and "Helping someone who may be suicidal" in topic
    assert "Ketamine and PTSD" not in topic
    assert client.get("/topics/no-such-topic").status_code == 404


def test_an_article_page_shows_everyday_names_and_review_dates(tmp_path, build):
    from search_app import create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ect.md").write_text("---\ntitle: Electroconvulsive therapy\nalso_called: [shock therapy, ECT]\n"
                                   "reviewed: 2026-11-01\nnext_review: 2027-11-01\n---\n\nECT is a treatment given under "
                                   "general anaesthetic for severe depression when other treatments have not helped.\n")
    build(corpus, tmp_path / "index")
    html = create_app({"INDEX_DIR": str(tmp_path / "index")}).test_client().get("/articles/ect").get_data(as_text=True)
    assert "Also called:</strong> shock therapy, ECT" in html
    assert 'Reviewed <time datetime="2026-11-01">' in html and 'Next review due <time datetime="2027-11-01">' in html


def test_images_in_an_article_become_links_so_no_page_fetches_from_another_host(tmp_path, build):
    from search_app import create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "walk.md").write_text("---\ntitle: Walking\n---\n\nA daily walk can lift mood, as this chart shows: "
                                    "![steps and *mood*](https://tracker.example/chart.png \"Chart\").\n")
    build(corpus, tmp_path / "index")
    html = create_app({"INDEX_DIR": str(tmp_path / "index")}).test_client().get("/articles/walk").get_data(as_text=True)
    assert "<img" not in html
    assert '<a href="https://tracker.example/chart.png">steps and mood</a>' in html


def test_doubled_slashes_are_not_found_and_never_redirect_to_the_host_the_client_named(client):
    response = client.get("/articles//ketamine-ptsd", headers={"Host": "evil.example"})
    assert response.status_code == 404 and "Location" not in response.headers
    assert "evil.example" not in response.get_data(as_text=True)


def test_result_links_escape_ids_with_spaces_question_marks_and_hashes_and_lead_to_the_article(tmp_path, build):
    from search_app import create_app

    corpus = tmp_path / "corpus"
    (corpus / "faq").mkdir(parents=True)
    (corpus / "faq" / "sleep? tips #1.md").write_text(
        "---\ntitle: Sleep tips\n---\n\nKeep a regular wake-up time and keep screens out of the bedroom at night.\n")
    build(corpus, tmp_path / "index")
    client = create_app({"INDEX_DIR": str(tmp_path / "index")}).test_client()
    result = client.get("/search", query_string={"q": "regular wake-up time"}).get_json()["results"][0]
    assert result["doc_id"] == "faq/sleep? tips #1"
    assert result["link"].startswith("/articles/faq/sleep%3F%20tips%20%231#")
    page = client.get(result["link"].split("#")[0])
    assert page.status_code == 200 and "Sleep tips" in page.get_data(as_text=True)


TRANSLATIONS = ROOT / "search_app" / "translations"


def translated(language: str, english: str) -> str:
    """`english` as the language's catalogue words it."""
    from babel.messages.pofile import read_po

    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po)[english].string


@pytest.mark.parametrize("question, language, country, line", [
    ("ya no quiero vivir, quiero morir", "es", "ES", "tel:024"),
    ("je veux mourir, je ne veux plus vivre", "fr", "FR", "tel:3114"),
    ("ich will nicht mehr leben", "de", "DE", "tel:08001110111"),
])
def test_a_question_showing_risk_in_another_language_gets_the_box_in_it_with_that_countrys_lines(
        client, question, language, country, line):
    body = client.get("/search", query_string={"q": question}).get_json()
    assert body["language"] == language and body["crisis"]["country"] == country
    assert body["crisis"]["language"] == language
    assert body["spelling"] is None  # its words are another language's, not English misspelt
    html = client.get("/", query_string={"q": question}).get_data(as_text=True)
    box = html[html.index('<section class="crisis"'):html.index("</section>", html.index('<section class="crisis"'))]
    assert f'<html lang="{language}">' in html
    assert escape(translated(language, "You don't have to face this alone")) in box
    assert escape(body["crisis"]["message"]) in box and f'href="{line}"' in box
    assert escape(translated(language, "Need help now?")) in html  # the page's own words too


def test_the_browser_language_chooses_the_words_when_the_question_does_not(client):
    html = client.get("/help", headers={"Accept-Language": "it-IT,it;q=0.9"}).get_data(as_text=True)
    assert '<html lang="it">' in html and "tel:0223272327" in html  # Telefono Amico, Italy's lines
    assert escape(translated("it", "Need help now?")) in html


def test_every_page_has_help_a_quick_exit_and_a_search_box_and_no_question_in_its_title(client):
    for path in ("/", "/?q=how+can+I+support+my+depressed+partner", "/?q=i+want+to+end+my+life", "/help",
                 "/articles", "/topics/crisis-support", "/articles/ketamine-ptsd", "/articles/no-such-article",
                 "/?q=x&k=0"):
        html = client.get(path).get_data(as_text=True)
        assert 'class="help-now" href="/help' in html and 'class="quick-exit" href="https://' in html, path
        assert 'role="search"' in html and 'name="q"' in html, path
        assert "<script" not in html and "autofocus" not in html, path
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "partner" not in title and "life" not in title, path


def test_a_missing_page_is_in_the_sites_layout(client):
    response = client.get("/no/such/page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "<h1" in html and "Page not found" in html and 'role="search"' in html


def test_results_say_which_they_are_and_link_every_page_up_to_the_last_one_asked_for(client):
    html = client.get("/?q=sleep&k=2&offset=2").get_data(as_text=True)
    assert "Results 3–4 for" in html
    assert 'href="/?q=sleep&amp;k=2"' in html and '<span aria-current="page">2</span>' in html
    assert 'rel="next" href="/?q=sleep&amp;k=2&amp;offset=4"' in html


def test_more_results_stops_where_requests_may_reach(corpus_client):
    deepest = corpus_client.get("/search?q=depression&k=10&offset=40").get_json()
    assert len(deepest["results"]) == 10 and deepest["has_more"] is False
    html = corpus_client.get("/?q=depression&k=15&offset=30").get_data(as_text=True)  # the next page may hold only 5
    assert 'rel="next" href="/?q=depression&amp;k=5&amp;offset=45"' in html
    assert corpus_client.get("/?q=depression&k=5&offset=45").status_code == 200


def test_a_to_z_has_a_letter_index_and_topic_pages_lead_with_their_intro_and_key_articles(client):
    az = client.get("/articles").get_data(as_text=True)
    assert 'href="#letter-G"' in az and 'id="letter-G"' in az
    topic = client.get("/topics/crisis-support").get_data(as_text=True)
    guide = yaml.safe_load((ROOT / "corpus" / "topics.yaml").read_text(encoding="utf-8"))["crisis-support"]
    assert escape(" ".join(guide["intro"].split())) in topic


def test_dates_read_as_people_write_them(client):
    html = client.get("/articles/ketamine-ptsd").get_data(as_text=True)
    assert 'Updated <time datetime="2026-10-02">2 October 2026</time>' in html


def test_every_catalogue_is_complete_and_compiled_from_its_text():
    """The .mo files the app reads say what the .po files say, and every page word is translated."""
    from io import BytesIO

    from babel.messages.extract import extract_from_dir
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from search_app.languages import ENGLISH, SITE_LANGUAGES

    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        wanted = {message.id for message in read_po(pot) if message.id}
    in_code = {message if isinstance(message, str) else message[0] for *_, message, _, _ in extract_from_dir(
        ROOT / "search_app", method_map=[("**.py", "python"), ("templates/**.html", "jinja2")])}
    assert in_code == {m if isinstance(m, str) else m[0] for m in wanted}, "page words changed: run `make translations`"
    for language in set(SITE_LANGUAGES) - {ENGLISH}:
        folder = TRANSLATIONS / language / "LC_MESSAGES"
        with open(folder / "messages.po", "rb") as po:
            catalogue = read_po(po)
        translated = {m.id for m in catalogue if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])}
        assert wanted - translated == set(), language
        compiled = BytesIO()
        write_mo(compiled, catalogue)
        assert compiled.getvalue() == (folder / "messages.mo").read_bytes(), f"{language}: run `make translations`"
