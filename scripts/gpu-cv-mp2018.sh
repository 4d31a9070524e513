#!/bin/bash
# Device run: 5-fold CV of the EOSnet best preset on eosnet_mp2018_eform_train, on the GPU.
# Usage (repo root, after scripts/gpu-bundle.sh): bash .gpu/run.sh  (OUT, BUDGET_S, DEVICE, TORCH_LIB may be set)
# Sizes the epoch budget from a 3-epoch calibration so that the whole run fits BUDGET_S seconds.
set -u
T0=$(date +%s)
BUDGET_S=${BUDGET_S:-560}
DEVICE=${DEVICE:-cuda}
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"
REPO=$(pwd)
HERE=$(cd "$(dirname "$0")" && pwd)   # the bundle folder (scripts/gpu-bundle.sh copies this script there as run.sh)
W=$(mktemp -d)
mkdir -p "$W/shared/data" "$W/main"
tar -xJf "$HERE/bundle.tar.xz" -C "$W" 2>/dev/null || python3 -c "import tarfile,sys;tarfile.open(sys.argv[2]).extractall(sys.argv[1])" "$W" "$HERE/bundle.tar.xz" || exit 9
cp "$HERE"/data/* "$W/shared/data/"
cp -r "$REPO/docs" "$W/main/docs"
export DOTNET_ROOT=$W/dotnet PATH=$W/dotnet:$PATH DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
if [ -z "${TORCH_LIB:-}" ]; then TORCH_LIB=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__)+"/lib")'); fi
export LD_LIBRARY_PATH=$TORCH_LIB
GPU=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1); GPU=${GPU:-no GPU}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null; nproc
echo "setup took $(( $(date +%s) - T0 )) s"
EOS="dotnet $W/app/eosnet.dll"
DATA=../shared/data/eosnet_mp2018_eform_train.extxyz.gz
cd "$W/main"

# 1. Calibration: 3 epochs on an 8,000-structure slice, same preset, to size the epoch budget.
TC=$(date +%s)
$EOS cv $DATA --kfold 5 --fold-list 0 --epochs 3 --limit 8000 --batch-size 64 --schedule budget --device "$DEVICE" --out /tmp/cal 2>&1 | tee "$OUT/calibration.log"
TCAL=$(( $(date +%s) - TC ))
EP3=$(grep -E '^epoch +3 ' "$OUT/calibration.log" | sed -E 's/.* ([0-9.]+) s( +\*)?$/\1/')
[ -n "$EP3" ] || { echo "calibration failed"; exit 3; }
NOW=$(date +%s)
EPOCHS=$(python3 -c "
ep_full = $EP3 * 40519 / 8000           # seconds per epoch, whole training part
feat = max(0, ($TCAL - 3 * $EP3 - 4)) * 40519 / 8000  # featurization of all structures
left = $BUDGET_S - ($NOW - $T0) - feat - 30
print(max(5, min(200, int(left / (5 * ep_full * 1.08)))))")
echo "calibration: ${TCAL} s, epoch 3 took ${EP3} s on 8,000 → epochs for the full run: $EPOCHS"

# 2. The run that is recorded.
$EOS cv $DATA --kfold 5 --schedule budget --epochs "$EPOCHS" --batch-size 64 --device "$DEVICE" --out /tmp/cv \
  --record-accuracy eosnet-best \
  --note "features gom-s; ${EPOCHS}-epoch budget sized to a 10-minute GPU slot; ${GPU} via TorchSharp 0.107 over the device's PyTorch 2.11 (cu130) libraries, $(nproc) CPU cores" \
  2>&1 | tee "$OUT/cv.log"
cp docs/accuracy.json docs/accuracy.md /tmp/cv/comparison.md "$OUT/" 2>/dev/null
cp /tmp/cv/*.png "$OUT/" 2>/dev/null
echo "total $(( $(date +%s) - T0 )) s"
