#!/usr/bin/env bash
# Runs each fuzz target for FUZZ_SECONDS (default 120) on stable (`-s none`: no sanitizer,
# which needs nightly), after seeding its corpus (seed.sh); prints executions and coverage
# per target. A crash, hang (> 10 s per input) or memory blow-up (> 2 GB) stops that target
# with its input in fuzz/artifacts/<target>/ and makes this script fail at the end.
# Usage: fuzz/run.sh [target...]   (all targets when none is named)
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-120}
all="load split csv decode session provisioning audit azure_monitor log_analytics sync_job on_demand csv_import"
targets=${*:-$all}
fuzz/seed.sh
cargo fuzz build -s none || exit 1
mkdir -p fuzz/logs
failed=""
printf '%-15s %12s %8s %7s %7s %7s %16s\n' target execs exec/s cov ft corpus 'cov last grew at'
for t in $targets; do
    log=fuzz/logs/$t.log
    cargo fuzz run -s none "$t" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -dict=fuzz/provlens.dict -print_final_stats=1 >"$log" 2>&1 || failed="$failed $t"
    execs=$(grep -oE '^stat::number_of_executed_units:\s+[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    speed=$(grep -oE '^stat::average_exec_per_sec:\s+[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
    ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
    corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
    # The execution at which coverage (cov) last went up: far before the end = a plateau.
    grew=$(grep -aE '^#[0-9]+' "$log" | awk '{ c = $0; sub(/.*cov: /, "", c); sub(/ .*/, "", c); n = $1; sub(/#/, "", n); if (c + 0 > best) { best = c + 0; at = n } } END { print at }')
    printf '%-15s %12s %8s %7s %7s %7s %16s\n' "$t" "${execs:--}" "${speed:--}" "${cov:--}" "${ft:--}" "${corp:--}" "#${grew:--}"
done
if [ -n "$failed" ]; then
    echo "fuzz: failures in:$failed (inputs in fuzz/artifacts/, logs in fuzz/logs/)" >&2
    exit 1
fi
