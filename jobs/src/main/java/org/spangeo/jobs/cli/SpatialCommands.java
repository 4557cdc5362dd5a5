package org.spangeo.jobs.cli;

import java.util.List;
import java.util.Locale;
import org.spangeo.jobs.stages.Coarsen;
import org.spangeo.jobs.stages.Points;
import org.spangeo.jobs.stages.Regrid;
import org.spangeo.jobs.stages.StageInput;
import org.spangeo.jobs.stages.StageResult;
import org.spangeo.jobs.stages.Stat;
import org.spangeo.zarr.dataset.DimSizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The commands that change the horizontal grid: coarsen, regrid, points. */
final class SpatialCommands {
  private SpatialCommands() {}

  @Command(name = "coarsen", mixinStandardHelpOptions = true,
      description = {"Block-reduce along dims: ds.coarsen(latitude=4, longitude=4, boundary=...).mean(). The coarsened",
          "coordinate is the mean of each window's coordinates; NaN is skipped (xarray's skipna).",
          "--boundary exact (default, as xarray) refuses a dim that is not a multiple of its factor; trim drops",
          "the ragged end; pad keeps it as a partial window (NaN padding).",
          "Example, 0.25 to 1 degree: spangeo coarsen --in 'data/era5/era5_*.zarr' --vars temperature --factor latitude=4,longitude=4 --boundary trim --out out/1deg.zarr"})
  static final class CoarsenCommand extends AnalysisCommand {
    @Option(names = "--factor", required = true, paramLabel = "DIM=N[,DIM=N]", description = "Window sizes: latitude=4,longitude=4.")
    String factor;

    @Option(names = "--stat", defaultValue = "mean", paramLabel = "STAT", description = "mean (default), sum, min, max, std.")
    String stat;

    @Option(names = "--boundary", defaultValue = "exact", paramLabel = "B", description = "exact (default), trim or pad.")
    String boundary;

    @Override protected String what(StageInput in) { return "coarsen " + factor + " (" + stat + ", boundary " + boundary + ")"; }
    @Override protected String args() { return factor + ("mean".equals(stat) ? "" : " " + stat); }

    @Override
    protected StageResult run(StageInput in) {
      return Coarsen.compute(in, DimSizes.parse(factor, "--factor", 1, "latitude=4,longitude=4"), Coarsen.Boundary.parse(boundary),
          Stat.parse(stat), output.compressor);
    }
  }

  @Command(name = "regrid", mixinStandardHelpOptions = true,
      description = {"Interpolate onto a regular lat/lon grid: ds.interp(latitude=lat1, longitude=lon1, method=...).",
          "The grid is the multiples of --res inside the source's extent, in the source's direction (a descending",
          "latitude stays descending).",
          "bilinear: NaN if any of the four cells is NaN (as xarray); nearest: ties go to the lower coordinate.",
          "Example: spangeo regrid --in 'data/era5/era5_*.zarr' --vars temperature --res 1.0 --method bilinear --out out/regrid.zarr"})
  static final class RegridCommand extends AnalysisCommand {
    @Option(names = "--res", required = true, paramLabel = "DEG", description = "Target grid step in degrees, > 0: 1.0.")
    double res;

    @Option(names = "--method", defaultValue = "bilinear", paramLabel = "M", description = "bilinear (default) or nearest.")
    String method;

    @Override protected String what(StageInput in) { return "regrid to " + res + " degrees (" + method + ")"; }
    @Override protected String args() { return SelectionWords.number(res) + "deg " + method; }

    @Override
    protected StageResult run(StageInput in) {
      return Regrid.compute(in, res, Regrid.Method.parse(method), output.compressor);
    }
  }

  @Command(name = "points", mixinStandardHelpOptions = true,
      description = {"Time series at several points, nearest grid cells: ds.sel(latitude=xr.DataArray(lats, dims='point'),",
          "longitude=xr.DataArray(lons, dims='point'), method='nearest'). latitude and longitude become a 'point' dim;",
          "the output has latitude(point), longitude(point) (nearest grid values) and requested_latitude(point),",
          "requested_longitude(point). A point more than one grid step outside the grid is an error.",
          "Example (Taipei, Taichung, Kaohsiung): spangeo points --in 'data/era5/era5_*.zarr' --vars temperature --point 25.03,121.56",
          "  --point 24.15,120.67 --point 22.63,120.30 --out out/cities.zarr"})
  static final class PointsCommand extends AnalysisCommand {
    {
      selection.pointsAsDim();
    }

    @Override
    protected String what(StageInput in) {
      return String.format(Locale.ROOT, "time series at %d point%s (%s)", selection.points().size(), selection.points().size() == 1 ? "" : "s",
          Points.describe(selection.points()));
    }

    @Override
    protected StageResult run(StageInput in) {
      List<double[]> pts = selection.points();
      return Points.compute(in, pts, output.compressor);
    }
  }
}
