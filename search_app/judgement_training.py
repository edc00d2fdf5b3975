"""Training the judgement for one embedding model: `python -m search_app train-judgement --model M`.

1. The data and its split: `search_app.judgement_data`.
2. Crisis: a model chosen on dev (logistic regression, its C by dev log-loss, or the mean of
   small networks: the cheapest within one standard error of the best, `cheapest_within_error`) over
   the query vector on the neighbours' principal axes, `crisis.FEATURES` (one of them the n-gram
   model's score, `search_app.ngrams`, out of fold for the training rows) and the neighbour features;
   its threshold on dev (`choose_crisis_threshold`). Fitting: `search_app.judgement_fitting`.
   Audience and category: the same kind of model, on the training rows showing risk.
3. Verdict: the shipped articles are indexed with the model in a temporary folder, every
   question is searched as a reader's would be, and a logistic regression over
   `verdict.FEATURES` is fitted (two of them from the topic models, `train_topic`); its
   thresholds are chosen on dev (`choose_verdict_thresholds`).
4. The test split is then measured (`search_app.judgement_measures`), never chosen on, and
   the figures are written with the models to `search_app/judgement_models/<model>.json` (and the models'
   numbers to `<model>.models.npz`).

scikit-learn is needed here only; the search reads the file with numpy.
"""
from __future__ import annotations

import argparse
import dataclasses
import math
import tempfile
import time
from pathlib import Path

import numpy as np

from indexer.build import build_index
from indexer.embedding import AUTO_BUILD_BACKEND, Embedder, model_id, shared_embedder
from indexer.settings import BACKEND, ENCODER_CACHE, MODEL
from search_app.crisis import (FEATURES as CRISIS_FEATURES, NEAREST, RISK, SOMEONE_ELSE, crisis_features,
                               neighbour_features)
from search_app.judgement import MODELS_DIR, Classifier, Judgement, Neighbours, save_judgement
from search_app.judgement_data import (DATA_DIR, HOLDOUT_DIR, LOOKALIKE_KINDS, OUT_OF_SCOPE_VERDICT_KINDS,
                                       holdout_sets, load_data, topic_label)
from search_app.judgement_measures import calibration, crisis_table, report, verdict_table
from search_app.judgement_fitting import (fit, fit_best, fit_candidates, log_loss, ngram_scores_out_of_fold,
                                        out_of_fold)
from search_app.ngrams import NgramModel
from search_app.query import SearchRequest, normalize_query
from search_app.retrieval import SearchEngine
from search_app.verdict import ANSWERED, FEATURES as VERDICT_FEATURES, match_for

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus"
# Targets the thresholds are chosen for (issue "Judgement that holds"), on dev.
CRISIS_FALSE_ALARMS, LOOKALIKE_FALSE_ALARMS, CRISIS_RECALL = 0.01, 0.02, 0.98
ANSWERABLE_NONE, PARTLY_ON_RIGHT = 0.03, 0.05
# The crisis check's candidates besides logistic regression: networks of these hidden widths, narrowest (cheapest) first.
HIDDEN_WIDTHS = (64, 128)
# The verdict's candidate besides logistic regression: networks this wide over its few features.
VERDICT_HIDDEN = 16
# The n-gram model (`search_app.ngrams`): its regression's C and the fewest questions an n-gram must be
# in, chosen on dev (the eighth run; C chosen again with three times the data, the eighteenth: dev recall
# within the budget, networks of 128, at C 10, 30, 100, 300: 80.2%, 80.0%, 81.8%, 81.2%; bench/RESULTS.md,
# "Judgement").
NGRAM_STRENGTH, NGRAM_MIN_COUNT = 100.0, 2
# The verdict's n-gram topic model: the same, chosen by its own log-loss on dev's topic rows (C 1, 3, 10, 30:
# 0.268, 0.229, 0.212, 0.216).
TOPIC_NGRAM_STRENGTH, TOPIC_NGRAM_MIN_COUNT = 10.0, 2
# The crisis check compares a question with its training neighbours on this many principal axes: with the
# n-grams and the data of 2026-12-06, dev recall within the budget was 79.5% on 128 and 79.3% on 192, for
# two thirds of the memory read (bench/RESULTS.md, "Judgement": "Cost").
NEIGHBOUR_DIMENSIONS = 128


