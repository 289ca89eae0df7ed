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
printf '%-15s %12s %8s %7s %7s %7s %18s\n' target execs exec/s cov ft corpus 'cov growth, last 1/4'
for t in $targets; do
    log=fuzz/logs/$t.log
    cargo fuzz run -s none "$t" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -dict=fuzz/provlens.dict -print_final_stats=1 >"$log" 2>&1 || failed="$failed $t"
    execs=$(grep -oE '^stat::number_of_executed_units:\s+[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    speed=$(grep -oE '^stat::average_exec_per_sec:\s+[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    last=$(grep -aE '^#[0-9]+' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
    ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
    corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
    # How much coverage (cov) grew over the last quarter of the run's executions: near 0 =
    # the target has stopped finding new coverage.
    grew=$(grep -aE '^#[0-9]+' "$log" | awk '{ c = $0; sub(/.*cov: /, "", c); sub(/ .*/, "", c); n = $1; sub(/#/, "", n); N[NR] = n + 0; C[NR] = c + 0 }
        END { if (NR == 0) exit; q = C[1]; for (i = 1; i <= NR; i++) if (N[i] <= N[NR] * 0.75) q = C[i]; printf "%.2f%% (%d)", (C[NR] - q) * 100 / C[NR], C[NR] - q }')
    printf '%-15s %12s %8s %7s %7s %7s %18s\n' "$t" "${execs:--}" "${speed:--}" "${cov:--}" "${ft:--}" "${corp:--}" "${grew:--}"
done
if [ -n "$failed" ]; then
    echo "fuzz: failures in:$failed (inputs in fuzz/artifacts/, logs in fuzz/logs/)" >&2
    exit 1
fi
