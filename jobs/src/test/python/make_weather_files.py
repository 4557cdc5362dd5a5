"""Per-day HDF5 files of the blocked-algorithms notebook's weather exercise (prep.py -d weather,
small): DIR/YYYY-MM-DD.hdf5 with one 2-D float32 dataset /t2m, no dims or time axis.

usage: make_weather_files.py DIR DAYS
"""
import os
import sys

import h5py
import numpy as np

out, days = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(5)
ny, nx = 40, 80
lat = np.linspace(80, -80, ny)[:, None]
lon = np.linspace(0, 360, nx, endpoint=False)[None, :]
for d in range(days):
    t2m = 288 - 30 * np.sin(np.deg2rad(lat)) ** 2 + 5 * np.cos(np.deg2rad(lon - 10 * d)) + rng.standard_normal((ny, nx))
    with h5py.File(os.path.join(out, f"2014-01-{d + 1:02d}.hdf5"), "w") as f:
        f.create_dataset("/t2m", data=t2m.astype("float32"))
print("ok")
