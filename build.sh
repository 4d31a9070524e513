#!/usr/bin/env bash
# EOSnet.MLNet entry script. Verbs:
#   setup   install what is missing (libstdc++ for TorchSharp on Debian 12) and restore packages (idempotent)
#   build   setup + build the solution (Release)
#   test    build + run every test project, then the ML.NET layer's tests (tests/EOSnet.MLNet.Tests) again built
#           against ML.NET 6 (-p:EosNetMLNetVersion=6.0.0, into artifacts/mlnet-6.0.0; MLNET_ALT_VERSION overrides it,
#           MLNET_ALT_VERSION=none skips it); prints one summary line "N passed, N failed, N skipped"
#   demo    build + run the demo (eosnet demo): featurize/train on Matbench perovskites, compare, plot
#   bench   build + run the benchmark harness (tools/EOSnet.Cli.Dev, not shipped; writes docs/benchmarks.md and docs/benchmarks.json)
#   pack    deterministic Release build + .nupkg/.snupkg of every package (the libraries and the eosnet tool) into
#           artifacts/packages (PACKAGES_DIR overrides; PACK_PROJECTS="EOSnet.MLNet ..." packs only those; further
#           arguments go to dotnet pack, e.g. ./build.sh pack -p:EosNetTorchBackend=cuda -p:PackageVersion=0.1.0-cuda).
#           EOSnet.Models embeds the authors' checkpoints from ../shared/models ($EOSNET_SHARED_DIR/models) and refuses
#           to pack without them
#   examples build + pack the libraries + run every notebook twin (dotnet run file.cs), every notebook (headless Jupyter, .NET Interactive
#           kernel installed by scripts/ensure-notebook-kernel.sh) and every sample to the end
#   clean   remove build outputs
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIG="${CONFIG:-Release}"

