"""Measuring the judgement on a split: the crisis box's and the verdict's tables by kind, the
calibration, and the printout bench/RESULTS.md carries."""
from __future__ import annotations

from collections import Counter

import numpy as np

from search_app.judgement import Judgement
from search_app.judgement_data import LOOKALIKE_KINDS, OUT_OF_SCOPE_VERDICT_KINDS
from search_app.verdict import NONE, STRONG, WEAK

CALIBRATION_BINS = 10


def crisis_table(rows: list[dict], fired: np.ndarray, audiences: list[str | None]) -> dict:
    risk = np.array([row["risk"] for row in rows])
    hard = np.array([row["kind"] in LOOKALIKE_KINDS for row in rows])
    judged = [(row["audience"], got) for row, got, on in zip(rows, audiences, fired) if row["risk"] and on]
    kinds = {}
    for kind in sorted({(row["risk"], row["kind"]) for row in rows}):
        mask = np.array([(row["risk"], row["kind"]) == kind for row in rows])
        kinds[f"{'risk' if kind[0] else 'ordinary'}:{kind[1]}"] = [int(mask.sum()), int(fired[mask].sum())]
    return {"risk": int(risk.sum()), "ordinary": int((~risk & ~hard).sum()), "lookalikes": int((~risk & hard).sum()),
            "recall": float(fired[risk].mean()) if risk.any() else None,
            "false_alarms": float(fired[~risk & ~hard].mean()) if (~risk & ~hard).any() else None,
            "lookalike_false_alarms": float(fired[~risk & hard].mean()) if (~risk & hard).any() else None,
            "audience_right": float(np.mean([a == b for a, b in judged])) if judged else None, "by_kind": kinds}


def _share(flags: np.ndarray) -> float | None:
    return float(flags.mean()) if len(flags) else None


def verdict_table(rows: list[dict], matches: list[str], right_first: np.ndarray, top3: np.ndarray) -> dict:
    answerable = np.array([row["in_scope"] for row in rows])
    got = np.array(matches)
    misspelt = answerable & np.array([row["kind"] == "misspelled" for row in rows])
    far = np.array([row["kind"] in OUT_OF_SCOPE_VERDICT_KINDS for row in rows])
    pairs = sorted({(row["in_scope"], row["kind"]) for row in rows})
    both = {kind for _, kind in pairs if (True, kind) in pairs and (False, kind) in pairs}  # e.g. relabelled rows
    kinds = {(f"{kind} ({'answerable' if scope else 'unanswerable'})" if kind in both else kind):
             dict(Counter(got[[row["kind"] == kind and row["in_scope"] == scope for row in rows]].tolist()))
             for scope, kind in pairs}
    return {"answerable": int(answerable.sum()), "unanswerable": int((~answerable).sum()),
            "answerable_none": float((got[answerable] == NONE).mean()),
            "unanswerable_none": float((got[~answerable] == NONE).mean()),
            "unanswerable_strong": int((got[~answerable] == STRONG).sum()),
            "out_of_scope": int(far.sum()), "out_of_scope_none": float((got[far] == NONE).mean()) if far.any() else None,
            "out_of_scope_strong": int((got[far] == STRONG).sum()),
            "partly_when_first_right": _share(got[answerable & right_first] == WEAK),
            "first_article_right": _share(right_first[answerable]),
            "misspelt": int(misspelt.sum()), "misspelt_top3": float(top3[misspelt].mean()) if misspelt.any() else None,
            "by_kind": kinds}


def calibration(chances: np.ndarray, truth: np.ndarray) -> list[list[float]]:
    """[bin low, mean predicted, observed rate, count] per probability bin that holds questions."""
    edges = np.linspace(0, 1, CALIBRATION_BINS + 1)
    bins = np.clip(np.digitize(chances, edges) - 1, 0, CALIBRATION_BINS - 1)
    return [[float(edges[b]), float(chances[bins == b].mean()), float(truth[bins == b].mean()), int((bins == b).sum())]
            for b in range(CALIBRATION_BINS) if (bins == b).any()]



def report(judgement: Judgement) -> str:
    """The figures as Markdown tables (bench/RESULTS.md's)."""
    c, v = judgement.figures["crisis"], judgement.figures["verdict"]
    pct = lambda value: "-" if value is None else f"{value:.1%}"
    lines = [f"crisis: {c['model']} (dev recall within the false-alarm budget: " + ", ".join(
                 f"{name} {value:.1%}" for name, value in c["dev_recall_within_budget"].items()) + ")",
             "audience: dev accuracy on questions showing risk: " + ", ".join(
                 f"{name} {value:.1%}" for name, value in c["dev_audience_accuracy"].items()),
             f"crisis threshold {judgement.thresholds['crisis']:.4f}, offer of help from {judgement.thresholds['offer']:.4f}; verdict weak "
             f"{judgement.thresholds['weak']:.4f}, strong {judgement.thresholds['strong']:.4f} and far model from "
             f"{judgement.thresholds['far']:.4f} ({v['model']}; dev log-loss " +
             ", ".join(f"{name} {value:.4f}" for name, value in v["dev_log_loss_by_model"].items()) + ")", "",
             "| set | risk | ordinary | look-alikes | box: recall | false alarms | look-alike false alarms | audience right "
             "| box or offer: recall | false alarms | look-alike false alarms |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, table in c.items():
        if isinstance(table, dict) and "recall" in table:
            offered = table["with_offer"]
            lines.append(f"| {name} | {table['risk']} | {table['ordinary']} | {table['lookalikes']} | {pct(table['recall'])} | "
                         f"{pct(table['false_alarms'])} | {pct(table['lookalike_false_alarms'])} | {pct(table['audience_right'])} | "
                         f"{pct(offered['recall'])} | {pct(offered['false_alarms'])} | {pct(offered['lookalike_false_alarms'])} |")
    lines += ["", "| set | answerable | unanswerable | answerable none | unanswerable none | out-of-scope none | "
                  "out-of-scope strong | partly when first right | misspelt top 3 |", "|---|---|---|---|---|---|---|---|---|"]
    for name, table in v.items():
        if isinstance(table, dict) and "answerable" in table:
            lines.append(f"| {name} | {table['answerable']} | {table['unanswerable']} | {pct(table['answerable_none'])} | "
                         f"{pct(table['unanswerable_none'])} | {pct(table['out_of_scope_none'])} ({table['out_of_scope']}) | "
                         f"{table['out_of_scope_strong']} | "
                         f"{pct(table['partly_when_first_right'])} | {pct(table['misspelt_top3'])} ({table['misspelt']}) |")
    for half, figures in (("crisis", c), ("verdict", v)):
        lines += ["", f"{half}, test, by kind: " + "; ".join(
            f"{kind} {counts}" for kind, counts in figures["test"]["by_kind"].items())]
        lines += [f"{half} calibration on test (bin, predicted, observed, n): " + "; ".join(
            f"{low:.1f} {p:.2f}/{o:.2f} n={n}" for low, p, o, n in figures["test"]["calibration"])]
    return "\n".join(lines)

