"""Checks the outputs of the pipeline test against xarray on the same stores.

usage: check_pipeline.py OUT_DIR
"""
import sys

import numpy as np
import xarray as xr

out = sys.argv[1]
summer = xr.open_zarr(f"{out}/summer.zarr")
clim = xr.open_zarr(f"{out}/clim.zarr")
anom = xr.open_zarr(f"{out}/anom.zarr")
series = xr.open_zarr(f"{out}/series.zarr")
exp_clim = summer.t2m.astype("f8").groupby("time.month").mean()
np.testing.assert_allclose(clim.t2m.values, exp_clim.values, rtol=1e-6)
exp_anom = summer.t2m.astype("f8").groupby("time.month") - exp_clim
np.testing.assert_allclose(anom.t2m.values, exp_anom.values, rtol=1e-5, atol=1e-4)
w = np.cos(np.deg2rad(anom.latitude))
exp_series = anom.t2m.astype("f8").weighted(w).mean(("latitude", "longitude"))
np.testing.assert_allclose(series.t2m.values, exp_series.values, rtol=1e-5, atol=1e-5)
assert series.t2m.dims == ("time",), series.t2m.dims
print("ok")
