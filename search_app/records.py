"""Result records: a shaped page's passages as the answer shows them, with their highlights, safety
notes and links, and the URLs of articles and passages on this site.

Every result carries its relevance (see `verdict`) and the most relevant safety note of its
article, whatever the per-article limit; a reader at risk never gets a note that discusses means.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable
from urllib.parse import quote

import numpy as np

from indexer.chunking import Chunk
from indexer.corpus import Article
from search_app.verdict import Evidence, MatchJudge

if TYPE_CHECKING:
    from indexer.snapshot import Records

# A shaped page: (chunk row, score, the chunk's vector), best first.
Page = list[tuple[int, float, np.ndarray]]
# What the version 2 response says once per article, in its `articles` map, instead of in every result.
ARTICLE_FIELDS = ("title", "url", "source", "updated", "tags")


@dataclass(frozen=True)
class Result:
    rank: int
    score: float
    cosine: float       # dense similarity of question and passage: the verdict's evidence
    relevance: float
    chunk: Chunk
    article: Article
    highlight: tuple[int, int]
    safety_note: Chunk | None = None
    more_in_article: int = 0

    def as_dict(self) -> dict:
        """The public result shape shared by `/search` and `query --json`."""
        start, end = self.highlight
        note = self.safety_note
        return {
            "rank": self.rank, "score": round(self.score, 6), "relevance": round(self.relevance, 4),
            "title": self.article.title, "heading": self.chunk.heading, "passage": self.chunk.passage,
            "highlight": {"start": start, "end": end, "text": self.chunk.passage[start:end]},
            "url": self.article.url, "source": article_source(self.article), "updated": self.article.updated,
            "tags": list(self.article.tags),
            "doc_id": self.chunk.doc_id, "chunk_id": self.chunk.chunk_id,
            "link": passage_link(self.chunk),
            "safety_note": note and {"passage": note.passage, "chunk_id": note.chunk_id, "link": passage_link(note)},
            "more_in_article": self.more_in_article,
        }


def article_summary(article: Article) -> dict:
    """An article as the version 2 response describes it once: the fields version 1 repeats in every result."""
    return {"title": article.title, "url": article.url, "source": article_source(article),
            "updated": article.updated, "tags": list(article.tags)}


def article_source(article: Article) -> str | None:
    """Who the information comes from: the article's `source`, else its references' names."""
    return article.source or ("; ".join(r.name for r in article.sources) or None)


def article_link(doc_id: str) -> str:
    """The article's page on this site; ids with spaces, '?' or '#' are escaped, slashes kept."""
    return "/articles/" + quote(doc_id, safe="/")


def passage_link(chunk: Chunk) -> str:
    return f"{article_link(chunk.doc_id)}#{chunk.anchor}"


def best_sentence(chunk: Chunk, query_terms: set[str]) -> tuple[int, int]:
    """The span of the chunk's sentence sharing the most query terms (the first on a tie).

    The sentences and their terms were found at build time (`Chunk.sentences`), so this
    is set intersections only: tokenizing sentences per query cost more than the search.
    """
    if not chunk.sentences:
        return 0, len(chunk.passage)
    start, end, _ = max(chunk.sentences, key=lambda sentence: len(query_terms.intersection(sentence[2])))
    return start, end


def result_records(records: Records, vector_of: Callable[[int], np.ndarray], judge: MatchJudge, page: Page,
                   vector: np.ndarray, terms: set[str], evidence: Evidence | None, at_risk: bool, offset: int,
                   unshown: dict[int, int]) -> list[Result]:
    """The page's results, ranked from `offset` + 1: each with its relevance, best sentence, how many more of
    its article matched (`unshown`, by document ordinal) and, on its article's first result, a safety note."""
    chunks = records.chunks([row for row, _, _ in page])
    doc_ids = list(dict.fromkeys(chunk.doc_id for chunk in chunks))
    articles = records.articles_by_id(doc_ids, with_body=False)
    notes = _safety_notes(records, vector_of, doc_ids, {row for row, _, _ in page}, vector, at_risk)
    cosines = np.array([float(passage @ vector[0]) for _, _, passage in page])
    relevances = judge.relevances(evidence, cosines) if evidence else np.zeros(len(page))
    results, noted = [], set()
    for rank, ((row, score, _), chunk, cosine, relevance) in enumerate(zip(page, chunks, cosines, relevances),
                                                                      start=offset + 1):
        note = notes.get(chunk.doc_id) if chunk.doc_id not in noted else None
        noted.add(chunk.doc_id)
        results.append(Result(rank=rank, score=score, cosine=float(cosine), relevance=float(relevance),
                              chunk=chunk, article=articles[chunk.doc_id], highlight=best_sentence(chunk, terms),
                              safety_note=note, more_in_article=max(0, unshown.get(int(records.row_docs[row]), 0))))
    return results


def _safety_notes(records: Records, vector_of: Callable[[int], np.ndarray], doc_ids: list[str], shown: set[int],
                  vector: np.ndarray, at_risk: bool) -> dict[str, Chunk]:
    """The safety note most similar to the question, for each article that has one not already shown."""
    by_doc = records.safety_note_rows(doc_ids)
    if at_risk:
        means = records.flagged_rows([r for rows in by_doc.values() for r in rows], "discusses_means")
        by_doc = {d: [r for r in rows if r not in means] for d, rows in by_doc.items()}
    best = {}
    for doc_id, rows in by_doc.items():
        if rows and not shown.intersection(rows):
            best[doc_id] = max(rows, key=lambda r: float(vector_of(r) @ vector[0]))
    return {chunk.doc_id: chunk for chunk in records.chunks(list(best.values()))}
