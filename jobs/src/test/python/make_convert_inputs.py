"""Writes small NetCDF files for the convert command's tests (ConvertCommandTest).

usage: make_convert_inputs.py OUTDIR

  series_a.nc, series_b.nc   NetCDF-4, unlimited time, one day each, in different time units;
                             float32 with _FillValue, packed int16 (scale/offset/_FillValue,
                             a different scale per file), int8 with missing_value, plain
                             int32 and uint8, a scalar, time bounds, a static variable
  nc3_1990.nc, nc3_1991.nc   NetCDF-3 classic / 64-bit offset, record dim time, dims without
                             coordinates, an _Unsigned byte with _FillValue, float64 data
  chars.nc                   NetCDF-4 with a char variable (and a string variable)
  mismatch.nc                like series_a but with 3 latitudes
  overlap.nc                 like series_b, but starting inside series_a's day
  noleap.nc                  NetCDF-3 with a noleap calendar
  bigint.nc                  NetCDF-4 int64 beyond 2^53 (exactly not representable as float64)
  not_netcdf.nc              a text file
Prints the file names, one a line.
"""
import os
import sys

import netCDF4
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20240607)
names = []

LAT = np.array([10, 5, 0, -5], dtype="f4")
LON = np.array([100, 101, 102, 103, 104], dtype="f8")


def series(name, units, times, scale, lat=LAT, history="first"):
    p = os.path.join(out, name)
    d = netCDF4.Dataset(p, "w", format="NETCDF4")
    d.title = "convert test series"
    d.Conventions = "CF-1.8"
    d.history = "written by make_convert_inputs.py (" + history + ")"
    d.float32_att = np.float32(0.1)
    d.ints_att = np.array([1, 2, 3], dtype="i4")
    nt = len(times)
    d.createDimension("time", None)
    d.createDimension("nv", 2)
    d.createDimension("level", 2)
    d.createDimension("lat", len(lat))
    d.createDimension("lon", len(LON))
    t = d.createVariable("time", "f8", ("time",))
    t.units = units
    t.calendar = "gregorian"
    t.standard_name = "time"
    t.bounds = "time_bnds"
    t[:] = times
    tb = d.createVariable("time_bnds", "f8", ("time", "nv"))
    step = times[1] - times[0]
    tb[:] = np.stack([np.asarray(times) - step / 2, np.asarray(times) + step / 2], axis=1)
    lev = d.createVariable("level", "i4", ("level",))
    lev.units = "hPa"
    lev[:] = [850, 500]
    la = d.createVariable("lat", "f4", ("lat",))
    la.units = "degrees_north"
    la[:] = lat
    lo = d.createVariable("lon", "f8", ("lon",))
    lo.units = "degrees_east"
    lo[:] = LON
    shape4 = (nt, 2, len(lat), len(LON))
    t2m = d.createVariable("t2m", "f4", ("time", "level", "lat", "lon"), fill_value=np.float32(-9999.0),
                           zlib=True, chunksizes=(2, 1, 2, 5))
    t2m.units = "K"
    t2m.long_name = "temperature"
    t2m.valid_range = np.array([150, 350], dtype="f4")
    vals = (rng.normal(280, 10, size=shape4)).astype("f4")
    vals[0, 0, 0, :2] = np.nan  # written as the fill value
    t2m[:] = vals
    shape3 = (nt, len(lat), len(LON))
    tp = d.createVariable("tp", "i2", ("time", "lat", "lon"), fill_value=np.int16(-32767))
    tp.scale_factor = np.float32(scale)
    tp.add_offset = np.float32(1.5)
    tp.units = "mm"
    tp.set_auto_maskandscale(False)
    packed = rng.integers(-30000, 30000, size=shape3, dtype="i2")
    packed[0, 1, 1] = -32767
    tp[:] = packed
    rh = d.createVariable("rh", "i2", ("time", "lat", "lon"))
    rh.scale_factor = np.float32(0.01)
    rh.units = "1"
    rh.set_auto_maskandscale(False)
    rh[:] = rng.integers(0, 10000, size=shape3, dtype="i2")
    mask = d.createVariable("mask", "i1", ("lat", "lon"))
    mask.missing_value = np.int8(-1)
    mask.flag_meanings = "sea land"
    mask.set_auto_maskandscale(False)
    m = (np.arange(len(lat) * len(LON)) % 3 - 1).astype("i1").reshape(len(lat), len(LON))
    mask[:] = m
    cnt = d.createVariable("count", "i4", ("time", "lat"))
    cnt[:] = rng.integers(-1000, 1000, size=(nt, len(lat)), dtype="i4")
    q = d.createVariable("quality", "u1", ("time", "lon"))
    q[:] = rng.integers(0, 255, size=(nt, len(LON)), dtype="u1")
    crs = d.createVariable("crs", "i4", ())
    crs.grid_mapping_name = "latitude_longitude"
    crs.assignValue(0)
    d.close()
    names.append(name)