# ---- choosing on dev ---------------------------------------------------------

def choose_crisis_threshold(chances: np.ndarray, rows: list[dict], decided: np.ndarray | None = None) -> float:
    """The lowest threshold whose dev false alarms are within budget (1% of ordinary searches, 2% of
    the look-alikes): as much recall as the false-alarm targets allow. `decided`: questions that get
    the box whatever the threshold (a clear pattern matched)."""
    risk = np.array([row["risk"] for row in rows])
    hard = np.array([row["kind"] in LOOKALIKE_KINDS for row in rows])
    decided = np.zeros(len(rows), dtype=bool) if decided is None else decided
    for threshold in np.unique(np.round(chances, 4)):
        alarms = (chances >= threshold) | decided
        if alarms[~risk & ~hard].mean() <= CRISIS_FALSE_ALARMS and alarms[~risk & hard].mean() <= LOOKALIKE_FALSE_ALARMS:
            return float(threshold)
    return 1.0


def cheapest_within_error(dev_recall: dict[tuple[str, bool], float], risk_count: int) -> tuple[str, bool]:
    """The crisis model: the cheapest candidate whose dev recall within the budget is within one standard
    error of the best's (`dev_recall` by (candidate, clear patterns decide), candidates in order of cost).
    The check runs on every question and the networks cost a tenth of a millisecond more than the
    regression; closer than one standard error, dev cannot tell the candidates apart."""
    best = max(dev_recall.values())
    margin = math.sqrt(best * (1 - best) / risk_count)
    for name in dict.fromkeys(name for name, _ in dev_recall):
        decide = max((False, True), key=lambda option: dev_recall.get((name, option), -1.0))
        if dev_recall[(name, decide)] >= best - margin:
            return name, decide
    raise AssertionError("the best candidate is within its own margin")


def choose_verdict_thresholds(chances: np.ndarray, rows: list[dict], right_first: np.ndarray,
                              far_chances: np.ndarray, far_rows: list[dict]) -> tuple[float, float, float]:
    """(weak, strong, far) on dev: `weak` the highest that leaves at most 3% of answerable questions "none";
    `strong` as high as leaves at most 5% of the questions whose first article is right below it; `far` (a
    threshold of the far model, which "strong" needs too) above every out-of-scope question of `far_rows`
    (dev's and, out of fold, the training questions: "never" is a maximum, and dev's 200 alone set it by one
    question). Mental-health topics the articles lack and other medical questions may reach "weak" or
    "strong": they share the articles' subject."""
    answerable = np.array([row["in_scope"] for row in rows])
    out_of_scope = np.array([row["kind"] in OUT_OF_SCOPE_VERDICT_KINDS for row in far_rows])
    weak = float(np.quantile(chances[answerable], ANSWERABLE_NONE))
    right = chances[answerable & right_first]
    partly = float(np.quantile(right, PARTLY_ON_RIGHT)) if len(right) else 1.0
    far = min(1.0, float(far_chances[out_of_scope].max()) + 1e-4) if out_of_scope.any() else 0.0
    return weak, max(weak, partly), far


def choose_offer_threshold(chances: np.ndarray, rows: list[dict]) -> float:
    """The highest threshold at which the box or the offer of help reaches 98% of dev questions showing risk."""
    risk = np.array([row["risk"] for row in rows])
    return float(np.quantile(chances[risk], 1 - CRISIS_RECALL))


# ---- the two halves ------------------------------------------------------------

def _vectors(embedder: Embedder, rows: list[dict]) -> tuple[list[str], np.ndarray]:
    texts = [normalize_query(row["text"]) for row in rows]
    return texts, embedder.encode_fixed_queries(texts)


def _crisis_rows_features(embedder: Embedder, rows: list[dict], neighbours: Neighbours, scores: np.ndarray,
                          leave_out_self: bool = False) -> np.ndarray:
    """`scores`: each row's n-gram score (for the training rows, from a model fitted without it)."""
    texts, vectors = _vectors(embedder, rows)
    nearest = neighbour_features(neighbours.project(vectors), neighbours, leave_out_self)
    return np.stack([crisis_features(text, vector, neighbours, score, near)
                     for text, vector, score, near in zip(texts, vectors, scores, nearest)])