setup() {
  bash scripts/ensure-libstdcxx.sh
  command -v dotnet >/dev/null || { echo "[setup] ERROR: the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 1; }
  dotnet restore EOSnet.MLNet.sln --verbosity quiet
}

build() {
  setup
  dotnet build EOSnet.MLNet.sln -c "$CONFIG" --no-restore --verbosity quiet -nologo
}

# The shipped projects, dependencies first; each becomes a package (src/Directory.Build.props has the metadata).
PACKAGES=(EOSnet.Crystals EOSnet.Featurization EOSnet.Model EOSnet.MLNet EOSnet.MLNet.Onnx EOSnet.MLNet.Evaluation EOSnet.Models EOSnet.MLNet.Plots EOSnet.Cli)

pack() {
  setup
  local dir="${PACKAGES_DIR:-artifacts/packages}"
  local projects; read -r -a projects <<<"${PACK_PROJECTS:-${PACKAGES[*]}}"
  mkdir -p "$dir"
  # PACK_NO_BUILD=1 (./build.sh examples): pack the Release build as it is. Otherwise EosNetPackaging=true, that is
  # ContinuousIntegrationBuild (deterministic, /_/ source paths), so after a normal build the build is redone once
  # (on CI, where CI=true, builds are like that already).
  local mode=(-p:EosNetPackaging=true); [ "${PACK_NO_BUILD:-0}" = 1 ] && mode=(--no-build --no-restore)
  local global; global="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
  for name in "${projects[@]}"; do
    rm -f "$dir/$name".[0-9]*.nupkg "$dir/$name".[0-9]*.snupkg
    dotnet pack "src/$name/$name.csproj" -c "$CONFIG" --verbosity quiet -nologo "${mode[@]}" -o "$dir" "$@"
    # A re-pack keeps the version: drop the copy an earlier restore (a notebook, a twin) extracted into the NuGet
    # package folder, or it would be used instead of the new package.
    local pkg; pkg="$(ls "$dir/$name".[0-9]*.nupkg)"; pkg="${pkg##*/}"
    local version="${pkg#"$name".}"; version="${version%.nupkg}"
    local lower; lower="$(echo "$name" | tr '[:upper:]' '[:lower:]')"
    if [ -d "$global/$lower/$version" ]; then
      rm -rf "${global:?}/$lower/$version"; rmdir --ignore-fail-on-non-empty "$global/$lower"
      echo "[pack] removed the cached $name $version from $global"
    fi
  done
  ls -l "$dir" | awk 'NR > 1 {printf "[pack] %s (%.1f MB)\n", $NF, $5 / 1048576}'
}

run_tests() {
  build
  local log; log="$(mktemp)"
  local rc=0
  # Test projects run one after another (2-core machines); each prints its own result line.
  # run_test PROJECT [MSBUILD ARGS]: dotnet test with no build; its output is appended to $log.
  run_test() {
    local proj="$1"; shift
    local out; out="$(mktemp)"
    if ! dotnet test "$proj" -c "$CONFIG" --no-build --nologo --logger "console;verbosity=normal" "$@" \
         ${TEST_FILTER:+--filter "$TEST_FILTER"} >"$out" 2>&1; then
      rc=1
    fi
    grep -E "^  (Failed|Skipped) |^Test Run|error [A-Z]+[0-9]+|\[FAIL\]|^\[eosnet\]" "$out" || true
    # A failure's message (not its stack trace), so a CI log says why.
    awk '/^  Failed / {show = 1} show && /^  Stack Trace:/ {show = 0} show && !/^  Failed / {print}' "$out" | head -40
    cat "$out" >>"$log"; rm -f "$out"
  }
  for proj in tests/*.Tests/*.Tests.csproj; do
    echo "[test] $(basename "$proj" .csproj)"
    run_test "$proj"
  done
  # The packages admit ML.NET 5 and 6 (Directory.Packages.props): the ML.NET layer, whose save/load reflects into
  # ML.NET internals, is built and tested against ML.NET 6 as well, in output folders of its own (artifacts/mlnet-V).
  local alt="${MLNET_ALT_VERSION:-6.0.0}"
  if [ "$alt" != none ]; then
    echo "[test] EOSnet.MLNet.Tests against Microsoft.ML $alt"
    local started=$SECONDS
    if dotnet build tests/EOSnet.MLNet.Tests/EOSnet.MLNet.Tests.csproj -c "$CONFIG" --verbosity quiet -nologo "-p:EosNetMLNetVersion=$alt"; then
      run_test tests/EOSnet.MLNet.Tests/EOSnet.MLNet.Tests.csproj "-p:EosNetMLNetVersion=$alt"
    else
      echo "[test] error: the build against Microsoft.ML $alt failed"; rc=1
    fi
    echo "[test] Microsoft.ML $alt: build + tests $((SECONDS - started)) s"
    if [ "${EOSNET_PRUNE_OUTPUTS:-0}" = 1 ]; then rm -rf "artifacts/mlnet-$alt"; fi
  fi
  # Summary over all projects from the runner's per-project totals ("     Passed: 12", "     Failed: 0", "    Skipped: 1").
  awk '/^ +Passed: [0-9]+$/ {p += $2} /^ +Failed: [0-9]+$/ {f += $2} /^ +Skipped: [0-9]+$/ {s += $2}
       END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
  if grep -qE "Test Run (Failed|Aborted)" "$log"; then rc=1; fi
  rm -f "$log"
  return $rc
}

case "${1:-test}" in
  setup) setup ;;
  build) build ;;
  test) run_tests ;;
  demo) build; shift; dotnet run --project src/EOSnet.Cli -c "$CONFIG" --no-build -- demo "$@" ;;
  eosnet) build; shift; dotnet run --project tools/EOSnet.Cli.Dev -c "$CONFIG" --no-build -- "$@" ;;
  # The notebooks and their twins consume the packages (notebooks/NuGet.config): pack what they reference first.
  # EOSnet.Models packs only with the checkpoints of ../shared/models (notebook 05 uses it; without ../shared the examples are skipped).
  examples) build; PACK_NO_BUILD=1 PACK_PROJECTS="EOSnet.Crystals EOSnet.Featurization EOSnet.Model EOSnet.MLNet EOSnet.MLNet.Onnx EOSnet.MLNet.Evaluation EOSnet.MLNet.Plots$([ -d ../shared/models ] && echo " EOSnet.Models")" pack
            bash scripts/run-examples.sh ;;
  pack) shift; pack "$@" ;;
  bench) build; shift; dotnet run --project tools/EOSnet.Cli.Dev -c "$CONFIG" --no-build -- bench "$@" ;;
  clean) dotnet clean EOSnet.MLNet.sln --verbosity quiet; find . -name bin -o -name obj -type d -prune -exec rm -rf {} +; rm -rf artifacts/mlnet-* ;;
  *) echo "usage: ./build.sh [setup|build|test|pack|examples|demo|bench|eosnet|clean]" >&2; exit 2 ;;
esac
