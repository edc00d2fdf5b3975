"""Recognising a question that shows risk of suicide or self-harm, whatever words it uses.

A calibrated classifier (`judgement.Judgement.crisis`) decides, trained on thousands of
questions showing risk and ordinary ones (`judgement_data/`, `search_app.judgement_training`).
It reads the query vector the search already computed (on the training questions' principal
axes), how close it is to the nearest training questions showing risk and to the nearest
ordinary ones, and a few cheap features:

- a linear model of the question's letters and words (`ngrams`), which tells spellings, slang
  and other languages better than the vector;
- hits of the word patterns (`crisis_patterns.PATTERNS`: explicit phrasings, slang,
  misspellings and five other languages; "clear" and "ambiguous" ones apart), and of the
  figurative and everyday uses of the same words (`ORDINARY_PATTERNS`);
- negation, who is named (the asker, or a relative, friend, student or patient), and length;
- whether the question looks English (the model compares meanings well only in English).

The box shows when the probability reaches the threshold chosen on the development split
for the false-alarm budget; below it, a question still likely to show risk (the threshold
at which box or offer reach 98% of dev questions showing risk) gets a quiet offer of help
instead of the box. Both thresholds live with their figures in the judgement file. Who is at risk (self or someone else) and the
kind of risk are learned the same way. A detection names its reason ("pattern" when a
pattern matched, else "similar": by meaning), its category and audience, never the query.
"""
from __future__ import annotations

import math
import re
import threading
import weakref
from dataclasses import dataclass

import numpy as np

from indexer.embedding import Embedder
from indexer.site import DEFAULT_LANGUAGE, INTERNATIONAL, tel_href
from search_app.crisis_patterns import ORDINARY_PATTERNS, PATTERNS, PEOPLE
from search_app.judgement import Judgement, Neighbours, load_judgement
from search_app.languages import looks_english
from search_app.pattern_search import any_of
from search_app.query import has_content

SELF, SOMEONE_ELSE = "self", "someone_else"
RISK = "yes"

_COMPILED = [(category, clear, re.compile(pattern)) for category, clear, pattern in PATTERNS]
# All patterns as one: most questions match none, and one search tells so.
_ANY_PATTERN = any_of([pattern for _, _, pattern in PATTERNS])
_ORDINARY = any_of(ORDINARY_PATTERNS)
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|cannot|without|nor)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|im|ive|id|me|my|myself|mine|yo|mi|je|moi|mon|ma|ich|mich|mir|mein|meine|eu|meu|minha|io|ik)\b")
_THIRD_PERSON = re.compile(
    rf"\b(?:he|she|they|him|her|them|his|their|himself|herself|themselves|(?:my|our|a|his|her)\s+(?:\w+\s+)?{PEOPLE}s?|"
    r"hij|zij|er|sie|il|elle|ele|ela|lui|lei|(?:mi|mon|ma|mein|meine|meu|minha|mio|mia|mijn)\s+(?:hij[oa]|fil[sl]e?|"
    r"sohn|tochter|filh[oa]|figli[oa]|zoon|dochter|amig[oa]|ami|amie|freund|freundin|amic[oa]|vriend|madre|padre|"
    r"m[eè]re|p[eè]re|mutter|vater|m[ãa]e|pai|novio|novia|mari|femme|mann|frau|marido|esposa|moglie|marito))\b")
# The features besides the query vector, in the order the crisis models read them.
FEATURES = ("clear_pattern", "ambiguous_pattern", "someone_else_pattern", "ordinary_pattern", "negation",
            "first_person", "third_person", "log_words", "short", "english", "ngrams")
SHORT_WORDS = 3
# Neighbour features: how many nearest training questions are averaged.
NEAREST = (1, 3, 10)
# Each mean read off one running sum: 0.05 ms less a question than a mean per count (bench/RESULTS.md, "Judgement": "Cost").
_LAST_OF_NEAREST = [n - 1 for n in NEAREST]


