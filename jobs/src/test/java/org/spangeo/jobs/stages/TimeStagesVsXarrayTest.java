package org.spangeo.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * The course's time handling against xarray: resample with pandas' frequencies and labels
 * (seasons QS-DEC, weeks, empty periods NaN-filled), partial dates in --time, --isel on the
 * input's indices, and standardized anomalies; and their bad input.
 */
class TimeStagesVsXarrayTest {
  static final Path dir = PythonPeer.scratch("time-stages");
  static final String src = StageRuns.input();

  static void runAndCheck(String stage, String checkArgs, String... args) {
    StageRuns.runAndCheck(dir, src, "check_stage.py", stage, checkArgs, args);
  }

  @Test
  void resampleWithPandasFrequenciesAndLabels() {
    // seasons, December counted in the next winter; the first and last are partial
    runAndCheck("resample", "{\"vars\": [\"t2m\"], \"freq\": \"QS-DEC\", \"stat\": \"mean\", \"time\": [\"2019-02\", \"2020-12-15\"]}",
        "--vars", "t2m", "--freq", "QS-DEC", "--time", "2019-02/2020-12-15");
    // January and July only: the months between are NaN, as xarray gives them
    runAndCheck("resample", "{\"vars\": [\"total_precipitation\"], \"freq\": \"MS\", \"stat\": \"sum\", \"months\": [1, 7]}",
        "--vars", "total_precipitation", "--freq", "MS", "--stat", "sum", "--months", "1,7");
    runAndCheck("resample", "{\"vars\": [\"t2m\"], \"freq\": \"W\", \"stat\": \"max\", \"time\": [\"2019-01-03\", \"2019-03-10\"]}",
        "--vars", "t2m", "--freq", "W", "--stat", "max", "--time", "2019-01-03/2019-03-10");
    runAndCheck("resample", "{\"vars\": [\"t2m\"], \"freq\": \"2QS\", \"stat\": \"std\"}", "--vars", "t2m", "--freq", "2QS", "--stat", "std");
    runAndCheck("resample", "{\"vars\": [\"t2m\"], \"freq\": \"5D\", \"stat\": \"min\", \"months\": [2, 3]}",
        "--vars", "t2m", "--freq", "5D", "--stat", "min", "--months", "2,3");
    runAndCheck("resample", "{\"vars\": [\"t2m\"], \"freq\": \"12H\", \"stat\": \"mean\", \"time_sel\": \"2019-06\"}",
        "--vars", "t2m", "--freq", "12H", "--time", "2019-06");
    runAndCheck("resample", "{\"vars\": [\"t2m\"], \"freq\": \"YS\", \"stat\": \"mean\"}", "--vars", "t2m", "--freq", "YS");
  }

  @Test
  void partialDatesAndIsel() {
    runAndCheck("subset", "{\"vars\": [\"t2m\"], \"time_sel\": \"2019-06\"}", "--vars", "t2m", "--time", "2019-06");
    runAndCheck("subset", "{\"vars\": [\"t2m\"], \"time_sel\": \"2020\"}", "--vars", "t2m", "--time", "2020");
    runAndCheck("subset", "{\"vars\": [\"t2m\"], \"time\": [\"2019-06\", \"2019-08\"]}", "--vars", "t2m", "--time", "2019-06/2019-08");
    runAndCheck("subset", "{\"vars\": [\"t2m\"], \"time\": [\"2019-07-04T06\", \"2019-07-05T12\"]}", "--vars", "t2m", "--time",
        "2019-07-04T06/2019-07-05T12");
    runAndCheck("subset", "{\"vars\": [\"temperature\"], \"isel\": {\"time\": [0, 100, 3], \"latitude\": [-5, null], \"level\": [1, 2]}}",
        "--vars", "temperature", "--isel", "time=0:100:3,latitude=-5:,level=1");
    // isel is on the input's indices, then the other selections
    runAndCheck("climatology", "{\"vars\": [\"t2m\"], \"isel\": {\"longitude\": [null, null, 2]}, \"months\": [6, 7]}",
        "--vars", "t2m", "--isel", "longitude=::2", "--months", "6,7");
  }

  @Test
  void standardizedAnomalies() {
    runAndCheck("anomaly", "{\"vars\": [\"t2m\"], \"by\": \"month\", \"standardize\": true}", "--vars", "t2m", "--standardize");
    String mean = dir.resolve("clim-mean.zarr").toString();
    String std = dir.resolve("clim-std.zarr").toString();
    assertEquals("0", CliRunner.spangeo("climatology", "--in", src, "--vars", "t2m", "--by", "season", "--out", mean, "--overwrite")[0]);
    String[] r = CliRunner.spangeo("climatology", "--in", src, "--vars", "t2m", "--by", "season", "--stat", "std", "--out", std,
        "--overwrite");
    assertEquals("0", r[0], r[2]);
    runAndCheck("anomaly", "{\"vars\": [\"t2m\"], \"by\": \"season\", \"standardize\": true}", "--vars", "t2m", "--by", "season",
        "--standardize", "--climatology", mean, "--climatology-std", std);
  }

  @Test
  void badTimesAndIndicesAreRefused() {
    StageRuns.refused(dir, "'2019-13' is not a date", "subset", "--in", src, "--time", "2019-13");
    StageRuns.refused(dir, "--time '2019-08/2019-06' ends before it starts", "subset", "--in", src, "--time", "2019-08/2019-06");
    StageRuns.refused(dir, "--time 2030 selects no time step", "subset", "--in", src, "--time", "2030");
    StageRuns.refused(dir, "--isel time=5:2 selects nothing", "subset", "--in", src, "--isel", "time=5:2");
    StageRuns.refused(dir, "--time 2019-07 selects no time step of those --isel time=0 keeps (--isel counts the input's time indices",
        "subset", "--in", src, "--time", "2019-07", "--isel", "time=0");
    StageRuns.refused(dir, "--isel: 'tme' is not a dim (did you mean 'time'", "subset", "--in", src, "--isel", "tme=0:2");
    StageRuns.refused(dir, "the step must be positive", "subset", "--in", src, "--isel", "time=::-1");
    StageRuns.refused(dir, "--isel level=7 is outside 0..1", "subset", "--in", src, "--isel", "level=7");
    StageRuns.refused(dir, "is not DIM=START:STOP[:STEP]", "subset", "--in", src, "--isel", "time=a:b");
    StageRuns.refused(dir, "'XYZ' is not a month", "resample", "--in", src, "--freq", "QS-XYZ");
    StageRuns.refused(dir, "--standardize takes both --climatology and --climatology-std", "anomaly", "--in", src,
        "--standardize", "--climatology", src);
  }
}
