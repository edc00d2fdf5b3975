"""Reading articles: front matter, plain text, and the reasons a file is refused."""
import datetime
from pathlib import Path

import pytest

from indexer.corpus import CorpusError, parse_article, read_corpus, reviews_due


def article(text: str, name: str = "a.md"):
    return parse_article(text.encode("utf-8"), Path(name))


@pytest.mark.parametrize("content, reason", [
    ("", "empty file"),
    ("---\ntitle: [unclosed\n---\nbody", "not valid YAML"),
    ("no header here", "no front matter"),
    ("---\nsummary: x\n---\nbody", "no 'title'"),
    ("---\ntitle: T\nupdated: last week\n---\nbody", "'updated' must be a date"),
    ("---\ntitle: T\nurl: not-a-url\n---\nbody", "must be an http(s) URL"),
    ("---\ntitle: T\n---\n\n", "no text after the front matter"),
])
def test_malformed_articles_are_rejected_with_a_reason(content, reason):
    with pytest.raises(CorpusError, match=reason.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        article(content)


def test_txt_article_takes_its_title_from_the_first_line():
    parsed = parse_article(b"Coping with grief\nGrief is a natural response to loss.\n", Path("grief.txt"))
    assert parsed.title == "Coping with grief" and parsed.doc_id == "grief"
    assert parsed.body == "Grief is a natural response to loss."


def test_front_matter_fields_are_read():
    parsed = article("---\ntitle: ECT\nsummary: What ECT is.\nalso_called: [shock therapy, electroshock]\n"
                     "tags: [Brain-Stimulation]\nupdated: 2026-11-20\nreviewed: 2026-11-01\nnext_review: 2027-11-01\n"
                     "sources:\n  - name: NHS\n    url: https://www.nhs.uk/tests-and-treatments/electroconvulsive-therapy/\n"
                     "---\n\nBody text.\n", "ect.md")
    assert parsed.also_called == ("shock therapy", "electroshock") and parsed.tags == ("brain-stimulation",)
    assert (parsed.updated, parsed.reviewed, parsed.next_review) == ("2026-11-20", "2026-11-01", "2027-11-01")
    assert parsed.sources[0].name == "NHS" and parsed.doc_id == "ect"


def test_articles_past_their_next_review_are_listed():
    due = article("---\ntitle: A\nnext_review: 2026-01-01\n---\n\nBody.\n", "a.md")
    fresh = article("---\ntitle: B\nnext_review: 2027-01-01\n---\n\nBody.\n", "b.md")
    undated = article("---\ntitle: C\n---\n\nBody.\n", "c.md")
    assert reviews_due([due, fresh, undated], datetime.date(2026, 6, 1)) == [due]


def test_unreadable_files_are_reported_and_the_rest_are_read(tmp_path):
    (tmp_path / "good.md").write_text("---\ntitle: Good\n---\n\nBody.\n")
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / ".hidden.md").write_text("---\ntitle: Hidden\n---\n\nBody.\n")
    articles, errors = read_corpus(tmp_path)
    assert [a.doc_id for a in articles] == ["good"]
    assert [(Path(e.path).name, e.reason) for e in errors] == [("bad.md", "not UTF-8 text (byte 0)")]


def test_a_link_to_a_file_outside_the_corpus_is_not_read(tmp_path):
    outside = tmp_path / "private.md"
    outside.write_text("---\ntitle: Private notes\n---\n\nNot for publishing.\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text("---\ntitle: Good\n---\n\nBody.\n")
    (corpus / "notes.md").symlink_to(outside)
    (corpus / "alias.md").symlink_to(corpus / "good.md")  # a link inside the corpus is an ordinary file
    articles, errors = read_corpus(corpus)
    assert sorted(a.doc_id for a in articles) == ["alias", "good"]
    assert [(Path(e.path).name, e.reason) for e in errors] == [
        ("notes.md", "is a link to a file outside the corpus folder; not read")]
