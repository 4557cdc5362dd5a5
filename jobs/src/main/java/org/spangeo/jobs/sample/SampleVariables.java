package org.spangeo.jobs.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.VariableSpec;

/**
 * Names, units and long names of the sample's variables, as ERA5 (CDS) writes them, and the
 * metadata of one yearly store: coordinates time (int64 "hours since 1900-01-01 00:00:00",
 * gregorian, as ERA5 counts it), level (int32 hPa), latitude (descending), longitude; float32
 * data variables with NaN fill, Blosc zstd compression, chunks of {@link SampleGrid#chunkSteps}
 * steps x one level x the whole box.
 */
public final class SampleVariables {
  private SampleVariables() {}

  /** {name, units, long_name, standard_name} of the level variables, in {@link Weather}'s order. */
  static final String[][] LEVEL = {
      {"temperature", "K", "Temperature", "air_temperature"},
      {"specific_humidity", "kg kg**-1", "Specific humidity", "specific_humidity"},
      {"u_component_of_wind", "m s**-1", "U component of wind", "eastward_wind"},
      {"v_component_of_wind", "m s**-1", "V component of wind", "northward_wind"},
      {"geopotential", "m**2 s**-2", "Geopotential", "geopotential"},
  };

  /** The same for the single-level variables. */
  static final String[][] SURFACE = {
      {"convective_available_potential_energy", "J kg**-1", "Convective available potential energy", null},
      {"convective_inhibition", "J kg**-1", "Convective inhibition", null},
      {"k_index", "K", "K index", null},
      {"boundary_layer_height", "m", "Boundary layer height", null},
      {"total_precipitation", "m", "Total precipitation", null},
      {"surface_pressure", "Pa", "Surface pressure", "surface_air_pressure"},
      {"sea_surface_temperature", "K", "Sea surface temperature", "sea_surface_temperature"},
      {"instantaneous_10m_wind_gust", "m s**-1", "Instantaneous 10 metre wind gust", "wind_speed_of_gust"},
  };

  public static final String LAND_SEA_MASK = "land_sea_mask";
  static final String TIME_UNITS = "hours since 1900-01-01 00:00:00";

  /** The data variables' names, in store order. */
  public static List<String> dataVariables() {
    List<String> out = new java.util.ArrayList<>();
    for (String[] v : LEVEL) out.add(v[0]);
    for (String[] v : SURFACE) out.add(v[0]);
    out.add(LAND_SEA_MASK);
    return out;
  }

  /** The layout of one year's store (public: tests plan on the sample's real chunks without its data). */
  public static DatasetSpec spec(SampleGrid g, int year) {
    int nt = g.stepsOf(year);
    int ct = g.chunkSteps(year);
    int nlev = SampleGrid.LEVELS.length;
    DatasetSpec spec = new DatasetSpec().attributes(globalAttributes(g));
    spec.coordinate(VariableSpec.coordinate("time", nt).times(CfTime.parse(TIME_UNITS, "gregorian"))
        .attributes(attrs("time", null, "time")).build(), g.timeMicros(year));
    double[] levels = new double[nlev];
    for (int l = 0; l < nlev; l++) levels[l] = SampleGrid.LEVELS[l];
    spec.coordinate(VariableSpec.coordinate("level", nlev).dtype(DType.INT32)
        .attributes(attrs("pressure_level", "millibars", null)).build(), levels);
    ObjectNode lat = attrs("latitude", "degrees_north", "latitude");
    spec.coordinate(VariableSpec.coordinate("latitude", g.nlat).dtype(DType.FLOAT32).fill(FillValue.NONE).attributes(lat).build(),
        g.latitudes());
    ObjectNode lon = attrs("longitude", "degrees_east", "longitude");
    spec.coordinate(VariableSpec.coordinate("longitude", g.nlon).dtype(DType.FLOAT32).fill(FillValue.NONE).attributes(lon).build(),
        g.longitudes());
    for (String[] v : LEVEL) {
      spec.variable(VariableSpec.float32(v[0], List.of("time", "level", "latitude", "longitude"),
          new long[] {nt, nlev, g.nlat, g.nlon}, new int[] {ct, 1, g.nlat, g.nlon}).withAttributes(attrs(v[2], v[1], v[3])));
    }
    for (String[] v : SURFACE) {
      spec.variable(VariableSpec.float32(v[0], List.of("time", "latitude", "longitude"), new long[] {nt, g.nlat, g.nlon},
          new int[] {ct, g.nlat, g.nlon}).withAttributes(attrs(v[2], v[1], v[3])));
    }
    ObjectNode lsm = attrs("Land-sea mask", "(0 - 1)", "land_binary_mask");
    lsm.put("comment", "static: the fraction of the grid box that is land; sea_surface_temperature is NaN where it is >= 0.5");
    spec.variable(VariableSpec.float32(LAND_SEA_MASK, List.of("latitude", "longitude"), new long[] {g.nlat, g.nlon},
        new int[] {g.nlat, g.nlon}).withAttributes(lsm));
    return spec;
  }

  private static ObjectNode attrs(String longName, String units, String standardName) {
    ObjectNode a = MetadataParser.JSON.createObjectNode();
    if (units != null) a.put("units", units);
    a.put("long_name", longName);
    if (standardName != null) a.put("standard_name", standardName);
    return a;
  }

  private static ObjectNode globalAttributes(SampleGrid g) {
    ObjectNode a = MetadataParser.JSON.createObjectNode();
    a.put("Conventions", "CF-1.6");
    a.put("title", "Spangeo synthetic ERA5-like sample, 10-40N 100-140E");
    a.put("source", "spangeo sample-data (" + g.describe() + "): invented fields, not ECMWF data");
    a.put("comment", "total_precipitation is metres per hour (x1000 for mm/h; a heavy-rain event is > 5 mm/h);"
        + " convective_inhibition is <= 0 (J/kg); land_sea_mask is static (latitude, longitude)");
    return a;
  }
}
