#!/usr/bin/env bash
# Runs the benchmarks (not part of the test suite): builds Release, prepares PostgreSQL, runs the scenarios, prints a
# table and appends it with the machine description to docs/benchmarks.md.
# Usage: scripts/benchmark.sh [all|classifier|throughput|latency|push|memory|submit|matrix|export|million] [--executions N] [--export-executions N] [--matrix-executions N] [--size N] [--label TEXT]
set -euo pipefail
cd "$(dirname "$0")/.."
BEACON_BENCH_POSTGRES="$(scripts/ensure-postgres.sh beacon_bench)"
export BEACON_BENCH_POSTGRES
dotnet build Beacon.Web/Beacon.Web.csproj -c Release -nologo -v q
dotnet build benchmarks/Beacon.Benchmarks -c Release -nologo -v q
exec dotnet benchmarks/Beacon.Benchmarks/bin/Release/net10.0/Beacon.Benchmarks.dll "$@"
