"""How the judgement's models are fitted (scikit-learn, training only) and exported as arrays the search
reads with numpy; and the scores of models fitted without a row, for features built on another model."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from search_app.judgement import Classifier
from search_app.ngrams import NgramModel

FOLDS = 5
STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
NETWORKS, NETWORK_ALPHA = 5, 1e-3


def _standardised(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean, scale = features.mean(axis=0), features.std(axis=0)
    scale[scale == 0] = 1.0
    return mean, scale


def fit(features: np.ndarray, labels: list[str], strength: float) -> Classifier:
    """A standardised logistic regression, exported as arrays."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = _standardised(features)
    model = LogisticRegression(C=strength, max_iter=5000).fit((features - mean) / scale, labels)
    weights = model.coef_.T if len(model.classes_) > 2 else model.coef_.T[:, :1]
    return Classifier(tuple(str(c) for c in model.classes_), mean, scale, (((weights, model.intercept_),),))


def fit_networks(features: np.ndarray, labels: list[str], hidden: int) -> Classifier:
    """The mean of `NETWORKS` small networks (one hidden layer, different seeds): one network's
    threshold at a 1% false-alarm budget, and its dev recall, moved with its seed; the mean's
    moves less (bench/RESULTS.md, "Judgement")."""
    from sklearn.neural_network import MLPClassifier

    mean, scale = _standardised(features)
    members = []
    for seed in range(NETWORKS):
        network = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=NETWORK_ALPHA, max_iter=500, early_stopping=True,
                                random_state=seed).fit((features - mean) / scale, labels)
        members.append(tuple(zip(network.coefs_, network.intercepts_)))
        classes = tuple(str(c) for c in network.classes_)
    return Classifier(classes, mean, scale, tuple(members))


def log_loss(model: Classifier, features: np.ndarray, labels: list[str]) -> float:
    chances = model.probabilities(features)
    truth = np.array([model.classes.index(label) for label in labels])
    return float(-np.log(np.clip(chances[np.arange(len(truth)), truth], 1e-12, 1)).mean())


def fit_best(train: tuple[np.ndarray, list[str]], dev: tuple[np.ndarray, list[str]]) -> tuple[Classifier, float, dict]:
    """The logistic regression whose strength gives the lowest log-loss on dev; (model, strength, log-loss by strength)."""
    losses, models = {}, {}
    for strength in STRENGTHS:
        models[strength] = fit(*train, strength)
        losses[strength] = log_loss(models[strength], *dev)
    best = min(losses, key=losses.get)
    return models[best], best, losses


FitOne = Callable[[np.ndarray, list[str]], Classifier]
LINEAR = "logistic regression"


def fit_candidates(train: tuple[np.ndarray, list[str]], dev: tuple[np.ndarray, list[str]], widths: tuple[int, ...]
                   ) -> tuple[dict[str, Classifier], float, dict]:
    """The models a choice on dev is made among: logistic regression (its strength chosen by dev log-loss)
    and the mean of small networks of each width, each fitted on `train`. (The models by name; the
    regression's strength; dev log-loss by strength.)"""
    linear, strength, losses = fit_best(train, dev)
    fitted = {LINEAR: linear}
    for width in widths:
        fitted[f"{NETWORKS} networks of {width}"] = fit_networks(*train, width)
    return fitted, strength, losses


def out_of_fold(features: np.ndarray, labels: list[str], positive: str, fit_one: FitOne) -> np.ndarray:
    """Each row's probability from a model (`fit_one(features, labels)`) fitted without it (five folds): what
    a model's output looks like at search time, not on the rows it was fitted to."""
    folds = np.arange(len(labels)) % FOLDS
    chances = np.zeros(len(labels))
    for fold in range(FOLDS):
        model = fit_one(features[folds != fold], [l for l, f in zip(labels, folds) if f != fold])
        chances[folds == fold] = model.probabilities(features[folds == fold])[:, model.classes.index(positive)]
    return chances


def ngram_scores_out_of_fold(texts: list[str], labels: list[bool], shareable: np.ndarray, strength: float,
                             min_count: int) -> np.ndarray:
    """Each training row's n-gram score from a model fitted on the other folds' shareable rows: what the
    model reading the score (crisis, verdict) will see at search time, not a score of the rows the n-gram
    model was fitted to."""
    folds = np.arange(len(texts)) % FOLDS
    scores = np.zeros(len(texts))
    for fold in range(FOLDS):
        fitted = [i for i in range(len(texts)) if folds[i] != fold and shareable[i]]
        model = NgramModel.fit([texts[i] for i in fitted], [labels[i] for i in fitted], strength, min_count)
        scores[folds == fold] = [model.logit(texts[i]) for i in np.flatnonzero(folds == fold)]
    return scores
