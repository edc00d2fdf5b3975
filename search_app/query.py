"""The search request: validated and normalised once, at the boundary, then passed down whole."""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping

from search_app.languages import ENGLISH, reply_language

MODES = ("hybrid", "dense", "bm25")
DEFAULT_MODE = "hybrid"
_WHOLE_NUMBER = re.compile(r"\s*[0-9]{1,6}\s*")  # ASCII digits only; a few is plenty for any limit
_COUNTRY = re.compile(r"[A-Za-z]{2}\Z")
_TAG = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
MAX_TAGS = 10
MAX_ARTICLE_ID = 300
_LANGUAGE_REGION = re.compile(r"[A-Za-z]{1,8}[-_]([A-Za-z]{2})\b")


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
    country: str | None = None   # ISO 3166 code for crisis resources: asked for, else from the browser's language
    tags: tuple[str, ...] = ()   # only articles with one of these topics
    article: str | None = None   # only this article's passages (its "more from this article")
    offset: int = 0              # results start after this many: pages of k
    facets: bool = False         # count matching passages per topic
    correct: bool = True         # search misspelt words as the articles' nearest words; False: as typed
    language: str = ENGLISH      # the answer's words (crisis box, page): the question's language, else the browser's

    @property
    def window(self) -> int:
        """How many ranked results this request reaches into."""
        return self.offset + self.k

    def searching(self, text: str) -> "SearchRequest":
        """This request with its normalised text replaced (by its spelling-corrected form)."""
        return self if text == self.text else dataclasses.replace(self, text=text)

    @classmethod
    def parse(cls, values: Mapping, limits: QueryLimits = QueryLimits(),
              accept_language: str | None = None) -> "SearchRequest":
        """Check raw values: strings from a URL's query string, or JSON values from a body."""
        q = values.get("q")
        if q is None or (isinstance(q, str) and not q.strip()):
            raise QueryError("the query 'q' is missing or blank: ask a question, e.g. q=how+is+ptsd+treated")
        if not isinstance(q, str):
            raise QueryError("the query 'q' must be a string")
        if len(q) > limits.max_chars:
            raise QueryError(f"the query is {len(q)} characters long; the limit is {limits.max_chars}")
        k = _k(values.get("k"), limits)
        text = normalize_query(q)
        return cls(query=q, text=text, k=k, mode=_mode(values.get("mode")), language=reply_language(text, accept_language),
                   country=_country(values.get("country")) or region_of(accept_language),
                   tags=_tags(values), article=_article(values.get("article")),
                   offset=_offset(values.get("offset"), k, limits), facets=_facets(values.get("facets")),
                   correct=_flag(values.get("correct"), "correct", default=True))


def _k(k, limits: QueryLimits) -> int:
    if k is None or k == "":
        return limits.default_k
    if isinstance(k, bool) or not isinstance(k, (int, str)) or (isinstance(k, str) and not _WHOLE_NUMBER.fullmatch(k)):
        raise QueryError(f"'k' must be a whole number from 1 to {limits.max_k}")
    k = int(k)
    if not 1 <= k <= limits.max_k:
        raise QueryError(f"'k' must be from 1 to {limits.max_k}, not {k}")
    return k


def _tags(values: Mapping) -> tuple[str, ...]:
    """Topics from `tags` given once with commas, repeated in a query string, or as a JSON list."""
    raw = values.getlist("tags") if hasattr(values, "getlist") else values.get("tags")
    if raw is None or raw == "" or raw == []:
        return ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise QueryError("'tags' must be topic names, e.g. tags=anxiety or tags=anxiety,sleep")
    tags = tuple(dict.fromkeys(t.strip().lower() for item in items for t in item.split(",") if t.strip()))
    if len(tags) > MAX_TAGS or not all(_TAG.fullmatch(t) for t in tags):
        raise QueryError(f"'tags' takes up to {MAX_TAGS} topic names of letters, digits and hyphens")
    return tags


def _article(article) -> str | None:
    if article is None or article == "":
        return None
    if not isinstance(article, str) or len(article) > MAX_ARTICLE_ID:
        raise QueryError("'article' must be an article id, as in a result's doc_id")
    return article


def _offset(offset, k: int, limits: QueryLimits) -> int:
    if offset is None or offset == "":
        return 0
    if isinstance(offset, bool) or not isinstance(offset, (int, str)) or (
            isinstance(offset, str) and not _WHOLE_NUMBER.fullmatch(offset)):
        raise QueryError(f"'offset' must be a whole number from 0 to {limits.max_k - k}")
    offset = int(offset)
    if not 0 <= offset <= limits.max_k - k:
        raise QueryError(f"'offset' + 'k' may reach at most {limits.max_k} results; "
                         f"with k={k}, 'offset' must be from 0 to {limits.max_k - k}, not {offset}")
    return offset


def _flag(value, name: str, default: bool) -> bool:
    """A yes/no parameter: JSON true/false, or true/false/1/0 in a query string."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "false", "0"):
        return value.strip().lower() in ("true", "1")
    raise QueryError(f"'{name}' must be true or false")


def _facets(facets) -> bool:
    if facets is None or facets == "":
        return False
    if facets != "tags":
        raise QueryError("'facets' can only be 'tags'")
    return True


def _country(country) -> str | None:
    if country is None or country == "":
        return None
    if not isinstance(country, str) or not _COUNTRY.match(country.strip()):
        raise QueryError("'country' must be a two-letter ISO 3166 code such as US, GB or AU")
    return country.strip().upper()


def region_of(accept_language: str | None) -> str | None:
    """The first region in an Accept-Language header, in the order the browser sent it (en-GB -> GB)."""
    match = _LANGUAGE_REGION.search(accept_language or "")
    return match.group(1).upper() if match else None


def _mode(mode) -> str:
    if mode is None or mode == "":
        return DEFAULT_MODE
    if mode not in MODES:
        raise QueryError(f"'mode' must be one of {', '.join(MODES)}")
    return mode


# Words that carry no topic: a question made only of these ("what is it", "how do i") cannot
# be searched meaningfully, and its nearest passages would be noise.
FUNCTION_WORDS = frozenset("""a about after all also am an and any are as at be because been before being but by can
could did do does doing for from had has have having he her here hers him his how i if in into is it its itself just
me might more most must my myself no nor not now of off on once only or other our out over own please same she should
so some such than that the their them then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours hi hello hey ok okay thanks thank yes""".split())


def has_content(text: str) -> bool:
    """Whether a normalised question has at least one word that is not a function word."""
    return any(word not in FUNCTION_WORDS for word in text.split())


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
    return " ".join(_without_runs(text.split()))


# A word said more times in a row than this is said this many times: "a a a ... a" (250 times)
# would cost the encoder 250 tokens, 40 ordinary questions' worth, and mean nothing more.
MAX_RUN = 2


def _without_runs(words: list[str]) -> list[str]:
    return [word for n, word in enumerate(words) if n < MAX_RUN or any(w != word for w in words[n - MAX_RUN:n])]
