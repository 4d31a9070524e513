#!/usr/bin/env python3
"""Writes src/EOSnet.Crystals/Symmetry/space-groups.tsv (the 530 settings of spglib's space-group database, Hall
numbers 1..530, with their symmetry operations) and src/EOSnet.Crystals/Symmetry/SPGLIB-LICENSE.txt (spglib's
BSD-3-Clause notice), from spglib's C library as Debian packages it. Python standard library only.

  python3 scripts/generate-space-groups.py [--work /tmp/spg] [--package libsymspg2]

Nothing is installed: `apt-get download` fetches the runtime package (libsymspg2) and the development package of
the same version (libsymspg-dev, for spglib.h) into --work (no root, no dpkg lock), `dpkg-deb -x` unpacks them, and
ctypes loads libsymspg.so. The layout of SpglibSpacegroupType is read from that version's spglib.h (its field list
differs between spglib 1.x and 2.x). Debian .deb files already in --work are reused.

Data: spg_get_spacegroup_type(hall_number) for the symbols, spg_get_symmetry_from_database(rotations,
translations, hall_number) for the operations (centring translations included). Translations are reduced to [0, 1)
and written as exact fractions (checked to round-trip within 1e-9).
"""
import argparse
import ctypes
import datetime
import glob
import os
import re
import subprocess
import sys
from fractions import Fraction

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(REPO, "src", "EOSnet.Crystals", "Symmetry")
TSV = os.path.join(OUT_DIR, "space-groups.tsv")
LICENCE = os.path.join(OUT_DIR, "SPGLIB-LICENSE.txt")
COLUMNS = ["hall_number", "number", "hall_symbol", "international_short", "international_full", "international",
           "choice", "operations"]


def run(cmd, cwd):
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def fetch(work, package, version=None):
    """The .deb of package (at version, when given) in work, downloaded with apt-get download if missing."""
    pattern = f"{package}_{version or '*'}_*.deb".replace(":", "%3a")
    found = sorted(glob.glob(os.path.join(work, pattern)))
    if not found:
        run(["apt-get", "download", f"{package}={version}" if version else package], work)
        found = sorted(glob.glob(os.path.join(work, pattern)))
    if len(found) != 1:
        sys.exit(f"expected one {pattern} in {work}, found {found}")
    return found[0]


def deb_field(deb, field):
    return run(["dpkg-deb", "-f", deb, field], os.path.dirname(deb)).strip()


