"""The search request: validated and normalised once, at the boundary, then passed down whole."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping

MODES = ("hybrid", "dense", "bm25")
DEFAULT_MODE = "hybrid"
_WHOLE_NUMBER = re.compile(r"\s*[0-9]{1,6}\s*")  # ASCII digits only; a few is plenty for any limit


class QueryError(ValueError):
    """A search request that cannot be answered as given; the message says how to fix it."""
    status = 400
    code = "invalid_query"


@dataclass(frozen=True)
class QueryLimits:
    default_k: int = 10
    max_k: int = 50
    max_chars: int = 500


@dataclass(frozen=True)
class SearchRequest:
    """One question to answer: `query` as the reader typed it, `text` normalised for searching."""
    query: str
    text: str
    k: int = QueryLimits.default_k
    mode: str = DEFAULT_MODE

    @classmethod
    def parse(cls, values: Mapping, limits: QueryLimits = QueryLimits()) -> "SearchRequest":
        """Check raw values: strings from a URL's query string, or JSON values from a body."""
        q = values.get("q")
        if q is None or (isinstance(q, str) and not q.strip()):
            raise QueryError("the query 'q' is missing or blank: ask a question, e.g. q=how+is+ptsd+treated")
        if not isinstance(q, str):
            raise QueryError("the query 'q' must be a string")
        if len(q) > limits.max_chars:
            raise QueryError(f"the query is {len(q)} characters long; the limit is {limits.max_chars}")
        return cls(query=q, text=normalize_query(q), k=_k(values.get("k"), limits), mode=_mode(values.get("mode")))


def _k(k, limits: QueryLimits) -> int:
    if k is None or k == "":
        return limits.default_k
    if isinstance(k, bool) or not isinstance(k, (int, str)) or (isinstance(k, str) and not _WHOLE_NUMBER.fullmatch(k)):
        raise QueryError(f"'k' must be a whole number from 1 to {limits.max_k}")
    k = int(k)
    if not 1 <= k <= limits.max_k:
        raise QueryError(f"'k' must be from 1 to {limits.max_k}, not {k}")
    return k


def _mode(mode) -> str:
    if mode is None or mode == "":
        return DEFAULT_MODE
    if mode not in MODES:
        raise QueryError(f"'mode' must be one of {', '.join(MODES)}")
    return mode


_CONTRACTIONS = [
    (r"\bcan't\b", "cannot"), (r"\bwon't\b", "will not"), (r"\bshan't\b", "shall not"),
    (r"n't\b", " not"), (r"'re\b", " are"), (r"'m\b", " am"), (r"'ve\b", " have"),
    (r"'ll\b", " will"), (r"'d\b", " would"),
    (r"\b(it|that|what|there|here|he|she|who|where|how|when|why)'s\b", r"\1 is"),
]
_CONTRACTION_PATTERNS = [(re.compile(p), r) for p, r in _CONTRACTIONS]


def normalize_query(text: str) -> str:
    """Case, punctuation, spacing and common contractions do not change what is searched."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    for pattern, replacement in _CONTRACTION_PATTERNS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"[^\w\s'-]|(?<!\w)['-]|['-](?!\w)", " ", text)
    return " ".join(text.split())
