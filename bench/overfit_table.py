#!/usr/bin/env python3
"""The overfitting grid's table (issue 30): how far each run's test accuracy lags its training
accuracy, read from an experiment's report.json.

    python3 bench/overfit_table.py EXPERIMENT_DIR/report.json [LAST_EPOCHS]

Per run: the final training and test accuracy (training: d2l's, over the epoch's batches with
dropout on), the gap averaged over the last LAST_EPOCHS epochs (default 10; one epoch's test
accuracy on a few thousand images moves by a few points), the best test accuracy, and the test
accuracy at the first epoch whose training accuracy reached 0.4, 0.6 and 0.75, which compares
the heads at the same fit rather than at the same epoch. Then the same per variant: mean [min, max]
over its seeds.
"""
import json
import sys

LEVELS = (0.4, 0.6, 0.75)


def at_level(epochs, level):
    for e in epochs:
        if e["trainAccuracy"] >= level:
            return e["testAccuracy"], e["trainAccuracy"] - e["testAccuracy"]
    return None


def fmt(v):
    return "–" if v is None else f"{v:.3f}"


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{sum(values) / len(values):+.3f} [{min(values):+.3f}, {max(values):+.3f}]"


def main():
    report = json.load(open(sys.argv[1]))
    last = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    rows = {}
    print(f"| variant | seed | final train / test | gap, mean of last {last} epochs | best test |"
          + "".join(f" test (gap) at train ≥ {lv} |" for lv in LEVELS))
    print("| --- | ---: | --- | ---: | ---: |" + " --- |" * len(LEVELS))
    for run in report["runs"]:
        name = run["cell"]["variant"]["name"]
        epochs = run["history"]["epochs"]
        tail = epochs[-last:]
        gap = sum(e["trainAccuracy"] - e["testAccuracy"] for e in tail) / len(tail)
        final = epochs[-1]
        levels = [at_level(epochs, lv) for lv in LEVELS]
        rows.setdefault(name, []).append((gap, levels))
        print(f"| {name} | {run['cell']['seed']} | {final['trainAccuracy']:.3f} / "
              f"{final['testAccuracy']:.3f} | {gap:+.3f} | "
              f"{max(e['testAccuracy'] for e in epochs):.3f} |"
              + "".join(" – |" if lv is None else f" {lv[0]:.3f} ({lv[1]:+.3f}) |"
                        for lv in levels))
    print()
    print(f"| variant | gap, last {last} epochs: mean [min, max] |"
          + "".join(f" gap at train ≥ {lv} |" for lv in LEVELS))
    print("| --- | --- |" + " --- |" * len(LEVELS))
    for name, runs in rows.items():
        print(f"| {name} | {spread([g for g, _ in runs])} |"
              + "".join(f" {spread([l[i][1] if l[i] else None for _, l in runs])}"
                        f" ({sum(1 for _, l in runs if l[i])} of {len(runs)}) |"
                        for i in range(len(LEVELS))))


if __name__ == "__main__":
    main()
