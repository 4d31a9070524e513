#!/usr/bin/env python3
"""Rebuilds the committed test fixture tests/TestSupport/Fixtures/mp_gap_fixture.json.gz (python3 stdlib only).

The fixture lets the ML.NET contract tests run on a machine without ../shared. It holds 40 Materials Project
structures with their Matbench band gap, copied unchanged (same Matbench json.gz layout, same structure dicts,
same ids and labels) from ../shared/data/matbench_mp_gap.json.gz. Source, licence and attribution:
tests/TestSupport/Fixtures/README.md.

Selection rule (deterministic; no randomness):
  walk the source rows in file order (sorted Matbench ids) and take a row when
    * it has at most MAX_SITES sites, every site one element with occupancy 1, Z in 1..94;
    * its reduced composition is not in the fixture yet;
    * it brings at least one element that no row taken so far has;
    * its class still has room: METALS rows with gap == 0, and NONMETALS_PER_BIN rows in each gap bin
      (0, 1], (1, 2], (2, 4], (4, inf) eV, so that the non-zero gaps are spread;
  stop when every quota is full. The rows keep their source order in the fixture.

Usage:
  python3 scripts/make-test-fixture.py            # writes the fixture (source: $EOSNET_SHARED_DIR/data or ../shared/data)
  python3 scripts/make-test-fixture.py --check    # rebuilds in memory and compares with the committed file's JSON
  python3 scripts/make-test-fixture.py --source DIR --out FILE
"""
import argparse
import gzip
import io
import json
import math
import os
import sys
from functools import reduce

MAX_SITES = 12
METALS = 20
GAP_BINS = [(0.0, 1.0), (1.0, 2.0), (2.0, 4.0), (4.0, math.inf)]
NONMETALS_PER_BIN = 5
SOURCE_NAME = "matbench_mp_gap.json.gz"

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "tests", "TestSupport", "Fixtures", "mp_gap_fixture.json.gz")

SYMBOLS = (
    "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr "
    "Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir "
    "Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu"
).split()
Z = {s: i + 1 for i, s in enumerate(SYMBOLS)}


def default_source():
    shared = os.environ.get("EOSNET_SHARED_DIR") or os.path.join(REPO, "..", "shared")
    return os.path.join(shared, "data")


def elements_of(structure):
    """The element of every site, or None when a site is disordered or has an element outside 1..94."""
    out = []
    for site in structure["sites"]:
        species = site["species"]
        if len(species) != 1 or float(species[0]["occu"]) != 1.0 or species[0]["element"] not in Z:
            return None
        out.append(species[0]["element"])
    return out


def reduced_composition(elements):
    counts = {}
    for e in elements:
        counts[e] = counts.get(e, 0) + 1
    g = reduce(math.gcd, counts.values())
    return tuple(sorted((e, n // g) for e, n in counts.items()))


def gap_bin(gap):
    for k, (lo, hi) in enumerate(GAP_BINS):
        if lo < gap <= hi:
            return k
    raise ValueError(gap)


def select(source):
    with gzip.open(source, "rt", encoding="utf-8") as f:
        doc = json.load(f)
    if doc["columns"] != ["structure", "gap pbe"]:
        raise SystemExit(f"{source}: unexpected columns {doc['columns']}")
    metals = 0
    per_bin = [0] * len(GAP_BINS)
    seen_elements, seen_compositions, taken = set(), set(), []
    for row_id, (structure, gap) in zip(doc["index"], doc["data"]):
        if metals == METALS and all(n == NONMETALS_PER_BIN for n in per_bin):
            break
        if len(structure["sites"]) > MAX_SITES:
            continue
        elements = elements_of(structure)
        if elements is None:
            continue
        composition = reduced_composition(elements)
        if composition in seen_compositions or not (set(elements) - seen_elements):
            continue
        if gap == 0:
            if metals == METALS:
                continue
            metals += 1
        else:
            k = gap_bin(gap)
            if per_bin[k] == NONMETALS_PER_BIN:
                continue
            per_bin[k] += 1
        seen_elements.update(elements)
        seen_compositions.add(composition)
        taken.append((row_id, structure, gap))
    if metals != METALS or any(n != NONMETALS_PER_BIN for n in per_bin):
        raise SystemExit(f"quotas not filled: metals {metals}, gap bins {per_bin}")
    return {"index": [t[0] for t in taken], "columns": ["structure", "gap pbe"], "data": [[t[1], t[2]] for t in taken]}


def to_bytes(doc):
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=True) + "\n"
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("ascii"))
    return text, buf.getvalue()


def formula(structure):
    counts = {}
    for e in elements_of(structure):
        counts[e] = counts.get(e, 0) + 1
    return "".join(e + (str(n) if n > 1 else "") for e, n in counts.items())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--source", default=default_source(), help="folder holding " + SOURCE_NAME)
    p.add_argument("--out", default=DEFAULT_OUT)
    p.add_argument("--check", action="store_true", help="compare with the existing file instead of writing")
    args = p.parse_args()
    doc = select(os.path.join(args.source, SOURCE_NAME))
    text, data = to_bytes(doc)
    if args.check:
        with gzip.open(args.out, "rt", encoding="ascii") as f:
            same = f.read() == text
        print(("OK: " if same else "DIFFERENT: ") + args.out)
        return 0 if same else 1
    with open(args.out, "wb") as f:
        f.write(data)
    elements = sorted({e for s, _ in doc["data"] for e in elements_of(s)}, key=Z.get)
    print(f"wrote {args.out}: {len(doc['index'])} structures, {len(data)} bytes, {len(elements)} elements")
    print("| id | formula | sites | gap pbe (eV) |")
    print("|---|---|---|---|")
    for row_id, (s, gap) in zip(doc["index"], doc["data"]):
        print(f"| {row_id} | {formula(s)} | {len(s['sites'])} | {gap:g} |")
    print("elements: " + " ".join(elements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
