#!/usr/bin/env bash
# How long a yutang jar takes to become ready (/actuator/health/readiness UP), started N times per
# variant, the variants interleaved so that a noisy machine weighs on all alike:
#   jar       java -jar yutang.jar, as built
#   extracted the jar extracted (java -Djarmode=tools … extract)
#   cds       extracted, with an AppCDS archive made by a training run (-Dspring.context.exit=onRefresh):
#             how the Docker image runs it
#   cds-lazy  cds, and spring.main.lazy-initialization=true
# It needs what the jar needs to start: YUTANG_DATABASE_URL, YUTANG_REDIS_URL and (for the production
# jar) the service account's YUTANG_WECHAT_* variables, from the environment.
#   bash docker/start-time.sh gateway/target/yutang.jar 5
set -euo pipefail
jar=${1:-gateway/target/yutang.jar}
rounds=${2:-5}
port=${PORT:-18088}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
app="$work/app/$(basename "$jar")"
echo "training run for the CDS archive…" >&2
PORT=$port java -XX:ArchiveClassesAtExit="$work/app.jsa" -Dspring.context.exit=onRefresh -jar "$app" >"$work/train.log" 2>&1 || {
  echo "the training run failed: see below" >&2; tail -20 "$work/train.log" >&2; exit 1; }

declare -A command=(
  [jar]="java -jar $jar"
  [extracted]="java -jar $app"
  [cds]="java -XX:SharedArchiveFile=$work/app.jsa -jar $app"
  [cds-lazy]="java -XX:SharedArchiveFile=$work/app.jsa -jar $app --spring.main.lazy-initialization=true"
)
variants=(jar extracted cds cds-lazy)
declare -A times
for round in $(seq 1 "$rounds"); do
  for variant in "${variants[@]}"; do
    started=$(date +%s%N)
    PORT=$port ${command[$variant]} >"$work/$variant.log" 2>&1 &
    pid=$!
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null; do
      kill -0 "$pid" 2>/dev/null || { echo "$variant exited: see below" >&2; tail -20 "$work/$variant.log" >&2; exit 1; }
      sleep 0.05
    done
    ms=$(( ($(date +%s%N) - started) / 1000000 ))
    times[$variant]="${times[$variant]:-} $ms"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "round $round $variant: $ms ms" >&2
  done
done
echo "| variant | ready after (ms), each start | median | median / jar |"
echo "|---|---|---|---|"
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
base=$(echo "${times[jar]}" | median)
for variant in "${variants[@]}"; do
  m=$(echo "${times[$variant]}" | median)
  awk -v v="$variant" -v t="${times[$variant]}" -v m="$m" -v b="$base" 'BEGIN {printf "| %s |%s | %d | %.2f |\n", v, t, m, m / b}'
done
