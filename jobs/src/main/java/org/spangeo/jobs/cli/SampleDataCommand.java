package org.spangeo.jobs.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spangeo.jobs.sample.SampleData;
import org.spangeo.jobs.sample.SampleGrid;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.store.HadoopConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spangeo sample-data}: a synthetic ERA5-like archive for 10-40N 100-140E, one Zarr
 * store per year named like the real one, generated chunk by chunk in Spark tasks.
 */
@Command(name = "sample-data", mixinStandardHelpOptions = true,
    description = {"Write a synthetic ERA5-like sample, one Zarr store per year.",
        "Stores are named like the archive's: era5_2019_10N40N_100E140E.zarr.",
        "10-40N 100-140E, levels 1000, 925, 850, 700, 500 hPa. On levels:",
        "temperature, specific_humidity, u/v_component_of_wind, geopotential.",
        "Single level: CAPE, CIN (<= 0), k_index, boundary_layer_height,",
        "total_precipitation (m per hour; x1000 > 5 is a heavy-rain event),",
        "surface_pressure, sea_surface_temperature (NaN over land),",
        "instantaneous_10m_wind_gust; static land_sea_mask (latitude, longitude).",
        "Diurnal, seasonal and monsoon cycles, eastward-moving waves; heavy rain",
        "made likely by CAPE, weak CIN, K-index and afternoon heating.",
        "The same seed gives the same bytes, however Spark splits the work.",
        "Example (the default: 2019-2022, 1.0 deg, 3-hourly, 790 MB):",
        "  spangeo sample-data --out data/era5",
        "--kind radiation writes DIR/radiation_3dcorrection.zarr instead: the layout of ECMWF's MAELSTROM",
        "3dcorrection dataset (the radiation sharding notebook's), --columns atmospheric columns with 17",
        "scalar inputs, 27 on 137 levels, 2 on 138 half levels, 1 on 136 interfaces, and the four flux",
        "profiles (sw/lw, down/up) of a grey two-stream model. Example:",
        "  spangeo sample-data --kind radiation --columns 1024 --out data/radiation",
        "--kind weather writes the blocked-algorithms notebook's daily files: DIR/2014-01-01.hdf5 ... (--days,",
        "default 31), each one 180 x 360 float32 dataset /t2m with no dims or time axis (convert --stack-dim's input):",
        "  spangeo sample-data --kind weather --out data/weather"})
public final class SampleDataCommand implements Callable<Integer> {
  private static final Pattern YEARS = Pattern.compile("\\s*(\\d{4})\\s*(?:-\\s*(\\d{4})\\s*)?");

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder of the yearly stores (any Hadoop URI).")
  String out;

  @Option(names = "--years", paramLabel = "FIRST-LAST", defaultValue = "2019-2022",
      description = "Years, one store each (default ${DEFAULT-VALUE}: train 2019-2020, validate 2021, test 2022).")
  String years;

  @Option(names = "--res", paramLabel = "DEG", defaultValue = "1.0",
      description = "Grid spacing: 0.25 (ERA5's, 121 x 161), 0.5 or 1.0 (default ${DEFAULT-VALUE}, 31 x 41).")
  String res;

  @Option(names = "--freq", paramLabel = "STEP", defaultValue = "3h", description = "Time step: 1h (ERA5's) or 3h (default ${DEFAULT-VALUE}).")
  String freq;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the fields (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--kind", paramLabel = "KIND", defaultValue = "era5",
      description = "era5 (default: the ERA5-like yearly stores), radiation (one store of atmospheric columns) or weather"
          + " (daily HDF5 files of t2m without a time axis, local folder).")
  String kind;

  @Option(names = "--columns", paramLabel = "N", defaultValue = "2048",
      description = "With --kind radiation: the number of columns (default ${DEFAULT-VALUE}, 38 MB of float32).")
  int columns;

  @Option(names = "--overwrite", description = "Replace stores that exist (each is swapped in only when complete).")
  boolean overwrite;

  @picocli.CommandLine.Mixin
  SparkRunOptions run = new SparkRunOptions();

  @Option(names = "--days", paramLabel = "N", defaultValue = "0",
      description = "With --kind weather: the number of daily files (default 31); with era5: only the first N days of each year"
          + " (short samples for tests).")
  int days;

