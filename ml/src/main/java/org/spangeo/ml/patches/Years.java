package org.spangeo.ml.patches;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;

/** {@code --years 2019,2020}: {@code ds.sel(time=ds.time.dt.year.isin([2019, 2020]))}. */
public final class Years {
  private Years() {}

  public static Selection select(Dataset ds, Selection s, int... years) {
    if (years == null || years.length == 0) return s;
    String t = ds.timeDim();
    if (t == null) throw new InvalidArgumentException("--years: the data has no time coordinate (dims: " + ds.dims().keySet() + ")");
    long[] times = ds.timeValues(t);
    boolean[] keep = new boolean[times.length];
    for (int i = 0; i < times.length; i++) {
      int y = Instant.ofEpochSecond(Math.floorDiv(times[i], 1_000_000L)).atZone(ZoneOffset.UTC).getYear();
      for (int want : years) keep[i] |= y == want;
    }
    Selection out = s.restrict(t, keep);
    if (out.count(t) == 0) {
      throw new InvalidArgumentException("--years " + Arrays.toString(years).replaceAll("[\\[\\] ]", "") + " selects no time step (the data runs from "
          + CfTime.format(times[0]) + " to " + CfTime.format(times[times.length - 1]) + ")");
    }
    return out;
  }

  /**
   * What a selection covers in time, for the record of which data fed which step: {"source": the
   * stores, "time_range": [first, last] (ISO), "years": [...]}; without a time dim only the source.
   */
  public static com.fasterxml.jackson.databind.node.ObjectNode describe(Dataset ds, Selection s) {
    com.fasterxml.jackson.databind.node.ObjectNode o = org.spangeo.zarr.metadata.MetadataParser.JSON.createObjectNode();
    o.put("source", String.join(",", ds.sources()));
    String t = ds.timeDim();
    if (t == null) return o;
    int[] idx = s.indices(t);
    if (idx.length == 0) return o;
    long[] times = ds.timeValues(t);
    o.putArray("time_range").add(CfTime.format(times[idx[0]])).add(CfTime.format(times[idx[idx.length - 1]]));
    java.util.TreeSet<Integer> years = new java.util.TreeSet<>();
    for (int i : idx) years.add(Instant.ofEpochSecond(Math.floorDiv(times[i], 1_000_000L)).atZone(ZoneOffset.UTC).getYear());
    com.fasterxml.jackson.databind.node.ArrayNode y = o.putArray("years");
    years.forEach(y::add);
    return o;
  }

  /** "2019-05-01T00:00:00 .. 2020-10-31T21:00:00 (2019, 2020)" from {@link #describe}. */
  public static String span(com.fasterxml.jackson.databind.JsonNode d) {
    if (d == null || !d.has("time_range")) return d == null ? "unrecorded" : d.path("source").asText();
    String years = d.has("years") ? d.get("years").toString().replaceAll("[\\[\\]]", "").replace(",", ", ") : "";
    return d.get("time_range").get(0).asText() + " .. " + d.get("time_range").get(1).asText() + (years.isEmpty() ? "" : " (" + years + ")");
  }

  /** "2019,2020" or "2019-2021" as years. */
  public static int[] parse(String spec) {
    if (spec == null || spec.isBlank()) return new int[0];
    try {
      java.util.List<Integer> out = new java.util.ArrayList<>();
      for (String p : spec.split(",")) {
        String q = p.trim();
        int dash = q.indexOf('-', 1);
        if (dash > 0) {
          int a = Integer.parseInt(q.substring(0, dash).trim());
          int b = Integer.parseInt(q.substring(dash + 1).trim());
          if (b < a) throw new NumberFormatException();
          for (int y = a; y <= b; y++) out.add(y);
        } else {
          out.add(Integer.parseInt(q));
        }
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("--years '" + spec + "' is not a list of years (2019,2020 or 2019-2020)");
    }
  }
}
