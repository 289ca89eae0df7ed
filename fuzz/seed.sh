#!/usr/bin/env bash
# Seeds each fuzz target's working corpus (fuzz/corpus/<target>/, not checked in) from the
# core's fixtures, the shared samples beside the repository (when present) and the
# checked-in corpus of interesting inputs (crates/core/tests/corpus/<target>/). Files
# already there stay: a corpus grows from run to run.
set -euo pipefail
cd "$(dirname "$0")/.."
fixtures=crates/core/tests/fixtures
samples=../shared/samples
kept=crates/core/tests/corpus

seed() { # target, then files or folders
    local target=$1 dir=fuzz/corpus/$1
    shift
    mkdir -p "$dir"
    for src in "$@"; do
        [ -e "$src" ] || continue
        find "$src" -maxdepth 1 -type f -size -256k -print0 |
            while IFS= read -r -d '' f; do cp "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")"; done
    done
    if [ -d "$kept/$target" ]; then cp "$kept/$target"/* "$dir/" 2>/dev/null || true; fi
}

json="$fixtures/provisioning $fixtures/audit $fixtures/azure-monitor $fixtures/log-analytics $fixtures/sync-job $fixtures/on-demand"
csv="$fixtures/audit-csv $fixtures/provisioning-csv $fixtures/log-analytics-csv"
# shellcheck disable=SC2086
{
    seed load $json $csv $fixtures/encodings $fixtures/bad-inputs $samples/graph $samples/azure-monitor
    seed split $json $fixtures/bad-inputs $samples/graph
    seed csv $csv
    seed decode $fixtures/encodings $fixtures/provisioning
    seed provisioning $fixtures/provisioning $samples/graph
    seed audit $fixtures/audit
    seed azure_monitor $fixtures/azure-monitor $samples/azure-monitor
    seed log_analytics $fixtures/log-analytics
    seed sync_job $fixtures/sync-job
    seed on_demand $fixtures/on-demand
    seed csv_import $csv
}

# The session target reads a program: 0 begin a file, 1 n push n*16+1 bytes, 3 end the
# file, 4 end the batch, 6 flags len text query, 7 rows, 8 event, 9 timeline.
mkdir -p fuzz/corpus/session
for f in $fixtures/provisioning/overlap-page1.json $fixtures/audit/graph-page.json \
    $fixtures/provisioning-csv/ProvisioningLogs.csv $fixtures/sync-job/list-two-jobs.json; do
    python3 - "$f" "fuzz/corpus/session/seed-$(basename "$f")" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
out = bytearray([0])
for i in range(0, len(data), 4081):
    part = data[i:i + 4081]
    out += bytes([1, (len(part) - 1) // 16]) + part.ljust((len(part) - 1) // 16 * 16 + 1, b" ")
out += bytes([3, 4, 6, 0x41, 3]) + b"ade"
out += bytes([7]) + (0).to_bytes(4, "big") + (50).to_bytes(4, "big")
out += bytes([8]) + (1).to_bytes(4, "big") + bytes([9, 1, 9, 0, 4]) + b"self"
open(sys.argv[2], "wb").write(out)
PY
done
