#!/usr/bin/env python3
"""Sums test results of every run (TRX files from dotnet test, the Python unittest log) into one line:
'N passed, M failed'. Exits 1 when anything failed or a run left no results."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

results = sys.argv[1]
passed = failed = skipped = 0
problems = []

for path in sorted(glob.glob(os.path.join(results, "*.trx"))):
    root = ET.parse(path).getroot()
    counters = root.find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        problems.append(f"{path}: no counters")
        failed += 1
        continue
    p = int(counters.get("passed", 0))
    f = int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    total = int(counters.get("total", 0))
    s = max(total - p - f, 0)
    passed, failed, skipped = passed + p, failed + f, skipped + s
    print(f"{os.path.basename(path)}: {p} passed, {f} failed, {s} skipped")

projects = glob.glob("tests/*/*.csproj")
trx_count = len(glob.glob(os.path.join(results, "*.trx")))
if trx_count < len(projects):
    problems.append(f"only {trx_count} of {len(projects)} test projects produced results")
    failed += len(projects) - trx_count

log = os.path.join(results, "python-unittest.log")
if os.path.exists(log):
    text = open(log, encoding="utf-8").read()
    ran = re.search(r"^Ran (\d+) tests?", text, re.M)
    if ran is None:
        problems.append("python unittest did not report")
        failed += 1
    else:
        n = int(ran.group(1))
        bad = sum(int(x) for x in re.findall(r"(?:failures|errors)=(\d+)", text))
        skip = sum(int(x) for x in re.findall(r"skipped=(\d+)", text))
        passed += n - bad - skip
        failed += bad
        skipped += skip
        print(f"python-unittest: {n - bad - skip} passed, {bad} failed, {skip} skipped")
else:
    problems.append("python unittest log missing")
    failed += 1

for problem in problems:
    print("problem:", problem)
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed or passed == 0 else 0)
