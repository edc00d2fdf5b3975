"""Training the judgement: the one command, the split made once, thresholds chosen on dev only."""
import json
import shutil
import subprocess
import sys
from collections import Counter

import numpy as np
import pytest

from indexer.embedding import DEFAULT_MODEL, model_id
from search_app.judgement import Classifier, JudgementMissing, judgement_file, load_judgement, models_file, neighbours_file
from search_app.judgement_data import LOOKALIKE_KINDS, load_data, split_of
from search_app.judgement_training import choose_crisis_threshold, choose_verdict_thresholds, train
from search_app.ngrams import CHAR_SIZES, WORD_PATTERN, WORD_SIZES, NgramModel
from tests.conftest import ROOT, copy_fixture_corpus


def test_the_ngram_model_scores_a_question_as_scikit_learn_does():
    """The search scores the n-gram model from its tables; scikit-learn, fitted the same way, must agree,
    on questions with n-grams the training never saw, accents, runs of spaces and one-letter words."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    crisis, _ = load_data()
    rows = [row for row in crisis["train"] if row.get("source") != "counsel_chat"][::10]
    texts, risk = [row["text"].lower() for row in rows], [bool(row["risk"]) for row in rows]
    model = NgramModel.fit(texts, risk, 30.0, 2)
    union = make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_SIZES, sublinear_tf=True, min_df=2),
                       TfidfVectorizer(analyzer="word", ngram_range=WORD_SIZES, sublinear_tf=True, min_df=2,
                                       token_pattern=WORD_PATTERN))
    regression = LogisticRegression(C=30.0, max_iter=5000).fit(union.fit_transform(texts), risk)
    asked = [row["text"].lower() for row in crisis["dev"][:300]] + [
        "je   veux  mourir", "quiero morirme ya", "i  a m   so done", "x", "ça ne va pas du tout, überhaupt nicht", ""]
    expected = regression.decision_function(union.transform(asked))
    assert np.allclose([model.logit(text) for text in asked], expected, atol=1e-9)
    assert len(set(np.round(expected, 3))) > 100  # the scores differ from question to question


def test_the_two_ngram_models_scored_in_one_pass_give_each_model_s_own_score_exactly():
    """The search looks each n-gram up once for the crisis model and the topic model: each score must be the
    very number the model alone gives, on n-grams both, one or neither of them know."""
    from search_app.ngrams import NgramPair

    judgement = load_judgement(model_id(DEFAULT_MODEL))
    crisis, scope = load_data()
    asked = [row["text"].lower() for row in crisis["dev"][:200]] + [row["question"].lower() for row in scope["dev"][:100]]
    asked += ["quiero morirme ya", "je   veux  mourir", "zzqx", "", "kill kill kill the process"]
    both = NgramPair(judgement.ngrams, judgement.topic_ngrams)
    assert [both.logits(text) for text in asked] == [(judgement.ngrams.logit(text), judgement.topic_ngrams.logit(text))
                                                    for text in asked]
    assert {judgement.ngram_scores(text) for text in asked} == {both.logits(text) for text in asked}
    assert len({round(topic, 3) for _, topic in map(both.logits, asked)}) > 100  # the second model is read too


def test_a_damaged_or_older_judgement_file_is_refused_with_how_to_train_it(tmp_path):
    """A models file cut short (a full disk, an interrupted copy) or a readable file of an older version is a clear
    error naming the command, never a traceback; an intact copy loads."""
    model = model_id(DEFAULT_MODEL)
    for kind, change in (("intact", None), ("cut short", "models"), ("older", "version")):
        folder = tmp_path / kind
        folder.mkdir()
        for path in (judgement_file(model), models_file(model), neighbours_file(model)):
            shutil.copy(path, folder / path.name)
        if change == "models":
            damaged = models_file(model, folder)
            damaged.write_bytes(damaged.read_bytes()[: damaged.stat().st_size // 2])
        elif change == "version":
            readable = judgement_file(model, folder)
            readable.write_text(readable.read_text().replace('"version": 5', '"version": 4', 1))
        if change is None:
            assert load_judgement(model, folder).thresholds == load_judgement(model).thresholds
        else:
            with pytest.raises(JudgementMissing, match=f"cannot be used .*train-judgement --model {model}"):
                load_judgement(model, folder)


def test_the_neighbour_features_are_the_exact_cosines_and_training_rows_are_not_their_own_neighbours():
    """The half-precision scans give the same features as numpy on the stored vectors, and a training
    question (or an exact copy of it) does not count as its own nearest neighbour."""
    from search_app.crisis import NEAREST, neighbour_features
    from search_app.judgement import Neighbours

    generator = np.random.default_rng(7)
    risk, ordinary = generator.normal(size=(300, 48)), generator.normal(size=(400, 48))
    ordinary[1] = ordinary[0]  # one question twice
    neighbours = Neighbours.from_vectors(risk, ordinary, kept=32)
    queries = generator.normal(size=(20, 48))
    projected = neighbours.project(queries)
    expected = []
    for stored in (neighbours.risk, neighbours.ordinary):
        cosines = -np.sort(-(projected @ stored.astype(np.float16).astype(np.float32).T), axis=1)
        expected += [cosines[:, :n].mean(axis=1) for n in NEAREST]
    expected += [expected[i] - expected[i + len(NEAREST)] for i in range(len(NEAREST))]
    assert np.allclose(neighbour_features(projected, neighbours), np.column_stack(expected), atol=1e-5)
    own = neighbour_features(neighbours.project(ordinary[:3]), neighbours)[:, len(NEAREST)]
    left_out = neighbour_features(neighbours.project(ordinary[:3]), neighbours, leave_out_self=True)[:, len(NEAREST)]
    assert np.all(own > 0.999) and np.all(left_out < 0.9)


@pytest.mark.parametrize("classes", [("no", "yes"), ("a", "b", "c")])
def test_a_mean_of_small_networks_reads_its_rows_as_trained(classes):
    """Training may choose networks over logistic regression (for another model, or more data): the
    search's folded, side-by-side arithmetic must give what the networks give on standardised rows."""
    rng = np.random.default_rng(0)
    width, outputs = 12, 1 if len(classes) == 2 else len(classes)
    members = tuple(((rng.normal(size=(width, 8)), rng.normal(size=8)), (rng.normal(size=(8, outputs)), rng.normal(size=outputs)))
                    for _ in range(3))
    model = Classifier(classes, rng.normal(size=width), rng.uniform(0.5, 2.0, size=width), members)
    rows = rng.normal(size=(5, width))
    expected = []
    for (first, bias), (last, out_bias) in members:
        logits = np.maximum((rows - model.mean) / model.scale @ first + bias, 0) @ last + out_bias
        if len(classes) == 2:
            positive = 1 / (1 + np.exp(-logits[:, 0]))
            expected.append(np.stack([1 - positive, positive], axis=1))
        else:
            expected.append(np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True))
    assert np.allclose(model.probabilities(rows), np.mean(expected, axis=0), atol=1e-5)


