"""The selection options of a spangeo command, applied with xarray as the check scripts' reference."""


def select(ds, args):
    """--isel on the input's indices first, then --vars, --lat, --lon, --months, --time (a range,
    or time_sel: a partial date as sel(time="2019-06")) and --level, from the check's JSON args."""
    if args.get("isel"):
        ds = ds.isel({d: slice(*v) for d, v in args["isel"].items()})
    if args.get("vars"):
        ds = ds[args["vars"]]
    if args.get("lat"):
        ds = ds.sel(latitude=slice(*args["lat"]))
    if args.get("lon"):
        ds = ds.sel(longitude=slice(*args["lon"]))
    if args.get("months"):
        ds = ds.sel(time=ds.time.dt.month.isin(args["months"]))
    if args.get("time"):
        ds = ds.sel(time=slice(*args["time"]))
    if args.get("time_sel"):
        ds = ds.sel(time=args["time_sel"])
    if args.get("level"):
        ds = ds.sel(level=args["level"])
    return ds
