package org.spangeo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.spangeo.jobs.sample.SampleGrid;
import org.spangeo.jobs.sample.SampleVariables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spangeo.jobs.stages.StageInput;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.jobs.ui.SparkJobs;
import org.spangeo.zarr.write.ZarrWriter;
import picocli.CommandLine;

/**
 * The selection in the user's words, as the Spark UI shows it: from the options as typed, on
 * the sample's own layout (`spangeo sample-data`, 2019-2022: four yearly stores, temperature on
 * pressure levels in millibars, precipitation on the surface), metadata only, no Spark needed.
 * docs/ui.md shows these texts.
 */
class SelectionWordsTest {
  @TempDir
  static Path dir;
  static Dataset ds;
  static String glob;

  @BeforeAll
  static void store() throws Exception {
    HadoopConf conf = HadoopConf.of(Map.of());
    SampleGrid g = new SampleGrid(2019, 2022, 1.0, 3, 42, 0);
    for (int y = 0; y < g.years(); y++) {
      String path = Files.createDirectories(dir).resolve(g.storeName(g.year(y))).toString();
      ZarrWriter.begin(conf, path, SampleVariables.spec(g, g.year(y)), ZarrWriter.Mode.ERROR_IF_EXISTS).commit();
    }
    glob = dir.resolve("era5_*.zarr").toString();
    ds = Dataset.open(conf, glob);
  }

  static SelectionOptions options(String... args) {
    SelectionOptions o = new SelectionOptions();
    new CommandLine(new Holder(o)).parseArgs(args);
    return o;
  }

  @CommandLine.Command(name = "t")
  static final class Holder {
    @CommandLine.Mixin
    SelectionOptions o;

    Holder(SelectionOptions o) {
      this.o = o;
    }
  }

  @Test
  void theIssuesExample() {
    SelectionOptions o = options("--vars", "temperature", "--level", "850", "--months", "6,7,8,9", "--time",
        "2019-01-01/2021-12-31");
    SelectionWords w = new SelectionWords(o);
    assertEquals("temperature@850 JJAS 2019-2021", w.options());
    assertEquals("temperature 850 hPa, JJAS 2019-2021", w.summary(ds, o.variables(ds)));
    assertEquals("temperature 850 hPa JJAS", w.read(ds, o.variables(ds)));
  }

  @Test
  void theLevelGoesOnlyWithTheVariablesThatHaveIt() {
    SelectionOptions o = options("--vars", "temperature,total_precipitation", "--level", "500,850", "--time",
        "2019-06-01/2020-09-30", "--lat", "25:22", "--lon", "120:122");
    SelectionWords w = new SelectionWords(o);
    assertEquals("temperature,total_precipitation@500,850 2019-06..2020-09 25-22N 120-122E", w.options());
    // 50 characters of variables: the first and a count
    assertEquals("temperature 500,850 hPa +1 more, 2019-06..2020-09, 25-22N 120-122E", w.summary(ds, o.variables(ds)));
    String details = w.details(ds, o.apply(ds), o.variables(ds));
    assertTrue(details.contains("variables  temperature, total_precipitation\n"), details);
    assertTrue(details.contains("level      2 of 5: 850 .. 500\n"), details);
    assertTrue(details.contains("latitude   4 of 31: 25 .. 22\n"), details);
    assertTrue(details.contains("time       3,904 of 11,688: 2019-06-01T00:00 .. 2020-09-30T21:00\n"), details);
  }

  @Test
  void withoutOptionsTheDataSaysThePeriod() {
    SelectionOptions o = options();
    SelectionWords w = new SelectionWords(o);
    assertEquals("", w.options());
    int n = ds.dataVariableNames().size();
    assertEquals("all " + n + " variables, 2019-2022", w.summary(ds, o.variables(ds)));
    assertEquals("all " + n + " variables", w.read(ds, o.variables(ds)));
  }

  @Test
  void applicationNamesTellRunsApart() {
    StageCommands.ClimatologyCommand c = new StageCommands.ClimatologyCommand();
    new CommandLine(c).parseArgs("--in", "data/era5/*.zarr", "--vars", "temperature", "--level", "850", "--months", "6,7,8,9",
        "--time", "2019-01-01/2021-12-31", "--out", "out/clim.zarr");
    assertEquals("spangeo climatology temperature@850 JJAS 2019-2021 -> out/clim.zarr", c.appName());
    StageCommands.ClimatologyCommand s = new StageCommands.ClimatologyCommand();
    new CommandLine(s).parseArgs("--in", "x.zarr", "--by", "season", "--stat", "std", "--out", "out/s.zarr");
    assertEquals("spangeo climatology by season std -> out/s.zarr", s.appName());
    StageCommands.ResampleCommand r = new StageCommands.ResampleCommand();
    new CommandLine(r).parseArgs("--in", "x.zarr", "--freq", "1D", "--lat", "25:22", "--lon", "120:122", "--out", "out/d.zarr");
    assertEquals("spangeo resample 1D 25-22N 120-122E -> out/d.zarr", r.appName());
  }

