#!/usr/bin/python3
"""Tabulates the seed study of issue 32 (bench/seed-study): for each seed, the statistics of its
initialisation and its fate, as a Markdown table.

    bench/seed_study_table.py OUT_DIR

Fate after the first epoch, from the run's manifest: "stuck" (a whole epoch at chance), "dead N"
(N classes never predicted on the test set after epoch 1), or "trains". Final: the last epoch's
test accuracy and how many classes were never predicted then.

After the table, for each statistic: how well it separates the seeds stuck after epoch 1 from the
others (rank AUC: the share of stuck/other pairs in which the stuck seed has the lower value; 0.5
is chance, 1 or 0 a perfect split), and its rank correlation with the final test accuracy.
"""
import glob
import json
import os
import sys


def fate(manifest):
    events = manifest.get("events", [])
    if any(e.get("type") == "diagnosed" and e.get("kind") == "STUCK_AT_CHANCE" for e in events):
        return "stuck"
    for e in events:
        if e.get("type") == "classes-never-predicted" and e.get("epoch") == 1:
            return f"dead {len(e['classes'])}"
    return "trains"


STATISTICS = ("zeroClasses", "loss", "scoreSpread", "firstGradient", "lastGradient")


def auc(stuck, others):
    pairs = [(a < b) + 0.5 * (a == b) for a in stuck for b in others]
    return sum(pairs) / len(pairs) if pairs else float("nan")


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2
        i = j + 1
    return r


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    n = len(x)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sx = sum((a - mx) ** 2 for a in rx) ** 0.5
    sy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (sx * sy) if sx and sy else float("nan")


def main():
    out = sys.argv[1]
    seen = []
    print("| seed | zero classes | predicted | loss | score spread | first grad | last grad"
          " | after epoch 1 | epochs | final test acc | dead at end |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for path in sorted(glob.glob(os.path.join(out, "stats", "*.json")),
                       key=lambda p: int(os.path.basename(p)[:-5])):
        stats = json.load(open(path))[0]
        run = os.path.join(out, "runs", str(stats["seed"]))
        try:
            manifest = json.load(open(os.path.join(run, "manifest.json")))
            history = json.load(open(os.path.join(run, "history.json")))
        except (OSError, ValueError):
            continue
        if manifest.get("status") != "completed":
            continue
        epochs = history["epochs"]
        last = epochs[-1]["epoch"]
        dead = [e for e in manifest.get("events", [])
                if e.get("type") == "classes-never-predicted" and e.get("epoch") == last]
        seen.append((stats, fate(manifest), epochs[-1]["testAccuracy"]))
        print(f"| {stats['seed']} | {stats['zeroClasses']} | {stats['predictedClasses']}"
              f" | {stats['loss']:.4f} | {stats['scoreSpread']:.2e} | {stats['firstGradient']:.2e}"
              f" | {stats['lastGradient']:.2e} | {fate(manifest)} | {last}"
              f" | {epochs[-1]['testAccuracy']:.3f} | {len(dead[0]['classes']) if dead else 0} |")

    stuck = [s for s, f, _ in seen if f == "stuck"]
    others = [s for s, f, _ in seen if f != "stuck"]
    print()
    print(f"{len(seen)} seeds, {len(stuck)} stuck after epoch 1.")
    print()
    print("| statistic | AUC, stuck below others | rank correlation with final test accuracy |")
    print("| --- | ---: | ---: |")
    for name in STATISTICS:
        print(f"| {name} | {auc([s[name] for s in stuck], [s[name] for s in others]):.2f}"
              f" | {spearman([s[name] for s, _, _ in seen], [a for _, _, a in seen]):+.2f} |")


if __name__ == "__main__":
    main()