def _clear_hits(features: np.ndarray, neighbours: Neighbours) -> np.ndarray:
    """Whether a clear pattern matched, as the features already say (no second pass of the patterns)."""
    return features[:, neighbours.basis.shape[1] + CRISIS_FEATURES.index("clear_pattern")] > 0


def _fit_audience(x: dict[str, np.ndarray], data: dict[str, list[dict]], at_risk: dict[str, np.ndarray]):
    """(who is at risk: the model most often right on dev's questions showing risk, each candidate's dev accuracy)."""
    rows = lambda split: (x[split][at_risk[split]], [row["audience"] for row in data[split] if row["risk"]])
    candidates = fit_candidates(rows("train"), rows("dev"), HIDDEN_WIDTHS)[0]
    dev_x, dev_audiences = rows("dev")
    accuracy = {name: float(np.mean([model.most_likely(row) == audience for row, audience in zip(dev_x, dev_audiences)]))
                for name, model in candidates.items()}
    return candidates[max(accuracy, key=accuracy.get)], accuracy


def train_crisis(embedder: Embedder, data: dict[str, list[dict]], extra_sets: dict[str, list[dict]]):
    """(crisis, audience, category models, thresholds, neighbours, n-gram model, figures)."""
    train_vectors = _vectors(embedder, data["train"])[1]
    risky = np.array([row["risk"] for row in data["train"]])
    # The neighbours ship with the code: no vector of a question that may not be kept in the repository.
    shareable = np.array([row.get("source") != "counsel_chat" for row in data["train"]])
    neighbours = Neighbours.from_vectors(train_vectors[risky & shareable], train_vectors[~risky & shareable],
                                         NEIGHBOUR_DIMENSIONS)
    # The n-gram table ships with the code too: fitted on shareable rows only.
    texts, risk = [normalize_query(row["text"]) for row in data["train"]], [bool(row["risk"]) for row in data["train"]]
    ngrams = NgramModel.fit([t for t, ok in zip(texts, shareable) if ok], [r for r, ok in zip(risk, shareable) if ok],
                            NGRAM_STRENGTH, NGRAM_MIN_COUNT)
    train_scores = ngram_scores_out_of_fold(texts, risk, shareable, NGRAM_STRENGTH, NGRAM_MIN_COUNT)
    scored = lambda rows: np.array([ngrams.logit(normalize_query(row["text"])) for row in rows])
    x = {split: _crisis_rows_features(embedder, rows, neighbours, train_scores if split == "train" else scored(rows),
                                      leave_out_self=split == "train") for split, rows in data.items()}
    label = lambda rows: [RISK if row["risk"] else "no" for row in rows]
    candidates, strength, losses = fit_candidates((x["train"], label(data["train"])), (x["dev"], label(data["dev"])),
                                                  HIDDEN_WIDTHS)
    clear = {split: _clear_hits(features, neighbours) for split, features in x.items()}
    dev_recall = {}
    for name, model in candidates.items():
        chances = model.probabilities(x["dev"])[:, model.classes.index(RISK)]
        for decide in (False, True):
            threshold = choose_crisis_threshold(chances, data["dev"], clear["dev"] if decide else None)
            fired = (chances >= threshold) | (clear["dev"] & decide)
            dev_recall[(name, decide)] = float(fired[np.array([row["risk"] for row in data["dev"]])].mean())
    chosen, clear_decides = cheapest_within_error(dev_recall, sum(row["risk"] for row in data["dev"]))
    crisis = candidates[chosen]
    at_risk = {split: np.array([row["risk"] for row in rows]) for split, rows in data.items()}
    audience, audience_accuracy = _fit_audience(x, data, at_risk)
    named = {split: np.array([bool(row["risk"] and row.get("category")) for row in rows]) for split, rows in data.items()}
    category, _, _ = fit_best((x["train"][named["train"]], [r["category"] for r in data["train"] if r["risk"] and r.get("category")]),
                              (x["dev"][named["dev"]], [r["category"] for r in data["dev"] if r["risk"] and r.get("category")]))
    dev_chances = crisis.probabilities(x["dev"])[:, crisis.classes.index(RISK)]
    threshold = choose_crisis_threshold(dev_chances, data["dev"], clear["dev"] if clear_decides else None)
    offer = min(threshold, choose_offer_threshold(dev_chances, data["dev"]))
    thresholds = {"crisis": threshold, "offer": offer, "clear_patterns_decide": clear_decides}
    figures = {"model": chosen, "dev_recall_within_budget": {f"{name}{', clear patterns decide' if decide else ''}": value
                                                             for (name, decide), value in dev_recall.items()},
               "dev_audience_accuracy": audience_accuracy,
               "strength": strength, "dev_log_loss": losses, **thresholds}
    sets = {**{split: data[split] for split in ("dev", "test")}, **extra_sets}
    for name, rows in sets.items():
        features = x[name] if name in x else _crisis_rows_features(embedder, rows, neighbours, scored(rows))
        risk_chances = crisis.probabilities(features)[:, crisis.classes.index(RISK)]
        decided = _clear_hits(features, neighbours) & clear_decides
        audiences = [audience.most_likely(row) for row in features]
        figures[name] = crisis_table(rows, (risk_chances >= threshold) | decided, audiences)
        figures[name]["with_offer"] = crisis_table(rows, (risk_chances >= offer) | decided, audiences)
        figures[name]["calibration"] = calibration(risk_chances, np.array([row["risk"] for row in rows], dtype=float))
    return crisis, audience, category, thresholds, neighbours, ngrams, figures