  /** A command's job description parts and reading stage's name, on the sample. */
  static List<String> jobWords(AnalysisCommand c, String... args) {
    new CommandLine(c).parseArgs(args);
    Selection sel = c.selection.apply(ds);
    List<String> vars = c.selection.variables(ds);
    return List.of(c.jobWords(new StageInput(null, ds, sel, vars), Blocks.plan(ds, sel, vars).size()));
  }

  @Test
  void theDescriptionsDocsUiShows() {
    StageCommands.ClimatologyCommand clim = new StageCommands.ClimatologyCommand();
    assertEquals(List.of("climatology by month (mean)", "temperature 850 hPa, JJAS 2019-2021 -> out/clim.zarr",
        "read temperature 850 hPa JJAS (15 chunks)"),
        jobWords(clim, "--in", glob, "--vars", "temperature", "--level", "850",
            "--months", "6,7,8,9", "--time", "2019-01-01/2021-12-31", "--out", "out/clim.zarr"));
    // the write stage counts the output's chunks: planning the stage's RDDs runs nothing
    org.apache.spark.api.java.JavaSparkContext jsc =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(org.spangeo.jobs.JobsTestSession.get().sparkContext());
    StageInput in = new StageInput(jsc, ds, clim.selection.apply(ds), clim.selection.variables(ds));
    assertEquals("write out/clim.zarr (1 chunk)", clim.writeStage(clim.format.apply(clim.run(in).spec)));
    assertEquals(List.of("subset", "temperature 850 hPa, JJAS 2019-06..2020-09, 25-22N 120-122E -> out/tw.zarr",
        "read temperature 850 hPa JJAS (10 chunks)"),
        jobWords(new StageCommands.SubsetCommand(), "--in", glob, "--vars", "temperature", "--level", "850",
            "--months", "6,7,8,9", "--time", "2019-06-01/2020-09-30", "--lat", "25:22", "--lon", "120:122", "--out", "out/tw.zarr"));
    assertEquals(List.of("anomaly by month", "temperature 500 hPa, JJAS 2019-2022 -> out/anomaly_500.zarr",
        "read temperature 500 hPa JJAS (20 chunks)"),
        jobWords(new StageCommands.AnomalyCommand(), "--in", glob, "--vars", "temperature", "--level", "500",
            "--months", "6,7,8,9", "--out", "out/anomaly_500.zarr"));
    assertEquals(List.of("resample to 1D (sum)", "total_precipitation, 2019-2022 -> out/daily_tp.zarr",
        "read total_precipitation (48 chunks)"),
        jobWords(new StageCommands.ResampleCommand(), "--in", glob, "--vars", "total_precipitation", "--freq", "1D",
            "--stat", "sum", "--out", "out/daily_tp.zarr"));
  }

  @Test
  void months() {
    assertEquals("JJAS", SelectionWords.months(List.of(6, 7, 8, 9)));
    assertEquals("DJF", SelectionWords.months(List.of(12, 1, 2)));
    assertEquals("MAM", SelectionWords.months(List.of(5, 3, 4)));
    assertEquals("Jul", SelectionWords.months(List.of(7)));
    assertEquals("Jun,Jul", SelectionWords.months(List.of(6, 7)));
    assertEquals("Jan,Mar,Apr,May", SelectionWords.months(List.of(1, 3, 4, 5)));
    assertEquals("", SelectionWords.months(List.of()));
    assertEquals("", SelectionWords.months(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)));
  }

  @Test
  void periodsAtTheirPrecision() {
    assertEquals("2019-2021", SelectionWords.period("2019-01-01/2021-12-31"));
    assertEquals("2020", SelectionWords.period("2020-01-01/2020-12-31"));
    assertEquals("2019-06..2020-09", SelectionWords.period("2019-06-01/2020-09-30"));
    assertEquals("2020-02", SelectionWords.period("2020-02-01/2020-02-29"));
    assertEquals("2019-01-01..2019-01-04", SelectionWords.period("2019-01-01/2019-01-04"));
    assertEquals("2019-06-01T06:00..2019-06-02", SelectionWords.period("2019-06-01T06:00/2019-06-02"));
  }

  @Test
  void boxesInHemispheres() {
    assertEquals("10S-10N 20W-10E", new SelectionWords(options("--lat", "-10:10", "--lon", "-20:10")).box());
    assertEquals("160-140W", new SelectionWords(options("--lon", "200:220")).box());
    assertEquals("at 25.03N 121.56E", new SelectionWords(options("--point", "25.03,121.56")).box());
    assertEquals("35-30S", new SelectionWords(options("--lat", "-35:-30")).box());
  }

  @Test
  void longPathsKeepTheirStartAndStore() {
    assertEquals("out/clim.zarr", SparkJobs.shortPath("out/clim.zarr"));
    assertEquals(".../clim.zarr", SparkJobs.shortPath("/work/h-ui/jobs/target/spark-ui-123/clim.zarr"));
    assertEquals("s3a://bucket/.../anomaly.zarr", SparkJobs.shortPath("s3a://bucket/era5/monthly/2019/anomaly.zarr/"));
    assertEquals(".../a_very_long_store_name_indeed_here.zarr",
        SparkJobs.shortPath("/data/a_very_long_store_name_indeed_here.zarr"));
  }
}
