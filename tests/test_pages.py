"""The search page and article pages, rendered by the real app."""
import re

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
    assert "No passages found" in html and "Try fewer or different words" in html


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