def test_the_split_is_fixed_by_the_text_and_near_sixty_twenty_twenty():
    assert split_of("How can I feel calmer?") == split_of("how can i feel calmer")
    texts = [f"question number {n}" for n in range(5000)]
    shares = Counter(split_of(text) for text in texts)
    assert abs(shares["train"] / 5000 - 0.6) < 0.03 and abs(shares["test"] / 5000 - 0.2) < 0.03


def test_the_crisis_threshold_is_the_lowest_within_both_false_alarm_budgets():
    ordinary = [{"risk": False, "kind": "everyday"}] * 100
    lookalikes = [{"risk": False, "kind": next(iter(LOOKALIKE_KINDS))}] * 100
    risk = [{"risk": True, "kind": "direct"}] * 10
    chances = np.concatenate([np.linspace(0, 0.5, 100), np.linspace(0, 0.9, 100), np.full(10, 0.95)])
    threshold = choose_crisis_threshold(chances, ordinary + lookalikes + risk)
    alarms = chances >= threshold
    assert alarms[:100].mean() <= 0.01 and alarms[100:200].mean() <= 0.02
    lower = chances >= max(c for c in np.unique(np.round(chances, 4)) if c < threshold)
    assert lower[:100].mean() > 0.01 or lower[100:200].mean() > 0.02  # the lowest: one step down breaks a budget


