#!/usr/bin/env bash
# Runs every file-based notebook twin, every notebook (headless, real .NET Interactive kernel) and every sample to
# the end; any failure fails the script. One "[examples] ... ran to the end" line per item (CI proof).
# Needs the Release build (./build.sh build) and ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export EOSNET_DATA_DIR="${EOSNET_DATA_DIR:-$(cd "$ROOT/../shared/data" 2>/dev/null && pwd || true)}"
if [ -z "$EOSNET_DATA_DIR" ] || [ ! -d "$EOSNET_DATA_DIR" ]; then echo "[examples] SKIPPED: ../shared/data is absent" >&2; exit 0; fi
python3 scripts/notebooks.py check
fail=0
for twin in notebooks/[0-9][0-9]_*.cs; do
  start=$SECONDS
  # Release: the twins reference src/EOSnet.Cli, which ./build.sh build has built in Release already (no Debug copy).
  if (cd notebooks && dotnet run -c Release "$(basename "$twin")" > "/tmp/examples-$(basename "$twin").log" 2>&1); then
    echo "[examples] twin $twin ran to the end ($((SECONDS - start)) s): $(tail -1 "/tmp/examples-$(basename "$twin").log")"
  else echo "[examples] FAILED twin $twin:"; tail -20 "/tmp/examples-$(basename "$twin").log"; fail=1; fi
  # EOSNET_PRUNE_OUTPUTS=1 (set by .ci/run): a twin's build folder (the SDK's file-based-app cache) goes once it has
  # run, in case the file system could not hard-link the package natives (see Directory.Build.props).
  if [ "${EOSNET_PRUNE_OUTPUTS:-0}" = 1 ]; then (cd notebooks && dotnet clean file-based-apps --days 0 > /dev/null); fi
done
if [ "${EOSNET_SKIP_NOTEBOOKS:-0}" = 1 ]; then
  echo "[examples] notebooks SKIPPED (EOSNET_SKIP_NOTEBOOKS=1)"
else
  bash scripts/ensure-notebook-kernel.sh
  # The kernel process loads native libraries (libtorch, SkiaSharp) by name: point the loader at the build's natives,
  # for the notebooks only (other programs must load their own copies, not a second libtorch).
  natives="$ROOT/src/EOSnet.Cli/bin/Release/net10.0/runtimes/linux-x64/native"
  for nb in notebooks/[0-9][0-9]_*.ipynb; do
    start=$SECONDS
    out="/tmp/examples-$(basename "$nb" .ipynb).executed.ipynb"
    if (cd notebooks && PATH="$ROOT/.tools:/usr/bin:$PATH" LD_LIBRARY_PATH="$natives${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" jupyter nbconvert --to notebook --execute "$(basename "$nb")" --output "$out" --ExecutePreprocessor.timeout=900 > "$out.log" 2>&1); then
      echo "[examples] notebook $nb ran to the end ($((SECONDS - start)) s, every cell, no error)"
    else echo "[examples] FAILED notebook $nb:"; grep -v "^\s*$" "$out.log" | tail -25; fail=1; fi
  done
fi
for sample in samples/*/; do
  name=$(basename "$sample")
  args=(); [ "$name" = PredictionService ] && args=(--self-test --port 5075)
  start=$SECONDS
  if (cd "$sample" && dotnet run -c Release -- "${args[@]}" > "/tmp/examples-$name.log" 2>&1); then
    echo "[examples] sample $name ran to the end ($((SECONDS - start)) s): $(tail -1 "/tmp/examples-$name.log")"
  else echo "[examples] FAILED sample $name:"; tail -20 "/tmp/examples-$name.log"; fail=1; fi
  # EOSNET_PRUNE_OUTPUTS=1 (set by .ci/run): a sample's output folder goes once it has run, in case the file system
  # could not hard-link the package natives (see Directory.Build.props) and each folder is a full copy.
  if [ "${EOSNET_PRUNE_OUTPUTS:-0}" = 1 ]; then rm -rf "$sample/bin" "$sample/obj"; fi
done
echo "[examples] disk: $(df -h --output=avail "$ROOT" | tail -1 | tr -d ' ') free on the checkout's file system"
exit $fail
