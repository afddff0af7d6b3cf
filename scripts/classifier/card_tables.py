#!/usr/bin/env python3
"""Prints docs/classifier.md's figure tables from the classifier card written by the training tool.

    python3 scripts/classifier/card_tables.py [Beacon.Core/Analysis/Model/classifier-card.json]
"""
import json, sys, collections

METRICS = ["refusal-or-partial recall", "refusal-or-partial precision", "refusal precision", "refusal recall",
           "partial recall", "accuracy"]
card = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "Beacon.Core/Analysis/Model/classifier-card.json"))
rows = collections.OrderedDict()
for f in card["figures"]:
    rows.setdefault((f["split"], f["source"], f["language"]), {})[f["metric"]] = f
for split in ["held-out", "converted", "cross-validation", "regression"]:
    keys = [k for k in rows if k[0] == split]
    if not keys:
        continue
    print(f"\n#### {split}\n")
    print("| source | language | n | " + " | ".join(METRICS) + " |")
    print("|---|---|---:|" + "---|" * len(METRICS))
    for k in keys:
        cells = []
        for m in METRICS:
            f = rows[k].get(m)
            cells.append("-" if f is None else f"{f['value']:.3f} [{f['low']:.3f}, {f['high']:.3f}] ({f['count']})")
        n = next(iter(rows[k].values()))["n"]
        print(f"| {k[1]} | {k[2]} | {n} | " + " | ".join(cells) + " |")
print()
for t in card["targets"]:
    print(f"target {t['metric']}: threshold {t['threshold']}, achieved {t['achieved']}, met {t['met']}")