def struct_fields(header, name):
    """ctypes fields of `typedef struct { ... } name;` in spglib.h (only int, double and char[N] members)."""
    text = open(header, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    m = re.search(r"typedef\s+struct\s*\{([^{}]*)\}\s*" + re.escape(name) + r"\s*;", text)
    if not m:
        sys.exit(f"{header}: no typedef struct {name}")
    fields = []
    for decl in filter(None, (d.strip() for d in m.group(1).split(";"))):
        d = re.fullmatch(r"(int|double|char)\s+(\w+)\s*((?:\[\s*\d+\s*\])*)", decl)
        if not d:
            sys.exit(f"{header}: {name}: cannot read member '{decl}'")
        ctype = {"int": ctypes.c_int, "double": ctypes.c_double, "char": ctypes.c_char}[d.group(1)]
        for n in reversed(re.findall(r"\d+", d.group(3))):
            ctype = ctype * int(n)
        fields.append((d.group(2), ctype))
    return fields


def fraction(value):
    f = Fraction(value).limit_denominator(48)
    if abs(float(f) - value) > 1e-9:
        sys.exit(f"translation {value!r} is not a fraction with denominator <= 48")
    return f


def xyz(rotation, translation):
    """'x,y,z' form: '-y,x-y,z+1/3'."""
    rows = []
    for i in range(3):
        s = ""
        for j, var in enumerate("xyz"):
            c = rotation[i][j]
            if c == 0:
                continue
            sign = "-" if c < 0 else ("+" if s else "")
            s += sign + ("" if abs(c) == 1 else f"{abs(c)}*") + var
        t = translation[i]
        if t != 0:
            s += f"+{t.numerator}/{t.denominator}" if t.denominator != 1 else f"+{t.numerator}"
        if not s:
            sys.exit(f"rotation row {rotation[i]} is zero")
        rows.append(s)
    return ",".join(rows)


def spellings(row):
    """The symbols a setting is written with: short, full and each '='-separated part of 'international'."""
    parts = [row["international_short"], row["international_full"]]
    parts += [p.strip() for p in row["international"].split("=")]
    return {re.sub(r"[\s_]", "", p) for p in parts if p.strip()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="/tmp/spg", help="download and unpack folder (default /tmp/spg)")
    ap.add_argument("--package", default="libsymspg2", help="Debian runtime package of spglib (default libsymspg2)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)

    runtime = fetch(args.work, args.package)
    deb_version = deb_field(runtime, "Version")
    dev = fetch(args.work, "libsymspg-dev", deb_version)
    root = os.path.join(args.work, "x")
    for deb in (runtime, dev):
        run(["dpkg-deb", "-x", deb, root], args.work)
    libs = sorted(glob.glob(os.path.join(root, "usr", "lib", "*", "libsymspg.so.*.*")))
    if len(libs) != 1:
        sys.exit(f"expected one libsymspg.so.X.Y in {root}, found {libs}")
    header = os.path.join(root, "usr", "include", "spglib.h")
    copyright_file = os.path.join(root, "usr", "share", "doc", args.package, "copyright")

    lib = ctypes.CDLL(libs[0])
    if hasattr(lib, "spg_get_version"):  # spglib >= 2.1
        lib.spg_get_version.restype = ctypes.c_char_p
        version = lib.spg_get_version().decode()
    else:
        version = ".".join(str(getattr(lib, f"spg_get_{p}_version")()) for p in ("major", "minor", "micro"))

    class SpacegroupType(ctypes.Structure):
        _fields_ = struct_fields(header, "SpglibSpacegroupType")

    names = {n for n, _ in SpacegroupType._fields_}
    for needed in ("number", "hall_number", "hall_symbol", "international_short", "international_full",
                   "international", "choice"):
        if needed not in names:
            sys.exit(f"SpglibSpacegroupType in {header} has no '{needed}'")
    lib.spg_get_spacegroup_type.restype = SpacegroupType
    lib.spg_get_spacegroup_type.argtypes = [ctypes.c_int]
    lib.spg_get_symmetry_from_database.restype = ctypes.c_int
    lib.spg_get_symmetry_from_database.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    rotations = (ctypes.c_int * 9 * 192)()
    translations = (ctypes.c_double * 3 * 192)()

    rows = []
    for hall in range(1, 531):
        t = lib.spg_get_spacegroup_type(hall)
        if t.hall_number != hall or not 1 <= t.number <= 230:
            sys.exit(f"Hall number {hall}: spglib answered hall_number {t.hall_number}, number {t.number}")
        row = {k: getattr(t, k).decode() if isinstance(getattr(t, k), bytes) else getattr(t, k) for k in COLUMNS[:7]}
        for k, v in row.items():
            if isinstance(v, str) and ("\t" in v or "\n" in v or ";" in v):
                sys.exit(f"Hall number {hall}: {k} '{v}' has a tab, newline or ';'")
        n = lib.spg_get_symmetry_from_database(rotations, translations, hall)
        if not 1 <= n <= 192:
            sys.exit(f"Hall number {hall}: {n} operations")
        ops = []
        for k in range(n):
            r = [[rotations[k][3 * i + j] for j in range(3)] for i in range(3)]
            tr = [fraction(translations[k][i]) % 1 for i in range(3)]
            ops.append(xyz(r, tr))
        if len(set(ops)) != n:
            sys.exit(f"Hall number {hall}: repeated operations")
        row["operations"] = ";".join(ops)
        rows.append(row)

    numbers = {r["number"] for r in rows}
    if numbers != set(range(1, 231)):
        sys.exit(f"ITA numbers missing: {sorted(set(range(1, 231)) - numbers)}")
    # The C# lookup compares Hermann-Mauguin symbols case-insensitively: no two spellings may differ only in case.
    by_upper = {}
    for r in rows:
        for s in spellings(r):
            by_upper.setdefault(s.upper(), set()).add(s)
    clashes = {k: v for k, v in by_upper.items() if len(v) > 1}
    if clashes:
        sys.exit(f"symbols that differ only in case: {clashes}")

    command = "python3 scripts/generate-space-groups.py " + " ".join(sys.argv[1:])
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    n_ops = sum(r["operations"].count(";") + 1 for r in rows)
    with open(TSV, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# The 230 space groups in the 530 settings of spglib's database (Hall numbers 1..530), {n_ops} operations.\n")
        f.write(f"# Source: spglib {version} (https://github.com/spglib/spglib), Debian package {args.package} {deb_version},\n")
        f.write("#   through its C API: spg_get_spacegroup_type(hall_number), spg_get_symmetry_from_database(rotations, translations, hall_number).\n")
        f.write("# Licence: spglib is BSD-3-Clause; its notice is in SPGLIB-LICENSE.txt next to this file.\n")
        f.write(f"# Generated {today} by: {command.strip()}\n")
        f.write("# Operations: 'x,y,z' forms separated by ';', centring translations included, translations exact fractions in [0,1).\n")
        f.write("# Columns (tab-separated): " + " ".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(str(r[c]) for c in COLUMNS) + "\n")

    text = open(copyright_file, encoding="utf-8").read()
    stanza = re.search(r"^Files: \*\n(.*?)(?=\n\n)", text, flags=re.S | re.M)
    if not stanza or "BSD-3-Clause" not in stanza.group(1):
        sys.exit(f"{copyright_file}: no BSD-3-Clause 'Files: *' stanza")
    body = []
    for line in stanza.group(1).splitlines():
        if line.startswith(" "):
            line = line[1:]
            body.append("" if line == "." else line)
        else:
            body.append(line)
    upstream = re.search(r"^Upstream-Name: .*\n(?:Source: .*\n)?", text, flags=re.M)
    with open(LICENCE, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"space-groups.tsv is generated from spglib {version} (Debian package {args.package} {deb_version}).\n")
        f.write(f"spglib's copyright and licence, as /usr/share/doc/{args.package}/copyright states them (the C library, 'Files: *'):\n\n")
        if upstream:
            f.write(upstream.group(0))
        f.write("\n".join(body) + "\n")
    print(f"wrote {TSV}: {len(rows)} settings, {n_ops} operations (spglib {version}, {args.package} {deb_version})")
    print(f"wrote {LICENCE}")


if __name__ == "__main__":
    main()