# one day in hours since 2000-01-01, the next in days since 2000-01-02 (written second, read first)
series("series_a.nc", "hours since 2000-01-01 00:00:00", [0.0, 6.0, 12.0, 18.0, 24.0], 0.01)
series("series_b.nc", "days since 2000-01-02", [0.25, 0.5, 0.75, 1.0], 0.02, history="second")
series("mismatch.nc", "days since 2000-01-03", [0.25, 0.5], 0.01, lat=LAT[:3])
series("overlap.nc", "days since 2000-01-01", [0.5, 0.75, 1.0, 1.25], 0.01)


def nc3(name, fmt, start, n):
    p = os.path.join(out, name)
    d = netCDF4.Dataset(p, "w", format=fmt)
    d.source = "convert test " + fmt
    d.createDimension("time", None)
    d.createDimension("y", 3)
    d.createDimension("x", 4)
    t = d.createVariable("time", "i4", ("time",))
    t.units = "days since 1990-01-01"
    t[:] = np.arange(start, start + n)
    sst = d.createVariable("sst", "f8", ("time", "y", "x"))
    sst.units = "degC"
    sst[:] = rng.normal(15, 5, size=(n, 3, 4))
    flag = d.createVariable("flag", "i1", ("time", "x"), fill_value=np.int8(-1))
    flag.set_auto_maskandscale(False)
    flag._Unsigned = "true"
    f = rng.integers(-128, 127, size=(n, 4), dtype="i1")
    f[0, 0] = -1  # 255 unsigned: the fill value
    f[0, 1] = -2  # 254 unsigned
    flag[:] = f
    h = d.createVariable("height", "f4", ("y", "x"))
    h[:] = np.arange(12, dtype="f4").reshape(3, 4)
    d.close()
    names.append(name)


nc3("nc3_1990.nc", "NETCDF3_CLASSIC", 0, 5)
nc3("nc3_1991.nc", "NETCDF3_64BIT_OFFSET", 365, 6)

p = os.path.join(out, "chars.nc")
d = netCDF4.Dataset(p, "w", format="NETCDF4")
d.createDimension("station", 3)
d.createDimension("nchar", 8)
d.createDimension("time", 2)
t = d.createVariable("time", "i8", ("time",))
t.units = "minutes since 2010-05-01 12:00"
t[:] = [0, 90]
nm = d.createVariable("station_name", "S1", ("station", "nchar"))
nm[:] = netCDF4.stringtochar(np.array(["alpha", "beta", "gamma"], dtype="S8"))
lab = d.createVariable("label", str, ("station",))
for i in range(3):
    lab[i] = "label %d" % i
obs = d.createVariable("obs", "f4", ("time", "station"))
obs.coordinates = "station_name"
obs[:] = rng.normal(0, 1, size=(2, 3)).astype("f4")
d.close()
names.append("chars.nc")

p = os.path.join(out, "noleap.nc")
d = netCDF4.Dataset(p, "w", format="NETCDF3_CLASSIC")
d.createDimension("time", None)
d.createDimension("x", 3)
t = d.createVariable("time", "f8", ("time",))
t.units = "days since 2001-01-01"
t.calendar = "noleap"
t[:] = [58.0, 59.0, 60.0]
v = d.createVariable("v", "f4", ("time", "x"))
v[:] = np.arange(9, dtype="f4").reshape(3, 3)
d.close()
names.append("noleap.nc")

p = os.path.join(out, "bigint.nc")
d = netCDF4.Dataset(p, "w", format="NETCDF4")
d.createDimension("x", 3)
v = d.createVariable("ids", "i8", ("x",))
v[:] = np.array([1, 2, 2**60 + 1], dtype="i8")
w = d.createVariable("w", "f4", ("x",))
w[:] = [1, 2, 3]
d.close()
names.append("bigint.nc")

with open(os.path.join(out, "not_netcdf.nc"), "w") as f:
    f.write("this is not a NetCDF file\n")
names.append("not_netcdf.nc")

print("\n".join(names))