def _scope_evidence(engine: SearchEngine, rows: list[dict]) -> tuple[list, np.ndarray, np.ndarray]:
    """Each question searched as a reader's: (evidence, first article right, a right article in the top 3)."""
    found, right_first, top3 = [], [], []
    for row in rows:
        outcome = engine.search(SearchRequest.parse({"q": row["question"], "k": 5}))
        docs = [result.chunk.doc_id for result in outcome.results]
        relevant = set(row.get("relevant") or ())
        found.append(outcome.evidence)
        right_first.append(bool(docs) and docs[0] in relevant)
        top3.append(bool(relevant.intersection(docs[:3])))
    return found, np.array(right_first), np.array(top3)


def train_verdict(embedder: Embedder, data: dict[str, list[dict]], crisis: dict[str, list[dict]], untrained: Judgement,
                  extra_sets: dict[str, list[dict]], corpus: Path = CORPUS_DIR):
    """(verdict model, far model, topic model, topic n-gram model, thresholds, figures), from searches of the articles
    in `corpus` indexed with `embedder`."""
    with tempfile.TemporaryDirectory(prefix="judgement-") as folder:
        build_index(corpus, Path(folder), get_embedder=lambda: embedder, progress=False, log=lambda line: None)
        engine = SearchEngine.open(Path(folder), embedder, judgement=untrained)
        searched = {name: _scope_evidence(engine, rows) for name, rows in {**data, **extra_sets}.items()}
        engine.snapshot.records.close()
    everything = {**data, **extra_sets}
    topic, topic_ngrams, topic_chances, topic_scores = train_topic(embedder, data, crisis, everything)
    searched = {name: ([e and dataclasses.replace(e, topic=float(p), topic_words=float(score))
                        for e, p, score in zip(evidence, topic_chances[name], topic_scores[name])], right, top3)
                for name, (evidence, right, top3) in searched.items()}
    # A question of function words only is not searched (its verdict is "none"): no evidence to learn from.
    searched_any = {name: np.array([e is not None for e in evidence]) for name, (evidence, _, _) in searched.items()}
    x = {name: np.stack([e.features() for e in evidence if e is not None]) for name, (evidence, _, _) in searched.items()}
    kept = {name: [row for row, on in zip(everything[name], searched_any[name]) if on] for name in searched}
    label = lambda rows: [ANSWERED if row["in_scope"] else "no" for row in rows]
    candidates, strength, losses = fit_candidates((x["train"], label(kept["train"])), (x["dev"], label(kept["dev"])),
                                                  (VERDICT_HIDDEN,))
    dev_losses = {name: log_loss(candidate, x["dev"], label(kept["dev"])) for name, candidate in candidates.items()}
    chosen = min(dev_losses, key=dev_losses.get)
    model = candidates[chosen]
    # The far model: the same evidence, answered questions against out-of-scope ones alone (not the topics the
    # articles lack, which look answered): it keeps "strong" from those at a lower cost in answered questions
    # told "weak" than the verdict model (bench/RESULTS.md, "Judgement": "The far model").
    on = {name: np.array([row["in_scope"] or row["kind"] in OUT_OF_SCOPE_VERDICT_KINDS for row in kept[name]])
          for name in ("train", "dev")}
    far_data = {name: (x[name][on[name]], label([row for row, k in zip(kept[name], on[name]) if k])) for name in on}
    far_model, far_strength, far_losses = fit_best(far_data["train"], far_data["dev"])
    chances, far_chances = {}, {}
    for name, features in x.items():
        chances[name], far_chances[name] = np.zeros(len(everything[name])), np.zeros(len(everything[name]))
        chances[name][searched_any[name]] = model.probabilities(features)[:, model.classes.index(ANSWERED)]
        far_chances[name][searched_any[name]] = far_model.probabilities(features)[:, far_model.classes.index(ANSWERED)]
    # The training questions as a second sample for "never strong" off the subject: each from a model fitted without it.
    trained = np.zeros(len(everything["train"]))
    on_train = np.flatnonzero(searched_any["train"])[on["train"]]
    trained[on_train] = out_of_fold(*far_data["train"], ANSWERED, lambda features, labels: fit(features, labels, far_strength))
    weak, strong, far = choose_verdict_thresholds(chances["dev"], data["dev"], searched["dev"][1],
                                                  np.concatenate([far_chances["dev"], trained]), data["dev"] + data["train"])
    figures = {"model": chosen, "dev_log_loss_by_model": dev_losses, "strength": strength, "dev_log_loss": losses,
               "far_strength": far_strength, "far_dev_log_loss": far_losses, "weak": weak, "strong": strong, "far": far}
    for name in ("dev", "test", *extra_sets):
        rows = everything[name]
        matches = [match_for(c, f, weak, strong, far) for c, f in zip(chances[name], far_chances[name])]
        figures[name] = verdict_table(rows, matches, searched[name][1], searched[name][2])
        figures[name]["calibration"] = calibration(chances[name], np.array([row["in_scope"] for row in rows], dtype=float))
    return model, far_model, topic, topic_ngrams, {"weak": weak, "strong": strong, "far": far}, figures