  @Option(names = "--partitions", hidden = true, paramLabel = "N", defaultValue = "0",
      description = "Spark partitions (default: one per chunk); the output does not depend on it.")
  int partitions;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    if (kind.equals("radiation")) return radiation(t0);
    if (kind.equals("weather")) return weather(t0);
    if (!kind.equals("era5")) throw new InvalidArgumentException("--kind '" + kind + "' is not era5, radiation or weather");
    int[] span = parseYears(years);
    double r = parseRes(res);
    int step = parseFreq(freq);
    if (days < 0) throw new InvalidArgumentException("--days " + days + ": must be positive");
    SampleGrid g = new SampleGrid(span[0], span[1], r, step, seed, days);
    SparkSession spark = run.start("spangeo sample-data " + g.describe() + " -> " + out);
    try {
      HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
      SampleData.targets(conf, out, g, overwrite); // refuse before Spark does any work
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      SampleData.Result result;
      try (org.spangeo.jobs.ui.SparkJobs.Described job = org.spangeo.jobs.ui.SparkJobs.describe(jsc, "spangeo-sample-data",
               "sample-data", g.describe() + " -> " + org.spangeo.jobs.ui.SparkJobs.shortPath(out), null);
           org.spangeo.jobs.ui.ConsoleProgress progress = run.progress(spark)) {
        result = SampleData.write(jsc, conf, out, g, overwrite, partitions);
      }
      printSummary(g, result, (System.nanoTime() - t0) / 1e9);
      run.keepUiIfAsked(spark);
      return 0;
    } finally {
      if (System.getProperty("spangeo.keepSession") == null) spark.stop();
    }
  }

  private int weather(long t0) {
    java.util.List<java.nio.file.Path> files = org.spangeo.jobs.sample.WeatherDays.write(out, days == 0 ? 31 : days, seed, overwrite);
    System.out.printf(Locale.ROOT, "sample-data: %d daily weather files, t2m %d x %d float32 each (seed %d)%n", files.size(),
        org.spangeo.jobs.sample.WeatherDays.NY, org.spangeo.jobs.sample.WeatherDays.NX, seed);
    System.out.printf(Locale.ROOT, "  out  %s .. %s%n", files.get(0), files.get(files.size() - 1).getFileName());
    System.out.printf(Locale.ROOT, "  time %.1f s%n", (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  private int radiation(long t0) {
    if (columns <= 0 || columns > 10_000_000) throw new InvalidArgumentException("--columns " + columns + " is not within 1..10000000");
    SparkSession spark = run.start("spangeo sample-data");
    try {
      HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      String store;
      try (org.spangeo.jobs.ui.ConsoleProgress progress = run.progress(spark)) {
        store = org.spangeo.jobs.sample.RadiationSample.write(jsc, conf, out, columns, seed, overwrite);
      }
      System.out.printf(Locale.ROOT, "sample-data: radiation sample, %,d columns x 137 levels (seed %d)%n", columns, seed);
      System.out.printf(Locale.ROOT, "  out  %s  %.1f MB of float32 values%n", store, columns * 4680 * 4 / 1e6);
      System.out.printf(Locale.ROOT, "  time %.1f s%n", (System.nanoTime() - t0) / 1e9);
      run.keepUiIfAsked(spark);
      return 0;
    } finally {
      if (System.getProperty("spangeo.keepSession") == null) spark.stop();
    }
  }

  static int[] parseYears(String s) {
    Matcher m = YEARS.matcher(s);
    if (!m.matches()) throw new InvalidArgumentException("--years " + s + ": not a year or a range of years such as 2019-2022");
    int first = Integer.parseInt(m.group(1));
    int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
    if (first > last) throw new InvalidArgumentException("--years " + s + ": the first year is after the last");
    if (first < 1900 || last > 2200) throw new InvalidArgumentException("--years " + s + ": years must lie in 1900-2200");
    return new int[] {first, last};
  }

  static double parseRes(String s) {
    switch (s.trim()) {
      case "0.25": return 0.25;
      case "0.5": case "0.50": return 0.5;
      case "1": case "1.0": return 1.0;
      default: throw new InvalidArgumentException("--res " + s + ": not one of 0.25, 0.5, 1.0 (degrees)");
    }
  }

  static int parseFreq(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "1h": return 1;
      case "3h": return 3;
      default: throw new InvalidArgumentException("--freq " + s + ": not one of 1h, 3h");
    }
  }

  private void printSummary(SampleGrid g, SampleData.Result r, double secs) {
    System.out.printf(Locale.ROOT, "sample-data: %d store%s, %s%n", r.stores.size(), r.stores.size() == 1 ? "" : "s", g.describe());
    long total = 0;
    for (int i = 0; i < r.stores.size(); i++) {
      System.out.printf(Locale.ROOT, "  out  %s  %.1f MB%n", r.stores.get(i), r.storedBytes.get(i) / 1e6);
      total += r.storedBytes.get(i);
    }
    System.out.printf(Locale.ROOT, "  size %.1f MB stored, %.1f MB of float32 values (ratio %.1f), %,d chunks by %d Spark tasks%n",
        total / 1e6, r.rawBytes / 1e6, total > 0 ? (double) r.rawBytes / total : 0.0, r.chunks, r.tasks);
    System.out.printf(Locale.ROOT, "  time %.1f s%n", secs);
  }
}
