#!/usr/bin/env bash
# Same-hour A/B of two running yutang instances (two builds of the jar, say) on the callback's signed GET
# verification: two warm-up runs each, then ROUNDS alternating wrk runs of SECONDS each (needs wrk).
#   bash docker/callback-get-ab.sh ROUNDS SECONDS BASE_URL_A BASE_URL_B [TOKEN]
#   e.g. bash docker/callback-get-ab.sh 5 15 http://127.0.0.1:8082 http://127.0.0.1:8083 "$YUTANG_WECHAT_TOKEN"
set -euo pipefail
rounds=$1; seconds=$2; a=$3; b=$4; token=${5:-yutangtesttoken}
timestamp=$(date +%s); nonce=12345
signature=$(printf '%s\n' "$token" "$timestamp" "$nonce" | sort | tr -d '\n' | sha1sum | cut -d' ' -f1)
query="signature=$signature&timestamp=$timestamp&nonce=$nonce&echostr=ab-check"
for url in "$a" "$b"; do
  [ "$(curl -fsS "$url/wechat/callback?$query")" = ab-check ] || { echo "$url does not verify the signature (token?)" >&2; exit 1; }
done
for _ in 1 2; do for url in "$a" "$b"; do wrk -t1 -c64 -d15s "$url/wechat/callback?$query" >/dev/null; done; done
for round in $(seq 1 "$rounds"); do
  for url in "$a" "$b"; do
    echo "round $round $url $(wrk -t1 -c64 -d"${seconds}s" "$url/wechat/callback?$query" | grep Requests/sec)"
  done
done
