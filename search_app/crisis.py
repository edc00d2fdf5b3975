"""Recognising a question that shows risk of suicide or self-harm, whatever words it uses.

Two nets, both run on every question:

1. Patterns (`PATTERNS`), a fast first net of explicit phrasings in English, slang,
   common misspellings, and Spanish, French, Portuguese, German and Italian. Each
   pattern belongs to a category. "Clear" patterns decide alone; "ambiguous" ones
   (a topic word such as "suicide", or "cut myself") decide unless the question sits
   plainly among the ordinary look-alikes (a training course, a kitchen accident).
2. Meaning: the query vector the search already computed is compared with a curated,
   versioned set of crisis exemplars and of ordinary look-alikes
   (`crisis_exemplars.yaml`). A question is at risk when its nearest exemplar is close
   enough and closer than the nearest look-alike by a margin.

The thresholds below were chosen on the development set in tests/data/crisis_questions.jsonl
(bench/crisis_detection.py prints the sweep); the figures are in bench/RESULTS.md.
A detection names its reason ("pattern" or "similar"), the category of what matched,
never the query, and who is at risk ("self" or "someone_else").
"""
from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.corpus import load_yaml
from indexer.embedding import Embedder
from indexer.site import INTERNATIONAL
from search_app.crisis_patterns import ORDINARY_PATTERNS, PATTERNS
from search_app.query import has_content, looks_english, normalize_query

EXEMPLARS_FILE = Path(__file__).with_name("crisis_exemplars.yaml")
SELF, SOMEONE_ELSE = "self", "someone_else"
# Meaning net: a question is at risk when its nearest crisis exemplar has cosine >= SIMILAR_AT
# and its NEIGHBOURS nearest exemplars are closer on average, by >= MARGIN, than its NEIGHBOURS
# nearest look-alikes; or, whatever the look-alikes, when its nearest exemplar is at least
# VERY_SIMILAR_AT. Averaging over a few neighbours keeps one exemplar that shares words
# ("can't fall asleep unless...") from deciding alone. Chosen on the development set for
# recall first (`python -m bench.crisis_detection --sweep`): 96.8% of questions showing risk
# recognised, 10.1% false alarms; 0.35 would give 97.7% and 12.3%, a margin of 0.02 95.2% and 7.8%.
SIMILAR_AT = 0.40
MARGIN = 0.0
NEIGHBOURS = 5
VERY_SIMILAR_AT = 0.80
# An ambiguous pattern is overruled when the nearest look-alikes beat the nearest crisis
# exemplars (as averaged above) by at least this much: "suicide prevention training for teachers".
OVERRULE_MARGIN = 0.0
# Who is at risk: the mean of the closest few exemplars about others vs about oneself.
AUDIENCE_NEIGHBOURS = 3

_COMPILED = [(category, clear, re.compile(pattern)) for category, clear, pattern in PATTERNS]
WORD_START = r"\b"


def _any_of(patterns: list[str]) -> re.Pattern:
    """One search for all of `patterns`; the word boundary most start with is tested once per
    position, not once per pattern (0.14 -> 0.06 ms per question, bench/reader_questions.jsonl)."""
    bounded = "|".join(f"(?:{p.removeprefix(WORD_START)})" for p in patterns if p.startswith(WORD_START))
    others = [f"(?:{p})" for p in patterns if not p.startswith(WORD_START)]
    return re.compile("|".join(([f"{WORD_START}(?:{bounded})"] if bounded else []) + others))


# All patterns as one: most questions match none, and one search tells so.
_ANY_PATTERN = _any_of([pattern for _, _, pattern in PATTERNS])
_ORDINARY = _any_of(ORDINARY_PATTERNS)


@dataclass(frozen=True)
class CrisisSignal:
    """Why a question was taken to show risk: never the question itself."""
    reason: str      # "pattern" or "similar"
    category: str    # the matched pattern's or exemplar's category
    audience: str    # "self" or "someone_else"


