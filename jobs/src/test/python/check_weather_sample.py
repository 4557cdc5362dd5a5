"""Checks `spangeo sample-data --kind weather`: daily HDF5 files as the blocked-algorithms
notebook's prep.py -d weather makes them (one 2-D float32 dataset /t2m, no dims, no time axis),
read with h5py, and weather-like: poles colder than the tropics, days that differ.

usage: check_weather_sample.py FILE...
"""
import sys

import h5py
import numpy as np

days = []
for f in sys.argv[1:]:
    with h5py.File(f, "r") as h:
        assert list(h.keys()) == ["t2m"], list(h.keys())
        d = h["/t2m"]
        assert d.shape == (180, 360) and d.dtype == np.float32, (d.shape, d.dtype)
        assert "DIMENSION_LIST" not in d.attrs, "no dims: the files have no coordinates"
        days.append(d[...])
x = np.stack(days)
assert np.isfinite(x).all()
zonal = x.mean(axis=(0, 2))
assert 180 < zonal.min() and zonal.max() < 320, (zonal.min(), zonal.max())
assert zonal[0] < zonal[90] - 30 and zonal[-1] < zonal[90] - 30, "poles colder than the tropics"
assert np.abs(np.diff(x, axis=0)).mean() > 0.5, "the days differ"
print("ok", x.size)
