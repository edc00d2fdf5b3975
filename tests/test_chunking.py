"""Chunker behaviour with the real model's tokenizer."""
from pathlib import Path

import pytest

from indexer.chunking import Chunker, ChunkerSettings, split_sentences
from indexer.corpus import parse_article


def article(text: str, name: str = "a.md"):
    return parse_article(text.encode("utf-8"), Path(name))


@pytest.fixture(scope="module")
def chunker(embedder):
    return Chunker(ChunkerSettings.for_model(embedder.max_seq_length), embedder.count_tokens)


PARAGRAPH = ("Panic attacks are sudden waves of intense fear that peak within minutes, with a racing heart, "
             "sweating and a feeling of losing control, and they can happen without any clear trigger at all.")


def test_paragraphs_become_chunks_under_their_heading_path(chunker):
    chunks = chunker.chunk(article(f"---\ntitle: Panic\n---\n\n{PARAGRAPH}\n\n## During an attack\n\n### Breathing\n\n"
                                   f"{PARAGRAPH} Slow breathing helps.\n\n## Treatment\n\n{PARAGRAPH} CBT helps.\n"))
    assert [c.heading for c in chunks] == ["", "During an attack › Breathing", "Treatment"]
    assert chunks[1].embed_text.startswith("Panic › During an attack › Breathing\n")
    assert chunks[1].passage == f"{PARAGRAPH} Slow breathing helps."


def test_short_paragraph_merges_with_its_neighbour_in_the_same_section(chunker):
    chunks = chunker.chunk(article(f"---\ntitle: T\n---\n\nThese help:\n\n- sleep\n- exercise\n\n{PARAGRAPH}\n\n## Other\n\n{PARAGRAPH}\n"))
    assert len(chunks) == 2
    assert chunks[0].passage.startswith("These help:\n\n- sleep\n- exercise\n\n")
    assert chunks[0].passage.endswith(PARAGRAPH)
    assert chunks[1].heading == "Other"


def test_short_last_paragraph_merges_with_the_previous_one(chunker):
    chunks = chunker.chunk(article(f"---\ntitle: T\n---\n\n{PARAGRAPH}\n\nSee a doctor.\n"))
    assert len(chunks) == 1 and chunks[0].passage.endswith("See a doctor.")


def test_paragraph_longer_than_the_model_limit_splits_without_losing_a_word(chunker, embedder):
    long_paragraph = " ".join(f"Sentence {i} says that recovery from depression takes time and support." for i in range(80))
    chunks = chunker.chunk(article(f"---\ntitle: Long\n---\n\n{long_paragraph}\n"))
    assert len(chunks) > 1
    assert all(embedder.count_tokens(c.embed_text) <= embedder.max_seq_length for c in chunks)
    assert " ".join(c.passage for c in chunks).split() == long_paragraph.split()
    assert all(c.passage.rstrip().endswith(".") for c in chunks)  # cut at sentence ends


def test_a_single_sentence_over_the_limit_is_cut_between_words(chunker, embedder):
    words = " ".join(f"word{i}" for i in range(600))
    chunks = chunker.chunk(article(f"---\ntitle: W\n---\n\n{words}\n"))
    assert len(chunks) > 1
    assert all(embedder.count_tokens(c.embed_text) <= embedder.max_seq_length for c in chunks)
    assert " ".join(c.passage for c in chunks).split() == words.split()


def test_unicode_text_and_offsets_point_into_the_body(chunker):
    body = f"Ängste und Sorgen — „Panik“ 😟 ist häufig. {PARAGRAPH}\n\n## Überblick\n\n{PARAGRAPH} Ça va."
    parsed = article(f"---\ntitle: Ünïcode\n---\n\n{body}\n")
    chunks = chunker.chunk(parsed)
    assert [parsed.body[c.start:c.end] for c in chunks] == [c.passage for c in chunks]
    assert chunks[1].heading == "Überblick"


def test_chunk_ids_are_stable_when_another_paragraph_changes(chunker):
    before = chunker.chunk(article(f"---\ntitle: T\n---\n\n{PARAGRAPH}\n\n## B\n\n{PARAGRAPH} Two.\n", "x.md"))
    after = chunker.chunk(article(f"---\ntitle: T\n---\n\n{PARAGRAPH} Edited.\n\n## B\n\n{PARAGRAPH} Two.\n", "x.md"))
    assert before[1].chunk_id == after[1].chunk_id
    assert before[0].chunk_id != after[0].chunk_id
    assert before[1].chunk_id.startswith("x:")


def test_split_sentences_covers_every_word():
    text = 'He said "stop." Then left! Did it help? Yes… mostly. e.g. this'
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ['He said "stop."', "Then left!", "Did it help?", "Yes… mostly. e.g. this"]
    assert " ".join(text[s:e] for s, e in spans).split() == text.split()


def test_the_articles_everyday_names_are_in_every_chunks_context(chunker):
    chunks = chunker.chunk(article(f"---\ntitle: Electroconvulsive therapy\nalso_called: [shock therapy, ECT]\n---\n\n"
                                   f"{PARAGRAPH}\n\n## Risks\n\n{PARAGRAPH} Memory loss.\n"))
    assert [c.embed_text.split("\n")[0] for c in chunks] == [
        "Electroconvulsive therapy (also called shock therapy, ECT)",
        "Electroconvulsive therapy (also called shock therapy, ECT) › Risks"]
    assert all("also called" not in c.passage for c in chunks)


def test_a_safety_note_is_its_own_flagged_chunk_however_short(chunker):
    note = "> **Safety note:** New chest pain needs checking: call 999 or 911 now."
    chunks = chunker.chunk(article(f"---\ntitle: Panic\n---\n\n{PARAGRAPH}\n\n{note}\n\n{PARAGRAPH}\n"))
    assert [c.safety_note for c in chunks] == [False, True, False]
    assert chunks[1].passage == note


@pytest.mark.parametrize("passage, flagged", [
    ("Taking more than the prescribed dose can be dangerous.", True),
    ("An overdose of paracetamol damages the liver.", True),
    ("Keep medicines locked away and firearms stored safely.", True),
    ("Lithium needs regular blood levels checked.", True),
    ("Talking therapies help many people with depression.", False),
    ("Exercise and sleep routines support recovery.", False),
])
def test_passages_about_doses_amounts_or_methods_are_flagged(chunker, passage, flagged):
    chunks = chunker.chunk(article(f"---\ntitle: T\n---\n\n{PARAGRAPH} {passage}\n"))
    assert chunks[0].discusses_means is flagged