@dataclass(frozen=True)
class CrisisSignal:
    """Why a question was taken to show risk: never the question itself."""
    reason: str      # "pattern" or "similar"
    category: str    # the kind of risk: passive_wish, suicidal_thoughts, means, preparations, self_harm, someone_else
    audience: str    # "self" or "someone_else"


def pattern_hits(text: str) -> tuple[str | None, str | None]:
    """The category of the first clear pattern and of the first ambiguous one that match, if any."""
    clear = ambiguous = None
    for category, is_clear, pattern in _COMPILED if _ANY_PATTERN.search(text) else ():
        if pattern.search(text):
            if is_clear:
                clear = clear or category
            else:
                ambiguous = ambiguous or category
    return clear, ambiguous


def neighbour_features(queries: np.ndarray, neighbours: Neighbours, leave_out_self: bool = False) -> np.ndarray:
    """For each query vector (kept as the neighbours are: `Neighbours.project`): its cosine to the nearest, and
    the mean of the nearest 3 and 10, training questions showing risk, the same for ordinary ones, and the three
    differences (shape (n, 9)). `leave_out_self`: training rows do not count themselves (nor exact duplicates)
    as neighbours."""
    risk, ordinary = (np.cumsum(top, axis=1, dtype=np.float64)[:, _LAST_OF_NEAREST] / NEAREST
                      for top in neighbours.nearest(queries, NEAREST[-1], leave_out_self))
    return np.hstack([risk, ordinary, risk - ordinary])


def crisis_features(text: str, vector: np.ndarray, neighbours: Neighbours, ngram_score: float,
                    nearest: np.ndarray | None = None, hits: tuple[str | None, str | None] | None = None) -> np.ndarray:
    """The classifiers' input for a normalised question and its query vector: the vector on the neighbours'
    principal axes (`Neighbours.project`; with all its dimensions dev recall within the budget was 77.4%
    against 80.7%, and the networks' first layer three times the size: bench/RESULTS.md, "Judgement"),
    `FEATURES` (the last, `ngram_score`, is the n-gram model's score of the text), then `neighbour_features`
    (given as `nearest`, when already found; `hits` likewise for `pattern_hits`)."""
    clear, ambiguous = pattern_hits(text) if hits is None else hits
    words = len(text.split())
    extra = [clear is not None, ambiguous is not None, SOMEONE_ELSE in (clear, ambiguous), bool(_ORDINARY.search(text)),
             bool(_NEGATION.search(text)), bool(_FIRST_PERSON.search(text)), bool(_THIRD_PERSON.search(text)),
             math.log1p(words), words <= SHORT_WORDS, looks_english(text), ngram_score]
    projected = neighbours.project(vector)
    nearest = neighbour_features(projected, neighbours)[0] if nearest is None else nearest
    return np.concatenate([projected.reshape(-1).astype(np.float64), np.asarray(extra, dtype=np.float64), nearest])


class CrisisDetector:
    """The learned crisis check for one embedding model."""

    def __init__(self, judgement: Judgement):
        self.judgement = judgement
        self.threshold = float(judgement.thresholds["crisis"])
        self.offer_threshold = float(judgement.thresholds["offer"])
        self.clear_patterns_decide = bool(judgement.thresholds.get("clear_patterns_decide"))

    def assess(self, text: str, vector: np.ndarray) -> tuple[CrisisSignal | None, bool]:
        """(the crisis signal or None, whether to offer help): below the box's threshold, a question
        still likely enough to show risk gets a quiet offer of help at the top of its answer."""
        if not text:
            return None, False
        clear, ambiguous = hits = pattern_hits(text)
        if not has_content(text) and not clear:
            return None, False  # function words only ("how do i"): nothing to judge by meaning
        row = crisis_features(text, vector, self.judgement.neighbours, self.judgement.ngram_scores(text)[0], hits=hits)
        chance = self.judgement.crisis.probability(row, RISK)
        if chance < self.threshold and not (clear and self.clear_patterns_decide):
            return None, chance >= self.offer_threshold
        audience = self.judgement.audience.most_likely(row)
        return CrisisSignal("pattern" if clear or ambiguous else "similar", self._category(row, audience, clear),
                            audience), False

    def _category(self, row: np.ndarray, audience: str, clear: str | None) -> str:
        """Someone else's risk is one category (its help leads with the helpers' article); the asker's is
        a clear pattern's, which names it outright, else the most likely of the others."""
        if audience == SOMEONE_ELSE:
            return SOMEONE_ELSE
        if clear and clear != SOMEONE_ELSE:
            return clear
        model = self.judgement.category
        chances = model.probabilities(row)[0]
        chances[model.classes.index(SOMEONE_ELSE)] = -1.0
        return model.classes[int(np.argmax(chances))]


