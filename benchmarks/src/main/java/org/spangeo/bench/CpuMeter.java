package org.spangeo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time over a measurement: this JVM's (all its threads: tasks, JIT, GC) and the whole
 * machine's (from /proc/stat, where available), so that a run slowed by other processes on a
 * shared machine shows up as such instead of as a slow connector.
 */
public final class CpuMeter {
  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final double TICK = 0.01; // USER_HZ is 100 on Linux
  private final long wall0;
  private final long proc0;
  private final long[] stat0;

  private CpuMeter() {
    wall0 = System.nanoTime();
    proc0 = processCpuNanos();
    stat0 = machineTicks();
  }

  public static CpuMeter start() {
    return new CpuMeter();
  }

  /** What happened since {@link #start}. */
  public Sample stop() {
    long wall = System.nanoTime() - wall0;
    long proc = processCpuNanos() - proc0;
    long[] s = machineTicks();
    double busy = Double.NaN;
    if (s != null && stat0 != null) busy = (s[0] - stat0[0]) * TICK;
    return new Sample(wall / 1e9, proc / 1e9, busy);
  }

  /** Wall seconds; CPU seconds of this JVM; busy CPU seconds of the whole machine (NaN: unknown). */
  public static final class Sample {
    public final double wall;
    public final double processCpu;
    public final double machineBusy;

    public Sample(double wall, double processCpu, double machineBusy) {
      this.wall = wall;
      this.processCpu = processCpu;
      this.machineBusy = machineBusy;
    }

    /** CPU seconds other processes took while this ran (never below 0; NaN: unknown). */
    public double othersCpu() {
      return Double.isNaN(machineBusy) ? Double.NaN : Math.max(0, machineBusy - processCpu);
    }
  }

  /**
   * Waits, up to {@code maxSeconds}, for a second in which other processes keep less than
   * {@code maxCores} cores busy; returns the background load (cores) of the last second measured
   * (NaN off Linux, where it does not wait).
   */
  public static double awaitQuiet(double maxSeconds, double maxCores) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
    double load;
    do {
      CpuMeter m = start();
      Thread.sleep(1000);
      Sample s = m.stop();
      load = s.othersCpu() / s.wall;
      if (Double.isNaN(load) || load < maxCores) return load;
    } while (System.nanoTime() < deadline);
    return load;
  }

  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return 0;
  }

  /** {busy ticks, idle ticks} of all CPUs, or null off Linux. */
  static long[] machineTicks() {
    try {
      String first = Files.readAllLines(PROC_STAT).get(0);
      String[] f = first.trim().split("\\s+");
      long busy = 0;
      long idle = 0;
      // cpu user nice system idle iowait irq softirq steal guest guest_nice
      for (int i = 1; i < f.length && i <= 8; i++) {
        long v = Long.parseLong(f[i]);
        if (i == 4 || i == 5) idle += v;
        else busy += v;
      }
      return new long[] {busy, idle};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