def train_topic(embedder: Embedder, data: dict[str, list[dict]], crisis: dict[str, list[dict]],
                everything: dict[str, list[dict]]):
    """(the topic model, the n-gram topic model, for every verdict row the one's probability and the other's
    score): logistic regression on the query vector, and an n-gram model of the question's letters and words
    (`search_app.ngrams`), over the verdict rows and the crisis rows whose kind says; the training rows'
    probabilities and scores are out of fold. The n-gram table ships with the code: fitted on shareable rows only."""
    def rows_of(split: str) -> list[tuple[str, str, bool]]:
        rows = [(row["question"], topic_label(row), row.get("source") != "counsel_chat") for row in data[split]]
        return rows + [(row["text"], topic_label(row), row.get("source") != "counsel_chat")
                       for row in crisis.get(split, ()) if topic_label(row)]

    encode = lambda texts: embedder.encode_fixed_queries([normalize_query(t) for t in texts]).astype(np.float64)
    train, dev = rows_of("train"), rows_of("dev")
    train_x, dev_x = encode([t for t, _, _ in train]), encode([t for t, _, _ in dev])
    model, strength, _ = fit_best((train_x, [l for _, l, _ in train]), (dev_x, [l for _, l, _ in dev]))
    chances = {name: model.probabilities(encode([row["question"] for row in rows]))[:, model.classes.index(ANSWERED)]
               for name, rows in everything.items()}
    chances["train"] = out_of_fold(train_x, [l for _, l, _ in train], ANSWERED,
                                   lambda features, labels: fit(features, labels, strength))[:len(data["train"])]
    texts, on_topic = [normalize_query(t) for t, _, _ in train], [l == ANSWERED for _, l, _ in train]
    shareable = np.array([ok for _, _, ok in train])
    ngrams = NgramModel.fit([t for t, ok in zip(texts, shareable) if ok], [l for l, ok in zip(on_topic, shareable) if ok],
                            TOPIC_NGRAM_STRENGTH, TOPIC_NGRAM_MIN_COUNT)
    scores = {name: np.array([ngrams.logit(normalize_query(row["question"])) for row in rows])
              for name, rows in everything.items()}
    scores["train"] = ngram_scores_out_of_fold(texts, on_topic, shareable, TOPIC_NGRAM_STRENGTH,
                                               TOPIC_NGRAM_MIN_COUNT)[:len(data["train"])]
    return model, ngrams, chances, scores


