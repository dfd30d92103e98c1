#!/usr/bin/python3
"""Tabulates the seed study of issue 32 (bench/seed-study): for each seed, the statistics of its
initialisation and its fate, as a Markdown table.

    bench/seed_study_table.py OUT_DIR

Fate after the first epoch, from the run's manifest: "stuck" (a whole epoch at chance), "dead N"
(N classes never predicted on the test set after epoch 1), or "trains". Final: the last epoch's
test accuracy and how many classes were never predicted then.

After the table, for each statistic: how well it separates the seeds stuck after epoch 1 from the
others (rank AUC: the share of stuck/other pairs in which the stuck seed has the lower value; 0.5
is chance, 1 or 0 a perfect split), and its rank correlation with the final test accuracy. Then
what the classes never predicted after epoch 1 foretell, and what screening k candidates by the
first convolution's gradient would do, estimated over every k-subset of the seeds as if they were
a run's candidates (restarts on "stuck" only, at most 3, taking the candidates in rank order).
"""
import glob
import itertools
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


def completed_run(run):
    """A finished run's manifest and history; None while it is unfinished or unreadable."""
    try:
        manifest = json.load(open(os.path.join(run, "manifest.json")))
        history = json.load(open(os.path.join(run, "history.json")))
    except (OSError, ValueError):
        return None
    return (manifest, history) if manifest.get("status") == "completed" else None


def dead_at_end(manifest, history):
    """How many classes the network never predicts on the test set after its last epoch."""
    last = history["epochs"][-1]["epoch"]
    dead = [e for e in manifest.get("events", [])
            if e.get("type") == "classes-never-predicted" and e.get("epoch") == last]
    return len(dead[0]["classes"]) if dead else 0


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
        run = completed_run(os.path.join(out, "runs", str(stats["seed"])))
        if run is None:
            continue
        manifest, history = run
        epochs = history["epochs"]
        last = epochs[-1]["epoch"]
        seen.append((stats, fate(manifest), epochs[-1]["testAccuracy"]))
        print(f"| {stats['seed']} | {stats['zeroClasses']} | {stats['predictedClasses']}"
              f" | {stats['loss']:.4f} | {stats['scoreSpread']:.2e} | {stats['firstGradient']:.2e}"
              f" | {stats['lastGradient']:.2e} | {fate(manifest)} | {last}"
              f" | {epochs[-1]['testAccuracy']:.3f} | {dead_at_end(manifest, history)} |")

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
    dead_classes(seen, out)
    screening(seen)


def screening(seen):
    """Best of k by first gradient, over every k-subset: P(stuck), epochs thrown away, final acc.

    With k = 1 a stuck seed is followed by fresh seeds, each stuck with the sample's frequency;
    with k = 4 the three restarts take the candidates in rank order and nothing is estimated.
    """
    print()
    print("| candidates | subsets | P(first choice stuck) | epochs thrown away | mean final test acc"
          " | min | max |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    p = sum(f == "stuck" for _, f, _ in seen) / len(seen)
    mean = sum(a for _, _, a in seen) / len(seen)
    for k in range(1, 5):
        stuck_first, thrown, finals = 0, 0.0, []
        subsets = list(itertools.combinations(seen, k))
        for subset in subsets:
            ranked = sorted(subset, key=lambda x: -x[0]["firstGradient"])
            stuck_first += ranked[0][1] == "stuck"
            n = 0
            while n < k and ranked[n][1] == "stuck":
                n += 1
            if n < k:
                thrown += n
                finals.append(ranked[n][2])
            elif k > 3:
                # Every candidate stuck: the third restart's seed trains on.
                thrown += 3
                finals.append(ranked[3][2])
            else:
                # Every candidate stuck: the restarts left draw fresh seeds, each stuck with the
                # sample's frequency; the seed that trains is any seed (the sample's mean).
                thrown += k + sum(p ** j for j in range(1, 4 - k))
                finals.append(mean)
        print(f"| {k} | {len(subsets)} | {stuck_first / len(subsets):.3f}"
              f" | {thrown / len(subsets):.2f} | {sum(finals) / len(finals):.3f}"
              f" | {min(finals):.3f} | {max(finals):.3f} |")


def dead_classes(seen, runs):
    """What the classes never predicted after epoch 1 foretell, among seeds not stuck."""
    rows = [(int(f.split()[1]), a) for _, f, a in seen if f.startswith("dead")]
    trains = [a for _, f, a in seen if f == "trains"]
    stuck = [a for _, f, a in seen if f == "stuck"]
    print()
    print(f"Not stuck after epoch 1: {len(rows) + len(trains)} seeds, {len(rows)} with classes"
          f" never predicted after it, which the rule before screening restarted.")
    if len(rows) > 2:
        print(f"Rank correlation of their number with the final test accuracy:"
              f" {spearman([d for d, _ in rows], [a for _, a in rows]):+.2f}.")
    if stuck and rows:
        print(f"Mean final test accuracy: stuck after epoch 1 {sum(stuck) / len(stuck):.3f},"
              f" not stuck {sum(a for _, a in rows + [(0, t) for t in trains]) / (len(rows) + len(trains)):.3f}.")


if __name__ == "__main__":
    main()
