#!/usr/bin/python3
"""Writes ase-fixture.db (ASE's SQLite database) and ase-fixture.extxyz (its extended-XYZ export), both by ASE itself.

Run with Debian's python3-ase 3.22.1: /usr/bin/python3 make_ase_fixture.py (in this folder). The structures are built
with ASE's own builders and lattice constants (ase.build.bulk), slightly displaced with a fixed seed so that no
coordinate is special; one row is a molecule without periodic boundaries, which a crystal reader must refuse.
"""
import os
import numpy as np
from ase.build import bulk, molecule
from ase.db import connect
from ase.io import write

rng = np.random.default_rng(7)
crystals = [
    ("si", bulk("Si", "diamond", a=5.43), -5.42),
    ("nacl", bulk("NaCl", "rocksalt", a=5.64), -3.61),
    ("cu", bulk("Cu", "fcc", a=3.61), -3.72),
    ("fe_cubic", bulk("Fe", "bcc", a=2.87, cubic=True), -8.47),
    ("zno", bulk("ZnO", "wurtzite", a=3.25, c=5.21), -4.55),
    ("mgo_222", bulk("MgO", "rocksalt", a=4.21).repeat((2, 2, 2)), -5.95),
    ("ti_hcp", bulk("Ti", "hcp", a=2.95, c=4.68), -7.89),
]
for path in ("ase-fixture.db", "ase-fixture.extxyz"):
    if os.path.exists(path):
        os.remove(path)
db = connect("ase-fixture.db")
frames = []
for name, atoms, target in crystals:
    atoms.positions += rng.normal(0, 0.02, atoms.positions.shape)
    db.write(atoms, struct_id=name, target=target)
    atoms.info["struct_id"] = name
    atoms.info["target"] = target
    frames.append(atoms)
db.write(molecule("H2O"), struct_id="water_molecule", target=0.0)
write("ase-fixture.extxyz", frames, format="extxyz")
print(f"{len(frames)} crystals + 1 molecule written")
