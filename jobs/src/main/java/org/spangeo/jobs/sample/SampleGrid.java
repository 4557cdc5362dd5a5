package org.spangeo.jobs.sample;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.Year;
import java.util.Locale;

/**
 * The plan of a sample: years, grid (10-40N, 100-140E at res degrees, latitude descending as in
 * ERA5), pressure levels, time step, seed, and the chunking. Everything a task needs to
 * generate one chunk travels in this small object; no per-cell data is made on the driver.
 */
public final class SampleGrid implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Pressure levels (hPa), surface upward: the levels convective indices are built from (K-index: 850, 700, 500). */
  public static final int[] LEVELS = {1000, 925, 850, 700, 500};
  public static final double NORTH = 40;
  public static final double SOUTH = 10;
  public static final double WEST = 100;
  public static final double EAST = 140;
  /** Target bytes of one chunk of one variable (one level), before compression. */
  static final long CHUNK_TARGET_BYTES = 4L << 20;
  static final int MAX_CHUNK_DAYS = 31;

  final int firstYear;
  final int lastYear;
  final double res;
  final int stepHours;
  final long seed;
  /** Days generated per year: 0 for the whole year, else the first N days (a short sample for tests). */
  final int days;
  final int nlat;
  final int nlon;
  final int chunkDays;

  public SampleGrid(int firstYear, int lastYear, double res, int stepHours, long seed, int days) {
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.res = res;
    this.stepHours = stepHours;
    this.seed = seed;
    this.days = days;
    this.nlat = (int) Math.round((NORTH - SOUTH) / res) + 1;
    this.nlon = (int) Math.round((EAST - WEST) / res) + 1;
    long perDay = (long) nlat * nlon * stepsPerDay() * 4;
    this.chunkDays = (int) Math.max(1, Math.min(MAX_CHUNK_DAYS, CHUNK_TARGET_BYTES / perDay));
  }

  public int stepsPerDay() {
    return 24 / stepHours;
  }

  public int cells() {
    return nlat * nlon;
  }

  public double latitude(int i) {
    return NORTH - i * res;
  }

  public double longitude(int j) {
    return WEST + j * res;
  }

  public double[] latitudes() {
    double[] a = new double[nlat];
    for (int i = 0; i < nlat; i++) a[i] = latitude(i);
    return a;
  }

  public double[] longitudes() {
    double[] a = new double[nlon];
    for (int j = 0; j < nlon; j++) a[j] = longitude(j);
    return a;
  }

  public int years() {
    return lastYear - firstYear + 1;
  }

  public int year(int index) {
    return firstYear + index;
  }

  public int daysOf(int year) {
    int n = Year.of(year).length();
    return days > 0 ? Math.min(days, n) : n;
  }

  public int stepsOf(int year) {
    return daysOf(year) * stepsPerDay();
  }

  /** Time steps in a chunk (about 4 MiB of float32 per chunk, at most a month; no more than the year holds). */
  public int chunkSteps(int year) {
    return Math.min(chunkDays * stepsPerDay(), stepsOf(year));
  }

  public int chunksOf(int year) {
    int c = chunkSteps(year);
    return (stepsOf(year) + c - 1) / c;
  }

  /** Hours from 1900-01-01 00:00 (ERA5's time reference) to the year's first step. */
  public long firstHour(int year) {
    return (LocalDate.of(year, 1, 1).toEpochDay() - LocalDate.of(1900, 1, 1).toEpochDay()) * 24;
  }

  /** The year's time steps as epoch microseconds (UTC). */
  public long[] timeMicros(int year) {
    long start = LocalDate.of(year, 1, 1).toEpochDay() * 86_400_000_000L;
    long[] t = new long[stepsOf(year)];
    for (int i = 0; i < t.length; i++) t[i] = start + i * stepHours * 3_600_000_000L;
    return t;
  }

  /** The store's name, as the archive names its yearly files: era5_2019_10N40N_100E140E.zarr. */
  public String storeName(int year) {
    return String.format(Locale.ROOT, "era5_%d_10N40N_100E140E.zarr", year);
  }

  public String describe() {
    return String.format(Locale.ROOT, "%s, %s deg, %d-hourly, seed %d", firstYear == lastYear ? "" + firstYear
        : firstYear + "-" + lastYear, resText(res), stepHours, seed);
  }

  static String resText(double r) {
    return r == 0.25 ? "0.25" : r == 0.5 ? "0.5" : "1.0";
  }
}
