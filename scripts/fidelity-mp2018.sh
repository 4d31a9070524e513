#!/usr/bin/env bash
# Full fidelity run of the imported MP2018_Eform model (issue 26): scores all 40,519 structures of
# ../shared/data/eosnet_mp2018_eform_train.extxyz.gz with `eosnet predict --model mp2018-eform` and compares the
# predictions with the authors' own (../shared/models/MP2018_Eform.train_results.csv: id,target,prediction).
# Usage: scripts/fidelity-mp2018.sh [OUT_DIR]   (after a Release build of src/EOSnet.Cli; takes minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${EOSNET_SHARED_DIR:-$root/../shared}"
eosnet="${EOSNET:-$root/src/EOSnet.Cli/bin/Release/net10.0/eosnet}"
out="${1:-$root/artifacts/fidelity-mp2018}"
authors="$shared/models/MP2018_Eform.train_results.csv"
structures="$shared/data/eosnet_mp2018_eform_train.extxyz.gz"
for f in "$authors" "$structures" "$eosnet"; do [ -e "$f" ] || { echo "fidelity-mp2018: $f not found" >&2; exit 2; }; done
mkdir -p "$out"
/usr/bin/time -f "predict: %e s wall, %M KiB peak" "$eosnet" predict --model mp2018-eform "$structures" --out "$out/predictions.csv"
# id,prediction (ours) joined with id,target,prediction (authors'); the largest disagreements go to largest.csv.
awk -F, -v largest="$out/largest.csv" -v disagree="$out/disagree.csv" '
  { sub(/\r$/, "") }
  NR == FNR { target[$1] = $2; theirs[$1] = $3; next }
  FNR == 1 { next }
  ($1 in theirs) {
    n++; d = $2 - theirs[$1]; if (d < 0) d = -d
    if (d <= 1e-5) w5++; if (d <= 1e-3) w3++; if (d <= 1e-2) w2++
    e = $2 - target[$1]; if (e < 0) e = -e; ours_mae += e
    e = theirs[$1] - target[$1]; if (e < 0) e = -e; their_mae += e
    print $1 "," $2 "," theirs[$1] "," target[$1] "," d > (largest ".unsorted")
    if (d > 1e-3) print $1 "," $2 "," theirs[$1] "," target[$1] "," d > disagree
  }
  END {
    printf "structures compared: %d\n", n
    printf "within 1e-5 eV/atom: %d (%.2f %%)\n", w5, 100 * w5 / n
    printf "within 1e-3 eV/atom: %d (%.2f %%)\n", w3, 100 * w3 / n
    printf "within 1e-2 eV/atom: %d (%.2f %%)\n", w2, 100 * w2 / n
    printf "MAE vs target: ours %.4f, the authors (same structures) %.4f eV/atom\n", ours_mae / n, their_mae / n
  }' "$authors" "$out/predictions.csv" | tee "$out/summary.txt"
{ echo "id,ours,authors,target,difference"; sort -t, -k5,5 -g -r "$out/largest.csv.unsorted" | head -50; } > "$out/largest.csv"
rm -f "$out/largest.csv.unsorted"
echo "largest disagreements: $out/largest.csv"
echo "disagreements > 1e-3 eV/atom: $out/disagree.csv; their neighbour ties: scripts/fidelity-ties.py $out/disagree.csv $structures $out/ties.csv"
