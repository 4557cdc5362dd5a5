"""Writes small NetCDF files for the Java readers' tests (org.spangeo.jobs.convert).

usage: make_netcdf_samples.py OUTDIR

NetCDF-3 classic, 64-bit offset and 64-bit data (CDF-5) files written by netCDF4 (netCDF-C),
two NetCDF-3 files written by scipy.io.netcdf_file, and NetCDF-4 files with zlib+shuffle
chunked variables, an unlimited dimension, missing chunks, char and string variables. Prints
the file names, one a line.
"""
import os
import sys

import netCDF4
import numpy as np
from scipy.io import netcdf_file

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20240601)

SPECIAL_F = np.array([np.nan, -0.0, np.inf, -np.inf, 1e-45, 3.4e38, -1.5, 0.1])


def floats(shape, dtype):
    a = rng.normal(0, 1000, size=shape).astype(dtype)
    flat = a.reshape(-1)
    k = min(flat.size, SPECIAL_F.size)
    flat[:k] = SPECIAL_F[:k].astype(dtype)
    return a


def ints(shape, dtype):
    info = np.iinfo(dtype)
    a = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    flat = a.reshape(-1)
    if flat.size >= 2:
        flat[0], flat[1] = info.min, info.max
    return a


def values(shape, dtype):
    dt = np.dtype(dtype)
    return floats(shape, dt) if dt.kind == "f" else ints(shape, dt)


def nc3(name, fmt, extra_types=()):
    path = os.path.join(out, name)
    d = netCDF4.Dataset(path, "w", format=fmt)
    d.title = "sample " + fmt
    d.history = "written by make_netcdf_samples.py\nsecond line"
    d.byte_att = np.array([-128, 0, 127], dtype="i1")
    d.short_att = np.int16(-32768)
    d.int_att = np.array([1, -2, 2147483647], dtype="i4")
    d.float_att = np.float32(0.1)
    d.floats_att = np.array([np.nan, -0.0, 1.5], dtype="f4")
    d.double_att = np.float64(np.nan)
    d.doubles_att = np.array([1e300, -1e-300], dtype="f8")
    for t in extra_types:
        info = np.iinfo(t)
        d.setncattr(t + "_att", np.array([info.max], dtype=t))
        d.setncattr(t + "_atts", np.array([info.min, info.max, 7], dtype=t))
    d.createDimension("time", None)
    d.createDimension("y", 3)
    d.createDimension("x", 5)
    d.createDimension("nchar", 6)
    t = d.createVariable("time", "f8", ("time",))
    t.units = "days since 2000-01-01"
    t.calendar = "noleap"
    t[0:4] = [0.5, 1.5, 2.5, 3.5]
    y = d.createVariable("y", "i4", ("y",))
    y.units = "m"
    y[:] = [90, 0, -90]
    temp = d.createVariable("temp", "f4", ("time", "y", "x"), fill_value=np.float32(-9999.0))
    temp.scale_factor = np.float32(0.5)
    temp.add_offset = np.float32(273.15)
    temp.long_name = "temperature"
    temp.set_auto_maskandscale(False)  # store these values as they are
    temp[0:3] = floats((3, 3, 5), "f4")  # record 3 left as fill
    cnt = d.createVariable("count", "i2", ("time", "y"))
    cnt[:] = ints((4, 3), "i2")
    flag = d.createVariable("flag", "i1", ("time",))
    flag.flag_values = np.array([0, 1], dtype="i1")
    flag[:] = [1, -1, 0, 127]
    grid = d.createVariable("grid", "f8", ("y", "x"))
    grid[:] = floats((3, 5), "f8")
    bvar = d.createVariable("bvar", "i1", ("x",))  # 5 bytes: padded to 8 in the file
    bvar[:] = ints((5,), "i1")
    svar = d.createVariable("svar", "i2", ("x",))  # 10 bytes: padded to 12
    svar[:] = ints((5,), "i2")
    name_v = d.createVariable("name", "S1", ("y", "nchar"))
    name_v[:] = netCDF4.stringtochar(np.array(["north", "eq", "south"], dtype="S6"))
    scal = d.createVariable("scal", "f8", ())
    scal.units = "1"
    scal.assignValue(42.25)
    for t in extra_types:
        v = d.createVariable("v_" + t, t, ("y", "x"))
        v[:] = values((3, 5), t)
        r = d.createVariable("r_" + t, t, ("time", "x"))
        r[:] = values((4, 5), t)
    d.close()
    return name


def scipy_files():
    names = []
    p = os.path.join(out, "nc3_scipy.nc")
    f = netcdf_file(p, "w", version=1)
    f.title = b"scipy classic"
    f.createDimension("time", None)
    f.createDimension("x", 3)
    for code in ["b", "h", "i", "f", "d"]:
        v = f.createVariable("rec_" + code, code, ("time", "x"))
        v[:] = values((4, 3), {"b": "i1", "h": "i2", "i": "i4", "f": "f4", "d": "f8"}[code]).astype(">" + code if code != "b" else "b")
    v = f.createVariable("fixed", "d", ("x",))
    v[:] = floats((3,), "f8")
    v.units = b"K"
    f.close()
    names.append("nc3_scipy.nc")
    # One record variable of 3 shorts: netCDF-C does not pad between its records.
    p = os.path.join(out, "nc3_onerec.nc")
    d = netCDF4.Dataset(p, "w", format="NETCDF3_CLASSIC")
    d.createDimension("time", None)
    d.createDimension("x", 3)
    v = d.createVariable("s", "i2", ("time", "x"))
    v[0:5] = ints((5, 3), "i2")
    d.close()
    names.append("nc3_onerec.nc")
    p = os.path.join(out, "nc3_scipy_64bit.nc")
    f = netcdf_file(p, "w", version=2)
    f.createDimension("time", None)
    f.createDimension("x", 2)
    v = f.createVariable("b", "b", ("time",))  # one byte record variable
    v[:] = np.array([1, 2, 3, -4, 5], dtype="b")
    f.close()
    names.append("nc3_scipy_64bit.nc")
    return names


