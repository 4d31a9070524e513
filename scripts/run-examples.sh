#!/usr/bin/env bash
# Runs every file-based notebook twin, every notebook (headless, real .NET Interactive kernel) and every sample to
# the end; any failure fails the script. One "[examples] ... ran to the end" line per item (CI proof).
# Needs the Release build (./build.sh build), the EOSnet packages in artifacts/packages (./build.sh examples packs
# them first; the notebooks and twins consume them from there, see notebooks/NuGet.config) and ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export EOSNET_DATA_DIR="${EOSNET_DATA_DIR:-$(cd "$ROOT/../shared/data" 2>/dev/null && pwd || true)}"
if [ -z "$EOSNET_DATA_DIR" ] || [ ! -d "$EOSNET_DATA_DIR" ]; then echo "[examples] SKIPPED: ../shared/data is absent" >&2; exit 0; fi
python3 scripts/notebooks.py check
ls artifacts/packages/EOSnet.MLNet.[0-9]*.nupkg >/dev/null 2>&1 || { echo "[examples] FAILED: no EOSnet packages in artifacts/packages (run ./build.sh examples, which packs them)"; exit 1; }
fail=0
natives=""
for twin in notebooks/[0-9][0-9]_*.cs; do
  start=$SECONDS
  # --no-cache: a re-pack keeps the version, so the SDK's up-to-date check of the file-based app would not see it.
  if (cd notebooks && dotnet run -c Release --no-cache "$(basename "$twin")" > "/tmp/examples-$(basename "$twin").log" 2>&1); then
    echo "[examples] twin $twin ran to the end ($((SECONDS - start)) s): $(tail -1 "/tmp/examples-$(basename "$twin").log")"
  else echo "[examples] FAILED twin $twin:"; tail -20 "/tmp/examples-$(basename "$twin").log"; fail=1; fi
  # The twin's restore (its project.assets.json) names the package folders whose natives the notebooks need. They
  # are read now: the assets file lives in the twin's build folder, which EOSNET_PRUNE_OUTPUTS=1 removes below (the
  # native folders themselves are in the NuGet package folder and stay).
  a=$(cd notebooks && dotnet build -c Release "$(basename "$twin")" -getProperty:ProjectAssetsFile 2>/dev/null | tail -1)
  if [ -f "$a" ]; then natives="$natives${natives:+:}$(python3 scripts/package-natives.py "$a")"; fi
  # EOSNET_PRUNE_OUTPUTS=1 (set by .ci/run): a twin's build folder (the SDK's file-based-app cache) goes once it has
  # run, in case the file system could not hard-link the package natives (see Directory.Build.props).
  if [ "${EOSNET_PRUNE_OUTPUTS:-0}" = 1 ]; then (cd notebooks && dotnet clean file-based-apps --days 0 > /dev/null); fi
done
if [ "${EOSNET_SKIP_NOTEBOOKS:-0}" = 1 ]; then
  echo "[examples] notebooks SKIPPED (EOSNET_SKIP_NOTEBOOKS=1)"
else
  bash scripts/ensure-notebook-kernel.sh
  # The kernel process loads native libraries (libtorch, SkiaSharp) by name: point the loader at the natives of the
  # restored packages (the NuGet package folder: libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native, ...), as
  # the twins' restores resolved them, for the notebooks only (other programs load their own copies).
  if [ -z "$natives" ]; then echo "[examples] FAILED: no twin restore to take the package natives from"; exit 1; fi
  natives=$(printf '%s' "$natives" | tr ':' '\n' | awk '!seen[$0]++' | paste -sd: -)
  echo "[examples] notebook natives: ${natives//:/ }"
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
