#!/usr/bin/env python3
"""Tie analysis behind docs/accuracy.md ("Imported checkpoints: fidelity"), standard library only.

For each structure that disagrees with the authors' prediction (DISAGREE csv: id,ours,authors,target,difference,
written from scripts/fidelity-mp2018.sh's output) with at most 40 atoms, an independent brute-force periodic neighbour
search (8 Å) gives the smallest gap between any atom's 12th and 13th neighbour distances. Writes id,atoms,difference,gap.
Usage: scripts/fidelity-ties.py DISAGREE.csv STRUCTURES.extxyz.gz OUT.csv
"""
import gzip, math, sys, re
dis = {}
for line in open(sys.argv[1]):
    f = line.strip().split(','); dis[f[0]] = float(f[4])
structs = {}
with gzip.open(sys.argv[2], 'rt') as fh:
    while True:
        l = fh.readline()
        if not l: break
        n = int(l); h = fh.readline()
        sid = re.search(r'struct_id=(\S+)', h).group(1)
        lat = [float(x) for x in re.search(r'Lattice="([^"]+)"', h).group(1).split()]
        pos = []
        for _ in range(n):
            p = fh.readline().split(); pos.append((float(p[1]), float(p[2]), float(p[3])))
        if sid in dis: structs[sid] = (lat, pos)
def gap(lat, pos, R=8.0):
    a = [lat[0:3], lat[3:6], lat[6:9]]
    def cross(u, v): return (u[1]*v[2]-u[2]*v[1], u[2]*v[0]-u[0]*v[2], u[0]*v[1]-u[1]*v[0])
    vol = sum(x*y for x, y in zip(a[0], cross(a[1], a[2])))
    b = [cross(a[1], a[2]), cross(a[2], a[0]), cross(a[0], a[1])]
    nk = [math.ceil(R * math.sqrt(sum(x*x for x in bb)) / abs(vol)) + 1 for bb in b]
    shifts = []
    for i in range(-nk[0], nk[0]+1):
        for j in range(-nk[1], nk[1]+1):
            for k in range(-nk[2], nk[2]+1):
                shifts.append(tuple(i*a[0][c] + j*a[1][c] + k*a[2][c] for c in range(3)))
    best = 1e9
    for pi in pos:
        ds = []
        for pj in pos:
            dx, dy, dz = pj[0]-pi[0], pj[1]-pi[1], pj[2]-pi[2]
            for s in shifts:
                x, y, z = dx+s[0], dy+s[1], dz+s[2]
                d2 = x*x+y*y+z*z
                if 1e-16 < d2 < R*R: ds.append(d2)
        ds.sort()
        if len(ds) > 12:
            best = min(best, math.sqrt(ds[12]) - math.sqrt(ds[11]))
    return best
order = sorted(structs, key=lambda s: len(structs[s][1]))
out = open(sys.argv[3], 'w')
for sid in order:
    lat, pos = structs[sid]
    if len(pos) > 40: continue
    g = gap(lat, pos)
    out.write(f"{sid},{len(pos)},{dis[sid]},{g}\n"); out.flush()
