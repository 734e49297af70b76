#!/usr/bin/env bash
# The measures pages at national scale: serves the store that the measures benchmark leaves in DIR
#   dotnet run -c Release --project bench/Maternity.Bench -- measures DIR
# (42 LMNSs x 10 trusts x 200 measures x 36 months of returns) on 127.0.0.1, and runs wrk (Debian's package)
# against the overview, the measures page, its API and one measure's page, signed in as a viewer of one LMNS with an
# API token. Prints requests, p50, p95 and p99 per endpoint. Run it twice to interleave with other work.
# Usage: bench/web/measures.sh DIR [connections=8] [seconds=15] [lmns=LM01]
set -euo pipefail
store=${1:?the directory the measures benchmark wrote, holding maternity.duckdb}
connections=${2:-8}
seconds=${3:-15}
lmns=${4:-LM01}
here=$(cd "$(dirname "$0")" && pwd)
cli="$here/../../src/Maternity.Cli/bin/Release/net10.0/maternity.dll"
[ -f "$cli" ] || dotnet build "$here/../../src/Maternity.Cli" -c Release >/dev/null
password=$(head -c 24 /dev/urandom | base64)
if ! dotnet "$cli" --data "$store" users list 2>/dev/null | grep -q bench-viewer; then
  echo "$password" | dotnet "$cli" --data "$store" users add bench-admin --role admin --password-stdin >/dev/null
  echo "$password" | dotnet "$cli" --data "$store" users add bench-viewer --role viewer --orgs "$lmns" --password-stdin >/dev/null
fi
token=$(dotnet "$cli" --data "$store" users token create bench-viewer --label wrk --days 1 | tail -n 1)
port=5198
dotnet "$cli" --data "$store" serve --port $port > "$store/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
for path in "/" "/measures?lmns=$lmns" "/api/measures?lmns=$lmns" "/measures/M001?lmns=$lmns"; do
  # The first request after the server starts reads the LMNS's values and builds the views: timed on its own.
  first=$(curl -fs -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path")
  result=$(MATERNITY_TOKEN=$token wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s -s "$here/latency.lua" "http://127.0.0.1:$port$path" | grep RESULT)
  echo "viewer $path first_s=$first $result"
done
