#!/usr/bin/env bash
# GC-pressure soak: builds once, then runs every test marked [Trait("Category", "GcPressure")] (TorchSharp calls,
# training and inference while another thread collects without pause) in fresh test processes, RUNS times in a row,
# stopping at the first failure; then one long training run under nonstop collections that must equal the
# undisturbed run. Results: one line per run in $LOG, a summary line at the end (docs/reliability.md has the record).
#   EOSNET_GC_SOAK_RUNS     runs in a row (default 200)
#   EOSNET_GC_LONG_EPOCHS   epochs of the long run (default 50; 0 skips it), on EOSNET_GC_LONG_ROWS structures (500)
#   EOSNET_GC_SOAK_LOG      log file (default gc-soak.log)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${EOSNET_GC_SOAK_RUNS:-200}"
LONG_EPOCHS="${EOSNET_GC_LONG_EPOCHS:-50}"
LONG_ROWS="${EOSNET_GC_LONG_ROWS:-500}"
LOG="${EOSNET_GC_SOAK_LOG:-gc-soak.log}"
CONFIG="${CONFIG:-Release}"
./build.sh build
dlls=(tests/EOSnet.Model.Tests/bin/$CONFIG/net10.0/EOSnet.Model.Tests.dll tests/EOSnet.MLNet.Tests/bin/$CONFIG/net10.0/EOSnet.MLNet.Tests.dll)
: >"$LOG"
REPORT="$LOG.training"
: >"$REPORT"
export EOSNET_GC_REPORT="$(realpath "$REPORT")"
start=$(date +%s)
for ((run = 1; run <= RUNS; run++)); do
  out="$(mktemp)"
  t0=$(date +%s)
  # Both test assemblies at once, each in its own process.
  # A run passes when both assemblies report "Passed!" and dotnet test exits 0 (a crashed test host reports neither).
  if dotnet test "${dlls[@]}" --filter "Category=GcPressure" -- RunConfiguration.MaxCpuCount=2 >"$out" 2>&1 \
     && [ "$(grep -cE '^Passed!' "$out")" -eq 2 ]; then
    echo "run $run: passed ($(awk '/^Passed!/ { for (i = 1; i <= NF; i++) if ($i == "Passed:") n += $(i + 1) } END { print n + 0 }' FS='[ ,]+' "$out") tests, $(( $(date +%s) - t0 )) s)" | tee -a "$LOG"
    rm -f "$out"
  else
    echo "run $run: FAILED (whole output kept in $LOG.run$run.txt)" | tee -a "$LOG"
    cp "$out" "$LOG.run$run.txt"
    { grep -E "Failed |Error Message|Exception|Expected false|aborted|crashed|Passed!|Failed!" -A3 "$out" || tail -40 "$out"; } | head -60 | tee -a "$LOG"
    rm -f "$out"
    echo "gc soak: $((run - 1)) runs in a row passed, run $run failed, $(( $(date +%s) - start )) s" | tee -a "$LOG"
    exit 1
  fi
done
echo "gc soak: $RUNS runs in a row passed, 0 failed, $(( $(date +%s) - start )) s; training tests (reference and cosine-average recipes) bit for bit identical to the undisturbed run in $(grep -c 'identical losses' "$REPORT") of $(wc -l <"$REPORT") training runs, equal within float32 rounding in the others" | tee -a "$LOG"
if [ "$LONG_EPOCHS" -gt 0 ]; then
  t0=$(date +%s)
  out="$(mktemp)"
  if EOSNET_GC_TRAINING_EPOCHS="$LONG_EPOCHS" EOSNET_GC_TRAINING_ROWS="$LONG_ROWS" dotnet test "${dlls[0]}" \
       --filter "FullyQualifiedName~Training_while_collections_run_nonstop_gives_the_undisturbed_result" \
       --logger "console;verbosity=normal" >"$out" 2>&1; then
    tail -1 "$REPORT" | tee -a "$LOG"
    echo "gc long run: passed, $(( $(date +%s) - t0 )) s" | tee -a "$LOG"
  else
    cp "$out" "$LOG.long.txt"
    { grep -E "Failed |Error Message|Exception|Expected false|aborted|crashed" -A3 "$out" || tail -40 "$out"; } | head -60 | tee -a "$LOG"
    echo "gc long run: FAILED, $(( $(date +%s) - t0 )) s" | tee -a "$LOG"
    exit 1
  fi
  rm -f "$out"
fi