def test_who_is_at_risk_is_told_by_the_candidate_most_often_right_on_dev():
    """A pattern no line separates (either feature alone says nothing): the networks, not the regression."""
    from search_app.judgement_training import _fit_audience

    generator = np.random.default_rng(3)
    x, data = {}, {}
    for split in ("train", "dev"):
        features = generator.uniform(-1, 1, size=(400, 2))
        data[split] = [{"risk": True, "audience": "self" if a * b > 0 else "someone_else"} for a, b in features]
        x[split] = features
    model, accuracy = _fit_audience(x, data, {split: np.ones(400, dtype=bool) for split in x})
    assert accuracy["logistic regression"] < 0.7 < max(accuracy.values())
    assert len(model.members[0]) == 2  # a hidden layer: one of the networks


def test_the_crisis_model_is_the_cheapest_within_one_standard_error_of_the_best_on_dev():
    """With 1,000 dev questions showing risk one standard error is about 1.3 points at 80%: a regression 0.6
    points behind the best network is taken, one 2 points behind is not (nor a network 2 points behind)."""
    from search_app.judgement_training import cheapest_within_error

    recall = {("logistic regression", False): 0.770, ("logistic regression", True): 0.794,
              ("5 networks of 64", False): 0.790, ("5 networks of 64", True): 0.780,
              ("5 networks of 128", False): 0.795, ("5 networks of 128", True): 0.800}
    assert cheapest_within_error(recall, 1000) == ("logistic regression", True)
    recall[("logistic regression", True)] = 0.780
    assert cheapest_within_error(recall, 1000) == ("5 networks of 64", False)
    recall[("5 networks of 64", False)] = 0.780
    assert cheapest_within_error(recall, 1000) == ("5 networks of 128", True)


def test_the_verdict_thresholds_leave_few_answerable_questions_none_and_no_far_one_strong():
    """No out-of-scope question strong, on dev nor among the training questions (the far model's chances, out of
    fold); "strong" on the verdict model otherwise leaves 5% of the answered questions "weak"."""
    rows = [{"in_scope": True, "kind": "in_scope"}] * 100 + [{"in_scope": False, "kind": "everyday"}] * 50
    chances = np.concatenate([np.linspace(0.2, 1.0, 100), np.linspace(0.0, 0.6, 50)])
    trained = [{"in_scope": False, "kind": "everyday"}] * 20
    far_chances = np.concatenate([np.linspace(0.5, 1.0, 100), np.linspace(0.0, 0.6, 50), np.linspace(0.1, 0.7, 20)])
    weak, strong, far = choose_verdict_thresholds(chances, rows, np.array([True] * 100 + [False] * 50), far_chances,
                                                  rows + trained)
    assert (chances[:100] < weak).mean() <= 0.03 and 0.2 < strong < 0.3 and 0.7 < far < 0.71


@pytest.mark.slow  # the whole corpus, or a model run twice: `make test` only
def test_one_command_trains_a_judgement_the_search_then_uses(tmp_path, embedder):
    """A small sample of the data and the fixture articles: the real pipeline, end to end, in seconds."""
    crisis, scope = load_data()
    data = tmp_path / "data"
    data.mkdir()
    sample = [row for split in crisis.values() for row in split if "text" in row and row.get("source") != "counsel_chat"]
    picked = [row for row in sample if row["risk"]][::12] + [row for row in sample if not row["risk"]][::12]
    (data / "crisis.jsonl").write_text("\n".join(json.dumps({k: v for k, v in row.items() if k != "source"})
                                                 for row in picked), encoding="utf-8")
    questions = [row for split in scope.values() for row in split][::8]
    (data / "scope.jsonl").write_text("\n".join(json.dumps({k: v for k, v in row.items() if k != "source"})
                                                for row in questions), encoding="utf-8")
    output = tmp_path / "models"
    judgement = train(embedder, data, output, copy_fixture_corpus(tmp_path / "corpus"), holdout=None, log=lambda line: None)
    assert all(file(embedder.model_id, output).is_file() for file in (judgement_file, models_file, neighbours_file))
    loaded = load_judgement(embedder.model_id, output)
    assert loaded.thresholds == judgement.thresholds and loaded.neighbours.basis.shape[0] == embedder.dimension
    dev = judgement.figures["crisis"]["dev"]
    assert judgement.thresholds["crisis"] == 1.0 or (dev["false_alarms"] <= 0.01 and dev["lookalike_false_alarms"] <= 0.02)
    assert set(judgement.figures["verdict"]) >= {"dev", "test"}


def test_the_training_command_says_how_to_use_it():
    run = subprocess.run([sys.executable, "-m", "search_app", "train-judgement", "--help"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "--model" in run.stdout and "--data" in run.stdout
