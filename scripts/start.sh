#!/usr/bin/env bash
# Starts Beacon with its embedded defaults: a local PostgreSQL (installed and started if needed), the schema
# migrated, the web app with the built-in emulated regional endpoints, and a Hangfire worker in the same process.
set -euo pipefail
cd "$(dirname "$0")/.."
url="${BEACON_URL:-http://127.0.0.1:5080}"
ConnectionStrings__Beacon="${ConnectionStrings__Beacon:-$(scripts/ensure-postgres.sh beacon)}"
export ConnectionStrings__Beacon
export Beacon__Database__MigrateOnStartup="${Beacon__Database__MigrateOnStartup:-true}"
hostport="${url#*://}"; hostport="${hostport%%/*}"
if (exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null; then
  echo "Something is already listening on $hostport (another Beacon?). Stop it, or choose another address: BEACON_URL=http://127.0.0.1:5081 scripts/start.sh" >&2
  exit 1
fi
echo "Building Beacon..." >&2
dotnet build Beacon.Web/Beacon.Web.csproj -c Release -nologo -v q >&2
echo "" >&2
echo "Beacon will be at: $url   (API: $url/openapi/v1.json, background jobs: $url/hangfire)" >&2
echo "Regional endpoints: built-in emulator unless Beacon__Endpoints__Regions__<US|EU|APAC>__Url is set." >&2
exec dotnet run --project Beacon.Web/Beacon.Web.csproj -c Release --no-build --no-launch-profile --urls "$url"
