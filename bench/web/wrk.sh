#!/usr/bin/env bash
# Page and API latency under load: serves a demo store (make one with
#   maternity demo --births 1000000 --months 12 --no-serve --data DIR)
# on 127.0.0.1, and runs wrk (Debian's package) against the overview, an indicator page and the JSON API, as an
# LMNS analyst (exact counts) and as a viewer (suppressed counts). Prints p50 and p95 per endpoint and role.
# Usage: bench/web/wrk.sh DIR/demo [connections=8] [seconds=20]
set -euo pipefail
store=${1:?the demo store directory, e.g. /tmp/bench/d/demo}
connections=${2:-8}
seconds=${3:-20}
here=$(cd "$(dirname "$0")" && pwd)
cli="$here/../../src/Maternity.Cli/bin/Release/net10.0/maternity.dll"
[ -f "$cli" ] || dotnet build "$here/../../src/Maternity.Cli" -c Release >/dev/null
port=5199
dotnet "$cli" --data "$store" serve --port $port > "$store/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
for role in analyst viewer; do
  token=$(dotnet "$cli" --data "$store" users token create "demo-$role" --label wrk --days 1 | tail -n 1)
  for path in "/api/indicators/SATOD/results?org=LMNSX1&breakdown=EthnicGroup" "/api/quality/scorecard?org=X1A" "/" "/indicators/SATOD" "/plan"; do
    # Warm up once, then measure.
    curl -fs -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path"
    result=$(MATERNITY_TOKEN=$token wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s -s "$here/latency.lua" "http://127.0.0.1:$port$path" | grep RESULT)
    echo "$role $path $result"
  done
done
