#!/usr/bin/python3
"""Tabulates issue 32's measurement of screening (bench/screening-grid): for each base seed and
arm (`screen-4`, the default, and `screen-1`, the seed itself), the seeds trained, the first
epochs thrown away by restarts, the screening's time, the wall time of `nin train` and the final
test accuracy; then each arm's means and the ratio of the two.

    bench/screening_table.py OUT_DIR
"""
import csv
import os
import sys

from seed_study_table import completed_run, dead_at_end


def runs(out):
    seconds = {}
    with open(os.path.join(out, "times.tsv")) as f:
        for arm, seed, _, _, wall, status in csv.reader(f, delimiter="\t"):
            seconds[(arm, int(seed))] = seconds.get((arm, int(seed)), 0.0) + float(wall)
    rows = []
    for (arm, seed), wall in sorted(seconds.items(), key=lambda x: (x[0][1], x[0][0])):
        run = completed_run(os.path.join(out, arm, str(seed)))
        if run is None:
            continue
        manifest, history = run
        events = manifest.get("events", [])
        screened = [e for e in events if e.get("type") == "screened"]
        rows.append({
            "arm": arm, "seed": seed, "seeds": manifest["seeds"],
            "thrown": sum(e.get("type") == "restarted" for e in events),
            "screen": screened[0]["seconds"] if screened else 0.0,
            "wall": wall, "acc": history["epochs"][-1]["testAccuracy"],
            "dead": dead_at_end(manifest, history),
        })
    return rows


def main():
    rows = runs(sys.argv[1])
    print("| base seed | arm | manifest seeds | first epochs thrown away | screening s"
          " | wall time | final test acc | dead at end |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['seed']} | {r['arm']} | {', '.join(map(str, r['seeds']))} | {r['thrown']}"
              f" | {r['screen']:.1f} | {r['wall'] / 60:.1f} min | {r['acc']:.3f} | {r['dead']} |")
    both = {s for s in {r["seed"] for r in rows}
            if sum(r["seed"] == s for r in rows) == 2}
    print()
    print(f"Base seeds with both arms finished: {len(both)}.")
    print()
    print("| arm | runs | epochs thrown away, mean | wall time, mean | final test acc, mean | min"
          " | max |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    means = {}
    for arm in ("screen-4", "screen-1"):
        sel = [r for r in rows if r["arm"] == arm and r["seed"] in both]
        if not sel:
            continue
        means[arm] = sum(r["wall"] for r in sel) / len(sel)
        accs = [r["acc"] for r in sel]
        print(f"| {arm} | {len(sel)} | {sum(r['thrown'] for r in sel) / len(sel):.2f}"
              f" | {means[arm] / 60:.1f} min | {sum(accs) / len(accs):.3f} | {min(accs):.3f}"
              f" | {max(accs):.3f} |")
    if len(means) == 2:
        print()
        print(f"Wall time with screening over without: {means['screen-4'] / means['screen-1']:.3f}.")


if __name__ == "__main__":
    main()