class CrisisDetector:
    """Patterns plus nearest crisis exemplars, for one embedding model."""

    def __init__(self, embedder: Embedder, exemplars_file: Path = EXEMPLARS_FILE):
        data = load_yaml(exemplars_file.read_text(encoding="utf-8"))
        self.version = data["version"]
        # Only English examples take part in the meaning net (it runs only on English questions);
        # other languages are the patterns' work, and their vectors would only add noise.
        risk = [(category, entry["audience"], normalize_query(text))
                for category, entry in data["categories"].items() for text in entry["exemplars"]
                if looks_english(normalize_query(text))]
        ordinary = [normalize_query(text) for texts in data["counter_examples"].values() for text in texts
                    if looks_english(normalize_query(text))]
        self._categories = [category for category, _, _ in risk]
        self._about_others = np.array([audience == SOMEONE_ELSE for _, audience, _ in risk])
        # Exemplars are questions: encoded as questions are, which the query path does in any process.
        vectors = embedder.encode_fixed_queries([text for _, _, text in risk] + ordinary)
        self._risk = vectors[:len(risk)].T.copy()
        self._ordinary = vectors[len(risk):].T.copy()

    def detect(self, text: str, vector: np.ndarray) -> CrisisSignal | None:
        """The crisis signal of a normalised question with its query vector, or None."""
        risk_scores = (vector @ self._risk)[0]
        ordinary_scores = (vector @ self._ordinary)[0]
        nearest = int(np.argmax(risk_scores))
        nearest_risk = float(risk_scores[nearest])
        margin = _closest_mean(risk_scores, NEIGHBOURS) - _closest_mean(ordinary_scores, NEIGHBOURS)
        audience = self._audience(risk_scores)
        ambiguous = None
        for category, clear, pattern in _COMPILED if _ANY_PATTERN.search(text) else ():
            if pattern.search(text):
                if clear:
                    return CrisisSignal("pattern", category, SOMEONE_ELSE if category == "someone_else" else audience)
                ambiguous = ambiguous or category
        plainly_ordinary = bool(_ORDINARY.search(text))
        if has_content(text) and looks_english(text) and (nearest_risk >= VERY_SIMILAR_AT or (
                nearest_risk >= SIMILAR_AT and margin >= MARGIN and not plainly_ordinary)):
            return CrisisSignal("similar", self._categories[nearest], audience)
        if ambiguous and not plainly_ordinary and -margin < OVERRULE_MARGIN:
            return CrisisSignal("pattern", ambiguous, SOMEONE_ELSE if ambiguous == "someone_else" else audience)
        return None

    def _audience(self, risk_scores: np.ndarray) -> str:
        """Someone else is at risk when the closest exemplars about others beat the closest about oneself."""
        about_others = _closest_mean(risk_scores[self._about_others], AUDIENCE_NEIGHBOURS)
        return SOMEONE_ELSE if about_others > _closest_mean(risk_scores[~self._about_others], AUDIENCE_NEIGHBOURS) else SELF


def _closest_mean(scores: np.ndarray, count: int) -> float:
    """The mean of the `count` highest scores."""
    return float(np.partition(scores, -count)[-count:].mean())


# Shown if a snapshot carries no helplines (an index built without the corpus's helplines.yaml).
FALLBACK_HELPLINES = {
    "messages": {SELF: "If you are thinking about suicide or hurting yourself, please talk to someone now.",
                 SOMEONE_ELSE: "If someone may be thinking about suicide, stay with them and get help now."},
    "countries": {INTERNATIONAL: {"name": "Other countries", "emergency": "your local emergency number", "aliases": [],
                                  "resources": [{"name": "Find a helpline", "url": "https://findahelpline.com/",
                                                 "contact": "Free, confidential helplines in your country"}]}},
}


def crisis_block(signal: CrisisSignal, helplines: dict | None, country: str | None) -> dict:
    """The crisis object of a response: resources for the reader's country, framed for who is at risk."""
    helplines = helplines or FALLBACK_HELPLINES
    code = resolve_country(country, helplines["countries"])
    entry = helplines["countries"][code]
    emergency = {"name": "Emergency services", "url": None,
                 "contact": f"If you or someone else is in immediate danger, call {entry['emergency']}"}
    return {"message": helplines["messages"][signal.audience], "resources": [*entry["resources"], emergency],
            "reason": signal.reason, "category": signal.category, "audience": signal.audience, "country": code}


def resolve_country(country: str | None, countries: dict) -> str:
    """The listed country for an ISO 3166 code (or one of its aliases, like UK for GB), else `international`."""
    if country:
        if country in countries:
            return country
        for code, entry in countries.items():
            if country in entry.get("aliases", ()):
                return code
    return INTERNATIONAL


_DETECTORS: "weakref.WeakKeyDictionary[Embedder, CrisisDetector]" = weakref.WeakKeyDictionary()
_MAKING_DETECTOR = threading.Lock()


def detector_for(embedder: Embedder) -> CrisisDetector:
    """One detector per loaded encoder: the exemplars are embedded once per process, by one thread."""
    with _MAKING_DETECTOR:
        if embedder not in _DETECTORS:
            _DETECTORS[embedder] = CrisisDetector(embedder)
        return _DETECTORS[embedder]
