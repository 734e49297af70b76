#!/usr/bin/env bash
# Latency of the viewer overview while an administrator uploads a resubmission through the web page, so the load and
# the recompute run in the web process. Make a demo store first and keep its output for the demo password:
#   maternity demo --births 200000 --months 12 --no-serve --data DIR > DIR/demo.log
# Usage: bench/web/during-load.sh DIR [file in DIR/demo/input=MSD101PregnancyBooking.csv] [seconds=90]
set -u
here=$(cd "$(dirname "$0")" && pwd)
cli="$here/../../src/Maternity.Cli/bin/Release/net10.0/maternity.dll"
[ -f "$cli" ] || dotnet build "$here/../../src/Maternity.Cli" -c Release >/dev/null
dir=${1:?the directory given to maternity demo --data}; shift
store=$dir/demo; port=5198; pw=$(grep -o 'password demo-[0-9a-f]*' "$dir/demo.log" | awk '{print $2}')
dotnet $cli --data $store serve --port $port > $dir/serve.log 2>&1 & server=$!
trap 'kill $server' EXIT
for _ in $(seq 60); do curl -fs http://127.0.0.1:$port/health >/dev/null && break; sleep 1; done
token=$(dotnet $cli --data $store users token create demo-viewer --label p99 --days 1 | tail -n 1)
curl -fs -o /dev/null -H "Authorization: Bearer $token" http://127.0.0.1:$port/
jar=$dir/jar; rm -f $jar
t=$(curl -s -c $jar -b $jar http://127.0.0.1:$port/signin | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | sed 's/.*value="//;s/"//' | head -1)
curl -s -o /dev/null -c $jar -b $jar --data-urlencode "__RequestVerificationToken=$t" --data-urlencode user=demo-admin --data-urlencode "password=$pw" http://127.0.0.1:$port/signin
t=$(curl -s -c $jar -b $jar http://127.0.0.1:$port/uploads | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | sed 's/.*value="//;s/"//' | head -1)
(sleep 5; s=$(date +%s.%N); curl -s -o $dir/upload.html -w "upload %{http_code} %{time_total}s\n" -c $jar -b $jar -F "__RequestVerificationToken=$t" -F "files=@$store/input/${1:-MSD101PregnancyBooking.csv}" http://127.0.0.1:$port/uploads) & uploader=$!
MATERNITY_TOKEN=$token wrk -t2 -c8 -d${2:-90}s --timeout 60s --latency -H "Authorization: Bearer $token" http://127.0.0.1:$port/ | grep -E "Latency|50%|75%|90%|99%|Requests/sec|requests in"
wait $uploader