NUMERIC = ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"]


def nc4():
    p = os.path.join(out, "nc4.nc")
    d = netCDF4.Dataset(p, "w", format="NETCDF4")
    d.title = "sample NetCDF-4"
    d.int64_att = np.int64(-9223372036854775807)
    d.uint64_att = np.array([18446744073709551615], dtype="u8")
    d.ubyte_atts = np.array([0, 200, 255], dtype="u1")
    d.setncattr_string("strings_att", ["alpha", "beta", ""])
    d.setncattr_string("string_att", "just one")
    d.floats_att = np.array([np.nan, 2.5], dtype="f4")
    d.createDimension("time", None)
    d.createDimension("lat", 6)
    d.createDimension("lon", 8)
    d.createDimension("nchar", 5)
    d.createDimension("x", 2)
    t = d.createVariable("time", "f8", ("time",))
    t.units = "hours since 1990-01-01"
    t[0:3] = [0.0, 6.0, 12.0]
    lat = d.createVariable("lat", "f4", ("lat",))
    lat.units = "degrees_north"
    lat[:] = np.linspace(75, -75, 6)  # descending
    lon = d.createVariable("lon", "f8", ("lon",), contiguous=True)
    lon[:] = np.arange(8) * 45.0
    for ty in NUMERIC:
        v = d.createVariable("v_" + ty, ty, ("lat", "lon"), zlib=True, shuffle=True, complevel=4, chunksizes=(4, 3))
        v.long_name = "a " + np.dtype(ty).name + " variable"
        v[:] = values((6, 8), ty)
    temp = d.createVariable("temp", "f4", ("time", "lat", "lon"), zlib=True, shuffle=True, chunksizes=(2, 4, 4),
                            fill_value=np.float32(1e20))
    temp.units = "K"
    temp.scale_factor = np.float64(0.01)
    temp.set_auto_maskandscale(False)
    temp[0:5] = floats((5, 6, 8), "f4")  # 5 records: time (3 values) reads fill past its end
    big = d.createVariable("big", ">f8", ("lat", "lon"), endian="big", zlib=True, chunksizes=(3, 8))
    big[:] = floats((6, 8), "f8")
    bigc = d.createVariable("big_i4", ">i4", ("lat",), endian="big", contiguous=True)
    bigc[:] = ints((6,), "i4")
    sparse = d.createVariable("sparse", "i4", ("lat", "lon"), chunksizes=(2, 2), fill_value=np.int32(-1))
    sparse[2:4, 4:6] = [[1, 2], [3, 4]]  # one chunk of 12 written; the rest read as fill
    d.createVariable("empty", "f4", ("lat",))  # never written: default fill
    fl = d.createVariable("fletch", "i2", ("lat", "lon"), fletcher32=True, chunksizes=(6, 4))
    fl[:] = ints((6, 8), "i2")
    nm = d.createVariable("name", "S1", ("lat", "nchar"))
    nm[:] = netCDF4.stringtochar(np.array(["a", "bb", "ccc", "dddd", "eeeee", ""], dtype="S5"))
    lab = d.createVariable("label", str, ("lat",))
    for i in range(6):
        lab[i] = "label %d" % i
    sc = d.createVariable("scal", "i8", ())
    sc.assignValue(-5)
    nc = d.createVariable("x", "f4", ("lat",))  # named like dimension x, but along lat: _nc4_non_coord_x
    nc[:] = floats((6,), "f4")
    g = d.createGroup("grp")
    g.createDimension("z", 2)
    g.createVariable("inner", "f4", ("z",))[:] = [1, 2]
    d.close()
    return "nc4.nc"


def nc4_classic():
    p = os.path.join(out, "nc4_classic.nc")
    d = netCDF4.Dataset(p, "w", format="NETCDF4_CLASSIC")
    d.Conventions = "CF-1.8"
    d.createDimension("time", None)
    d.createDimension("y", 4)
    t = d.createVariable("time", "i4", ("time",))
    t[0:2] = [1, 2]
    v = d.createVariable("v", "i2", ("time", "y"), zlib=True, complevel=9, fill_value=np.int16(-32767))
    v.scale_factor = 0.1
    v.set_auto_maskandscale(False)
    v[0:2] = ints((2, 4), "i2")
    d.close()
    return "nc4_classic.nc"


names = [
    nc3("nc3_classic.nc", "NETCDF3_CLASSIC"),
    nc3("nc3_64bit.nc", "NETCDF3_64BIT_OFFSET"),
    nc3("nc3_cdf5.nc", "NETCDF3_64BIT_DATA", extra_types=("u1", "u2", "u4", "i8", "u8")),
]
names += scipy_files()
names += [nc4(), nc4_classic()]
print("\n".join(names))
