package org.spangeo.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Prints issue #14's table from the figures the suites of one {@code scripts/bench} run recorded
 * ({@link BenchResults}): each target, the measured value with its peer from the same run, and
 * whether the target is met. Rows whose suite did not run are left out.
 *
 * <p>usage: BenchSummary RESULTS_FILE
 */
public final class BenchSummary {
  private BenchSummary() {}

  private static Map<String, String> r;

  public static void main(String[] args) throws Exception {
    r = BenchResults.read(Path.of(args[0]));
    if (r.isEmpty()) return;
    System.out.println();
    System.out.println("=== issue #14: targets and this run's figures (ratios against the peer measured in the same run)");
    System.out.printf(Locale.ROOT, "%-4s %-58s %-44s %s%n", "item", "target", "measured", "met");
    String clim = "e2e.spangeo_climatology";
    String pyClim = "e2e.xarray_climatology";
    if (has(clim + ".wall") && has(pyClim + ".wall")) {
      row("1", "climatology, 8 small-chunk stores, end to end >= 2.5x", ratio(pyClim, clim), v(pyClim + ".wall") / v(clim + ".wall") >= 2.5);
    }
    if (has("e2e.spangeo_anomaly.wall") && has("e2e.xarray_anomaly.wall")) {
      row("1", "anomaly, 8 small-chunk stores, end to end >= 2.5x", ratio("e2e.xarray_anomaly", "e2e.spangeo_anomaly"),
          v("e2e.xarray_anomaly.wall") / v("e2e.spangeo_anomaly.wall") >= 2.5);
    }
    // one pair of rows per big-chunk store (one-step 721 x 1440 chunks), by its decoded size
    java.util.Set<String> sizes = new java.util.LinkedHashSet<>();
    for (String k : r.keySet()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:e2e\\.spangeo_climatology_big_chunks|insession\\.big\\.)_?(\\w+?)\\.(?:wall|clim)")
          .matcher(k);
      if (m.matches()) sizes.add("_" + m.group(1));
    }
    for (String sz : sizes) {
      String label = sz.replaceAll("^_(\\d+)_mib$", "$1 MiB");
      String xc = "e2e.xarray_climatology_big_chunks" + sz;
      String xa = "e2e.xarray_anomaly_big_chunks" + sz;
      if (has(xc + ".wall")) {
        row("1", "climatology, big chunks " + label + ", end to end >= 2x", ratio(xc, "e2e.spangeo_climatology_big_chunks" + sz),
            v(xc + ".wall") / v("e2e.spangeo_climatology_big_chunks" + sz + ".wall") >= 2);
        row("1", "anomaly, big chunks " + label + ", end to end >= 2x", ratio(xa, "e2e.spangeo_anomaly_big_chunks" + sz),
            v(xa + ".wall") / v("e2e.spangeo_anomaly_big_chunks" + sz + ".wall") >= 2);
      }
      String is = "insession.big." + sz.substring(1);
      if (has(is + ".clim") && has(is + ".pyclim") && !Double.isNaN(v(is + ".pyclim"))) {
        row("1", "climatology, big chunks " + label + ", in one Spark session >= 2x", String.format(Locale.ROOT, "%.2fx (%.2f s vs %.2f s)",
            v(is + ".pyclim") / v(is + ".clim"), v(is + ".clim"), v(is + ".pyclim")), v(is + ".pyclim") / v(is + ".clim") >= 2);
        row("1", "anomaly, big chunks " + label + ", in one Spark session", String.format(Locale.ROOT, "%.2fx (%.2f s vs %.2f s)",
            v(is + ".pyanom") / v(is + ".anom"), v(is + ".anom"), v(is + ".pyanom")), null);
      }
    }
    if (has("chunk.clim.us")) {
      double over = v("chunk.clim.us") - v("chunk.decode.us");
      row("2", "CPU per 96 KiB chunk beyond decoding <= 100 us", String.format(Locale.ROOT,
          "%.0f us (decode %.0f, scan %.0f, clim %.0f us)", over, v("chunk.decode.us"), v("chunk.scan.us"),
          v("chunk.clim.us")), over <= 100);
      row("2", "chunks/s per core: decode alone / scan / climatology", String.format(Locale.ROOT, "%,.0f / %,.0f / %,.0f",
          1e6 / v("chunk.decode.us"), 1e6 / v("chunk.scan.us"), 1e6 / v("chunk.clim.us")), null);
    }
    if (has("e2e.spangeo_inspect.wall")) {
      String py = "e2e.xarray_print_open_mfdataset_";
      row("3", "inspect of the 8 stores no slower than xarray's print", String.format(Locale.ROOT, "%.2f s vs %.2f s",
          v("e2e.spangeo_inspect.wall"), v(py + ".wall")), v("e2e.spangeo_inspect.wall") <= v(py + ".wall"));
      row("3", "one-chunk climatology within 2 s of inspect", String.format(Locale.ROOT, "%.2f s vs %.2f s",
          v("e2e.spangeo_climatology_one_chunk.wall"), v("e2e.spangeo_inspect.wall")),
          v("e2e.spangeo_climatology_one_chunk.wall") - v("e2e.spangeo_inspect.wall") <= 2);
    }
    if (has("scan.small.ratio")) row("4", "scan >= 0.70 of bare decode, small chunks", String.format(Locale.ROOT, "%.2f",
        v("scan.small.ratio")), v("scan.small.ratio") >= 0.7);
    if (has("scan.big.ratio")) row("4", "scan >= 0.70 of bare decode, big chunks", String.format(Locale.ROOT, "%.2f",
        v("scan.big.ratio")), v("scan.big.ratio") >= 0.7);
    if (has("patches.ratio")) {
      row("5", "patches >= 3x the numpy peer, same codec (blosc lz4)", String.format(Locale.ROOT, "%.2fx (%,.0f vs %,.0f patches/s)",
          v("patches.ratio.samecodec"), v("patches.spangeo.lz4"), v("patches.numpy")), v("patches.ratio.samecodec") >= 3);
      row("5", "patches, spangeo's default codec (zstd) vs the peer (lz4)", String.format(Locale.ROOT, "%.2fx (%,.0f patches/s)",
          v("patches.ratio"), v("patches.spangeo")), null);
      if (has("patches.xbatcher.dask")) {
        row("5", "patches vs xbatcher + dask (lazy store, same lz4 codec)", String.format(Locale.ROOT, "%.2fx (%,.0f patches/s)",
            v("patches.spangeo.lz4") / v("patches.xbatcher.dask"), v("patches.xbatcher.dask")), null);
        row("5", "patches vs xbatcher on the store loaded first", String.format(Locale.ROOT, "%.2fx (%,.0f patches/s)",
            v("patches.spangeo.lz4") / v("patches.xbatcher.loaded"), v("patches.xbatcher.loaded")), null);
      } else {
        row("5", "xbatcher + dask", r.getOrDefault("patches.xbatcher.missing", "not run"), null);
      }
    }
    if (has("lin.2.wall") && has("lin.8.wall")) {
      row("6", "climatology grows linearly: 2 / 4 / 8 years", String.format(Locale.ROOT, "%.2f / %.2f / %.2f s; %.0f / %.0f / %.0f tasks",
          v("lin.2.wall"), v("lin.4.wall"), v("lin.8.wall"), v("lin.2.tasks"), v("lin.4.tasks"), v("lin.8.tasks")),
          v("lin.8.wall") / v("lin.2.wall") <= 4 * 1.25);
    }
    if (has("plan.million.s")) row("6", "planning ~1,000,000 chunks: a few seconds", String.format(Locale.ROOT, "%.2f s (%,.0f chunks)",
        v("plan.million.s"), v("plan.million.chunks")), v("plan.million.s") <= 5);
    for (Map.Entry<String, String> e : r.entrySet()) {
      if (e.getKey().startsWith("load.")) System.out.println("load average (1, 5, 15 min) " + e.getKey().substring(5) + ": " + e.getValue());
    }
  }

  static String ratio(String peer, String own) {
    return String.format(Locale.ROOT, "%.2fx (%.2f s vs %.2f s; cpu %.1f vs %.1f s)", v(peer + ".wall") / v(own + ".wall"),
        v(own + ".wall"), v(peer + ".wall"), v(own + ".cpu"), v(peer + ".cpu"));
  }

  static void row(String item, String target, String measured, Boolean met) {
    System.out.printf(Locale.ROOT, "%-4s %-58s %-44s %s%n", item, target, measured, met == null ? "" : met ? "yes" : "NO");
  }

  static boolean has(String k) {
    return r.containsKey(k);
  }

  static double v(String k) {
    String s = r.get(k);
    return s == null ? Double.NaN : Double.parseDouble(s);
  }
}
