package org.spangeo.ml.train;

import java.io.Serializable;

/** The 2x2 table of a yes/no forecast against events, and the usual scores from it. */
public final class Contingency implements Serializable {
  private static final long serialVersionUID = 1L;

  public long hits;
  public long misses;
  public long falseAlarms;
  public long correctNegatives;

  public void add(boolean forecast, boolean event) {
    if (forecast && event) hits++;
    else if (event) misses++;
    else if (forecast) falseAlarms++;
    else correctNegatives++;
  }

  /** Critical success index (threat score): hits / (hits + misses + false alarms); NaN with none. */
  public double csi() {
    long d = hits + misses + falseAlarms;
    return d == 0 ? Double.NaN : (double) hits / d;
  }

  /** Probability of detection: hits / (hits + misses). */
  public double pod() {
    long d = hits + misses;
    return d == 0 ? Double.NaN : (double) hits / d;
  }

  /** False alarm ratio: false alarms / (hits + false alarms). */
  public double far() {
    long d = hits + falseAlarms;
    return d == 0 ? Double.NaN : (double) falseAlarms / d;
  }

  public long total() {
    return hits + misses + falseAlarms + correctNegatives;
  }
}