# Shown if a snapshot carries no helplines (an index built without the corpus's helplines.yaml).
FALLBACK_HELPLINES = {
    "messages": {DEFAULT_LANGUAGE: {
        SELF: "If you are thinking about suicide or hurting yourself, please talk to someone now.",
        SOMEONE_ELSE: "If someone may be thinking about suicide, stay with them and get help now."}},
    "linked_numbers": [],
    "homes": {},
    "countries": {INTERNATIONAL: {"name": "Other countries", "emergency": [], "aliases": [], "languages": [],
                                  "resources": [{"name": "Find a helpline", "url": "https://findahelpline.com/",
                                                 "contact": "Free, confidential helplines in your country",
                                                 "actions": [], "languages": []}]}},
}


def crisis_block(signal: CrisisSignal, helplines: dict | None, country: str | None, language: str) -> dict:
    """The crisis object of a response: resources for the reader's country, framed for who is at risk,
    in the reader's language where the helplines have its words."""
    helplines = helplines or FALLBACK_HELPLINES
    code = resolve_country(country, helplines, language)
    entry = helplines["countries"][code]
    messages = helplines["messages"].get(language) or helplines["messages"][DEFAULT_LANGUAGE]
    dial = " or ".join(entry["emergency"]) or "your local emergency number"
    emergency = {"name": "Emergency services", "kind": "emergency", "url": None,
                 "contact": f"If you or someone else is in immediate danger, call {dial}",
                 "actions": [{"kind": "call", "number": number, "href": tel_href(number)} for number in entry["emergency"]]}
    return {"message": messages[signal.audience], "resources": [*entry["resources"], emergency],
            "reason": signal.reason, "category": signal.category, "audience": signal.audience, "country": code,
            "emergency": entry["emergency"],
            "language": language if language in helplines["messages"] else DEFAULT_LANGUAGE}


def resolve_country(country: str | None, helplines: dict, language: str = DEFAULT_LANGUAGE) -> str:
    """The listed country for an ISO 3166 code (or one of its aliases, like UK for GB); else, for a reader
    writing another language than English, that language's home in the helplines (Spanish: Spain); else
    `international`."""
    countries = helplines["countries"]
    if country:
        if country in countries:
            return country
        for code, entry in countries.items():
            if country in entry.get("aliases", ()):
                return code
    if language != DEFAULT_LANGUAGE and language in helplines.get("homes", {}):
        return helplines["homes"][language]
    return INTERNATIONAL


_DETECTORS: "weakref.WeakKeyDictionary[Embedder, CrisisDetector]" = weakref.WeakKeyDictionary()
_MAKING_DETECTOR = threading.Lock()


def detector_for(embedder: Embedder) -> CrisisDetector:
    """One detector per loaded encoder, from the judgement trained for its model."""
    with _MAKING_DETECTOR:
        if embedder not in _DETECTORS:
            _DETECTORS[embedder] = CrisisDetector(load_judgement(embedder.model_id))
        return _DETECTORS[embedder]
