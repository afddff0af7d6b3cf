#!/usr/bin/env bash
# Runs every test: .NET (unit, PostgreSQL-backed, HTTP, bUnit, browser) and the Modal deployment's Python tests.
# Ends with one line "N passed, M failed" summed over all runs; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
results="artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

BEACON_TEST_POSTGRES="$(scripts/ensure-postgres.sh beacon_test)" || { echo "0 passed, 1 failed"; exit 1; }
export BEACON_TEST_POSTGRES
BEACON_CHROMIUM="$(scripts/ensure-chromium.sh)" || { echo "0 passed, 1 failed"; exit 1; }
export BEACON_CHROMIUM

status=0
if ! dotnet build Beacon.Web.sln -c Release -nologo -v q; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  echo "=== $name"
  # A test that hangs is stopped after 10 minutes and reported as failed (its name in the blame sequence file).
  dotnet test "$project" -c Release --no-build -nologo \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
done

echo "=== modal-deployment (python unittest)"
python3 -m unittest discover -s modal-deployment/tests -t modal-deployment 2>&1 | tee "$results/python-unittest.log" || status=1

python3 scripts/test-summary.py "$results" || status=1
exit $status