def untrained_judgement(model: str, dimension: int) -> Judgement:
    """A stand-in whose models answer 0.5 to everything, for engines that need no judgement: the one that
    gathers the verdict's evidence, and evaluations of ranking alone."""
    def blank(classes: tuple[str, ...], width: int) -> Classifier:
        return Classifier(classes, np.zeros(width), np.ones(width), (((np.zeros((width, 1)), np.zeros(1)),),))
    crisis_width = NEIGHBOUR_DIMENSIONS + len(CRISIS_FEATURES) + 3 * len(NEAREST)
    return Judgement(model, blank(("no", RISK), crisis_width), blank(("self", SOMEONE_ELSE), crisis_width),
                     blank(("self", SOMEONE_ELSE), crisis_width), blank(("no", ANSWERED), len(VERDICT_FEATURES)),
                     blank(("no", ANSWERED), len(VERDICT_FEATURES)), blank(("no", ANSWERED), dimension),
                     NgramModel({}, {}, 0.0), NgramModel({}, {}, 0.0),
                     {"crisis": 1.0, "offer": 1.0, "weak": 0.5, "strong": 1.0, "far": 1.0}, {})


def train(embedder: Embedder, data_dir: Path = DATA_DIR, output: Path = MODELS_DIR, corpus: Path = CORPUS_DIR,
          holdout: Path | None = HOLDOUT_DIR, log=print) -> Judgement:
    """Train, choose on dev, measure test and the hold-out sets, write the judgement files; returns the judgement."""
    started = time.perf_counter()
    crisis_data, scope_data = load_data(data_dir)
    crisis_extra, scope_extra = holdout_sets(holdout)
    log("data: " + ", ".join(f"{name} {split} {len(rows)}" for name, data in (("crisis", crisis_data), ("verdict", scope_data))
                             for split, rows in sorted(data.items())))
    crisis, audience, category, crisis_thresholds, neighbours, ngrams, crisis_figures = train_crisis(
        embedder, crisis_data, crisis_extra)
    verdict, far, topic, topic_ngrams, verdict_thresholds, verdict_figures = train_verdict(
        embedder, scope_data, crisis_data, untrained_judgement(embedder.model_id, embedder.dimension), scope_extra, corpus)
    judgement = Judgement(embedder.model_id, crisis, audience, category, verdict, far, topic, ngrams, topic_ngrams,
                          {**crisis_thresholds, **verdict_thresholds},
                          {"encoder": f"{embedder.backend} ({embedder.precision})",
                           "trained": time.strftime("%Y-%m-%d"), "crisis": crisis_figures, "verdict": verdict_figures,
                           "data": {name: {split: len(rows) for split, rows in data.items()}
                                    for name, data in (("crisis", crisis_data), ("verdict", scope_data))}},
                          neighbours)
    target = save_judgement(judgement, output)
    log(report(judgement))
    log(f"wrote {target} in {time.perf_counter() - started:.0f} s")
    return judgement




def add_arguments(parser: argparse.ArgumentParser, environ) -> None:
    """The options of `python -m search_app train-judgement`."""
    for option in (MODEL, BACKEND, ENCODER_CACHE):
        option.add_argument(parser, environ)
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="the training data folder (default: judgement_data/)")
    parser.add_argument("--output", type=Path, default=MODELS_DIR, help="where the judgement file is written")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="the articles the verdict learns from (default: corpus/)")


def run(args: argparse.Namespace) -> int:
    """Train for the model and backend asked for (`auto`: the backend builds use, whose vectors the search reads)."""
    backend = AUTO_BUILD_BACKEND if args.backend in (None, "auto") else args.backend
    train(shared_embedder(model_id(args.model), backend, args.encoder_cache), args.data, args.output, args.corpus)
    return 0
