#!/bin/sh
# run_fuzz.sh FUZZER SECONDS SEED_DIR WORK_DIR
#
# Runs the libFuzzer binary FUZZER for SECONDS, starting from the committed
# seeds in SEED_DIR (never written to) and a fresh working corpus under
# WORK_DIR. Prints how many inputs ran in how long and the coverage reached;
# writes the same line to WORK_DIR/summary.txt. On a crash, a mismatch with
# the model or a sanitizer report it prints the log's tail and the input
# that failed (in WORK_DIR/artifacts/), and exits nonzero.
set -eu

if [ $# -ne 4 ]; then
	echo "usage: $0 FUZZER SECONDS SEED_DIR WORK_DIR" >&2
	exit 2
fi
fuzzer=$1
seconds=$2
seeds=$3
work=$4
name=$(basename "$fuzzer")

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
log=$work/fuzz.log
seed_count=$(find "$seeds" -type f | wc -l)

start=$(date +%s)
set +e
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$work/artifacts/" \
	"$work/corpus" "$seeds" >"$log" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - start ))

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1 || true)
found=$(find "$work/corpus" -type f | wc -l)

if [ "$status" -ne 0 ]; then
	echo "$name FAILED (exit $status) after ${elapsed} s; the end of $log:"
	tail -n 80 "$log"
	for input in "$work"/artifacts/*; do
		[ -f "$input" ] || continue
		echo "failing input: $input ($(wc -c <"$input") bytes):"
		od -A d -t x1 "$input" | head -n 20
		echo "rerun it with: $fuzzer $input"
	done
	exit 1
fi
if [ -z "$runs" ]; then
	echo "$name printed no statistics; the end of $log:"
	tail -n 40 "$log"
	exit 1
fi

summary="$name: $runs executions in ${elapsed} s (${per_second:-?} per second),"
summary="$summary $seed_count seeds + $found new inputs, ${coverage:-no coverage line}"
echo "$summary"
echo "$summary" >"$work/summary.txt"
