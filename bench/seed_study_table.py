#!/usr/bin/python3
"""Tabulates the seed study of issue 32 (bench/seed-study): for each seed, the statistics of its
initialisation and its fate, as a Markdown table.

    bench/seed_study_table.py OUT_DIR

Fate after the first epoch, from the run's manifest: "stuck" (a whole epoch at chance), "dead N"
(N classes never predicted on the test set after epoch 1), or "trains". Final: the last epoch's
test accuracy and how many classes were never predicted then.
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


def main():
    out = sys.argv[1]
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
        print(f"| {stats['seed']} | {stats['zeroClasses']} | {stats['predictedClasses']}"
              f" | {stats['loss']:.4f} | {stats['scoreSpread']:.2e} | {stats['firstGradient']:.2e}"
              f" | {stats['lastGradient']:.2e} | {fate(manifest)} | {last}"
              f" | {epochs[-1]['testAccuracy']:.3f} | {len(dead[0]['classes']) if dead else 0} |")


if __name__ == "__main__":
    main()
