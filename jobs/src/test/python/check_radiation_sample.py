"""Checks that the radiation sample is shaped like the MAELSTROM 3dcorrection data and like
physics, not noise.

usage: check_radiation_sample.py STORE COLUMNS
"""
import sys

import numpy as np
import xarray as xr

ds = xr.open_zarr(sys.argv[1])
n = int(sys.argv[2])
shapes = {"sca_inputs": (n, 17), "col_inputs": (n, 137, 27), "hl_inputs": (n, 138, 2), "inter_inputs": (n, 136, 1),
          "flux_dn_sw": (n, 138), "flux_up_sw": (n, 138), "flux_dn_lw": (n, 138), "flux_up_lw": (n, 138)}
for v, s in shapes.items():
    assert ds[v].shape == s and ds[v].dtype == np.float32, (v, ds[v].shape, ds[v].dtype)
    assert np.isfinite(ds[v].values).all(), v
p = ds.hl_inputs.values[..., 0]
t = ds.hl_inputs.values[..., 1]
assert (np.diff(p, axis=1) > 0).all(), "half-level pressure rises downwards"
assert (p[:, 0] < 10).all() and (p[:, -1] > 70000).all() and (p[:, -1] < 102000).all(), "top near 0 Pa, surface near 1000 hPa"
assert (t > 150).all() and (t < 340).all(), "temperatures of an atmosphere"
ts = ds.sca_inputs.values[:, 0]
assert np.allclose(t[:, -1], ts), "the lowest half level is the skin"
# the troposphere cools upwards: 500 hPa is colder than the surface
mid = np.argmin(np.abs(p - 50000), axis=1)
assert (t[np.arange(n), mid] < ts - 15).all(), "lapse rate"
q = ds.col_inputs.values[..., 0]
assert (q[:, -1] > q[:, 60]).all() and (q >= 0).all(), "humidity falls with height"
mu0 = ds.sca_inputs.values[:, 1]
dn_sw, up_sw = ds.flux_dn_sw.values, ds.flux_up_sw.values
dn_lw, up_lw = ds.flux_dn_lw.values, ds.flux_up_lw.values
for f in (dn_sw, up_sw, dn_lw, up_lw):
    assert (f >= 0).all(), "fluxes are positive"
assert np.allclose(dn_sw[:, 0], 1361 * mu0, rtol=1e-5), "top-of-atmosphere shortwave is S0 cos(zenith)"
night = mu0 == 0
assert night.any() and (~night).any() and (dn_sw[night] == 0).all(), "no sunlight at night"
assert (np.diff(dn_sw[~night], axis=1) <= 1e-3).all(), "shortwave is absorbed on the way down"
assert (dn_lw[:, 0] == 0).all() and (dn_lw[:, -1] > 100).all(), "no longwave comes from space; the sky glows near the ground"
sigma = 5.670374e-8
assert np.allclose(up_lw[:, -1], sigma * ts.astype("float64") ** 4, rtol=0.06), "the surface emits sigma T^4"
assert (up_lw[:, 0] < up_lw[:, -1]).all(), "outgoing longwave is less than the surface's"
assert (dn_sw[:, -1] * 0.9 >= up_sw[:, -1] - 1e-3).all(), "the surface reflects less than it gets"
print("ok", n)
