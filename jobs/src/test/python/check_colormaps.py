"""Checks every colour of spangeo plot's colour-map table against matplotlib's maps.

usage: check_colormaps.py TABLE
Prints "ok <maps> <colours>".
"""
import sys

import matplotlib
import numpy as np

n = 0
maps = 0
for line in open(sys.argv[1]):
    if not line.strip() or line.startswith("#"):
        continue
    name, hexs = line.split()
    ours = np.array([[int(hexs[6 * i + 2 * k:6 * i + 2 * k + 2], 16) for k in range(3)] for i in range(len(hexs) // 6)])
    ref = np.round(matplotlib.colormaps[name](np.arange(256))[:, :3] * 255).astype(int)
    assert ours.shape == (256, 3), (name, ours.shape)
    assert (ours == ref).all(), f"{name}: colour {np.argwhere((ours != ref).any(axis=1))[0][0]} differs from matplotlib's"
    n += len(ours)
    maps += 1
print("ok", maps, n)
