#!/usr/bin/env bash
# A long attn> session on stdin, its resident memory sampled: the measurement behind
# docs/ARCHITECTURE.md's "REPL memory over a long session". Usage:
#   bench/repl_rss.sh [rounds] [out.tsv]      (default 4 rounds, ~300 commands)
# Each round runs every experiment --quick (--fresh after the first round, so each measures
# again), `run` on each shipped family, `attn`, `step`, a short `train`, `generate` and small
# `bench` suites (about 75 commands a round). VmRSS of the deno process is sampled every second
# (seconds, kB)
# into out.tsv; the summary line gives the first and last samples and the largest.
set -euo pipefail
rounds=${1:-4}
out=${2:-/tmp/attn-rss.tsv}
cd "$(dirname "$0")/.."
home=$(mktemp -d)
export HOME=$home XDG_RUNTIME_DIR=$home NO_COLOR=1
export DENO_DIR=${DENO_DIR:-/root/.cache/deno}
deno=${DENO:-deno}
script=$home/session.txt
experiments=(bottleneck parallel cost scaling position gradient-path norm heads sampling
  heads-ablation kv-cache induction)
for r in $(seq 1 "$rounds"); do
  fresh=$([ "$r" -gt 1 ] && echo " --fresh" || true)
  for e in "${experiments[@]}"; do echo "experiment $e --quick$fresh"; done
  for m in ko-en-transformer ko-en-gru-bahdanau ko-en-gpt reverse-gru-bahdanau; do
    echo "use $m"
    for text in "나는 학생이다" "그는 책을 읽는다" "우리는 학교에 간다" "그녀는 사과를 먹는다"; do
      echo "run $text"
      echo "attn"
    done
    echo "step 나는 학생이다"
    echo "hidden"
  done
  echo "use ko-en-transformer"
  echo "train transformer reverse --steps 30"
  echo "train gru reverse --steps 30 --attention luong-general"
  echo "generate 나는 --model ko-en-gpt"
  echo "bench dispatch --reps 2"
  echo "bench attention --len 64,256 --reps 2"
  echo "bench generate --len 16,32 --reps 1"
  echo "bench models --len 8 --reps 1"
  echo "lens 나는 학생이다 --model ko-en-gpt"
  echo "compare 나는 학생이다"
done >"$script"
echo "exit" >>"$script"
total=$(wc -l <"$script")
"$deno" run --no-prompt --allow-read=.,"$home/.local/state/attn" \
  --allow-write="$home/.local/state/attn" --allow-env main.ts <"$script" >"$home/stdout" \
  2>"$home/stderr" &
pid=$!
start=$(date +%s)
: >"$out"
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$rss" ] && printf '%s\t%s\n' $(($(date +%s) - start)) "$rss" >>"$out"
  sleep 1
done
wait "$pid" || true
echo "commands: $total, seconds: $(($(date +%s) - start)), errors: $(grep -c '^attn:' "$home/stderr" || true)"
awk 'NR==1 {first=$2} {last=$2; if ($2>max) max=$2} END {printf "RSS kB: first %d, last %d, max %d\n", first, last, max}' "$out"
grep '^attn:' "$home/stderr" | sort | uniq -c | sort -rn | head -5 || true
rm -rf "$home"
