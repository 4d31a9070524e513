#!/bin/bash
# Packs what a bare Linux GPU machine with PyTorch (but no .NET and no TorchSharp CUDA packages) needs to run
# `eosnet` on its GPU: the .NET runtime, the Release build of the CLI without the CPU libtorch, and one dataset.
# On that machine scripts/gpu-cv-mp2018.sh unpacks it and points LD_LIBRARY_PATH at PyTorch's torch/lib
# (TorchSharp 0.107's native bridge resolves against PyTorch 2.10/2.11's libraries; see docs/gpu.md).
# Usage: scripts/gpu-bundle.sh [DEST=.gpu]   (DEST should be git-ignored, e.g. listed in .git/info/exclude)
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=${1:-.gpu}
dotnet build src/EOSnet.Cli -c Release -v q -nologo >/dev/null
B=src/EOSnet.Cli/bin/Release/net10.0
STAGE=$(mktemp -d)
mkdir -p "$STAGE/app/runtimes/linux-x64/native" "$STAGE/dotnet/shared"
cp $B/*.dll $B/eosnet.deps.json $B/eosnet.runtimeconfig.json "$STAGE/app/"
for f in libLibTorchSharp.so libSkiaSharp.so libHarfBuzzSharp.so libFastTreeNative.so lib_lightgbm.so; do
  cp "$B/runtimes/linux-x64/native/$f" "$STAGE/app/runtimes/linux-x64/native/"
done
ROOT=$(dirname "$(readlink -f "$(command -v dotnet)")")
cp -a "$ROOT/dotnet" "$ROOT/host" "$STAGE/dotnet/"
cp -a "$ROOT/shared/Microsoft.NETCore.App" "$STAGE/dotnet/shared/"
mkdir -p "$DEST/data"
tar -C "$STAGE" -cf - dotnet app | xz -T2 -6 > "$DEST/bundle.tar.xz"
cp ../shared/data/eosnet_mp2018_eform_train.extxyz.gz "$DEST/data/"
cp scripts/gpu-cv-mp2018.sh "$DEST/run.sh"
rm -rf "$STAGE"
du -sh "$DEST"/*
