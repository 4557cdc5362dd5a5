package org.spangeo.zarr.array;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An n-d box of an index space: per dim, cells {@code start, start + step, ...} below
 * {@code stop} (step 1 unless given). Immutable. With {@link BoxCopy} it is the project's one
 * way to cut, intersect, translate and copy n-d boxes.
 */
public final class Box implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] start;
  private final long[] stop;
  private final long[] step; // null: all 1

  private Box(long[] start, long[] stop, long[] step) {
    if (start.length != stop.length || (step != null && step.length != start.length)) {
      throw new IllegalArgumentException("box bounds of different ranks");
    }
    for (int d = 0; d < start.length; d++) {
      if (stop[d] < start[d]) stop[d] = start[d]; // empty along d
      if (step != null && step[d] <= 0) throw new IllegalArgumentException("box step " + step[d] + " is not positive");
    }
    this.start = start;
    this.stop = stop;
    boolean unit = true;
    if (step != null) for (long s : step) unit &= s == 1;
    this.step = unit ? null : step;
  }

  /** [start, stop) per dim, step 1. */
  public static Box of(long[] start, long[] stop) {
    return new Box(start.clone(), stop.clone(), null);
  }

  /** [start, stop) per dim with a step per dim. */
  public static Box of(long[] start, long[] stop, long[] step) {
    return new Box(start.clone(), stop.clone(), step == null ? null : step.clone());
  }

  /** The box of {@code shape} cells at {@code origin}. */
  public static Box at(long[] origin, int[] shape) {
    long[] stop = new long[origin.length];
    for (int d = 0; d < stop.length; d++) stop[d] = origin[d] + shape[d];
    return new Box(origin.clone(), stop, null);
  }

  /** The box [0, shape). */
  public static Box ofShape(int[] shape) {
    return at(new long[shape.length], shape);
  }

  public int rank() {
    return start.length;
  }

  public long start(int d) {
    return start[d];
  }

  public long stop(int d) {
    return stop[d];
  }

  public long step(int d) {
    return step == null ? 1 : step[d];
  }

  public long[] start() {
    return start.clone();
  }

  /** Cells along dim d. */
  public int length(int d) {
    long s = step(d);
    return Math.toIntExact((stop[d] - start[d] + s - 1) / s);
  }

  public int[] shape() {
    int[] s = new int[start.length];
    for (int d = 0; d < s.length; d++) s[d] = length(d);
    return s;
  }

  public long size() {
    long n = 1;
    for (int d = 0; d < start.length; d++) n *= length(d);
    return n;
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  /** The cells in both boxes (steps 1), empty when they do not meet. */
  public Box intersect(Box o) {
    if (step != null || o.step != null) throw new IllegalArgumentException("intersection of stepped boxes");
    if (o.rank() != rank()) throw new IllegalArgumentException("boxes of ranks " + rank() + " and " + o.rank());
    long[] a = new long[rank()];
    long[] b = new long[rank()];
    for (int d = 0; d < a.length; d++) {
      a[d] = Math.max(start[d], o.start[d]);
      b[d] = Math.min(stop[d], o.stop[d]);
    }
    return new Box(a, b, null);
  }

  /** The same box moved by {@code delta} per dim. */
  public Box translate(long[] delta) {
    long[] a = start.clone();
    long[] b = stop.clone();
    for (int d = 0; d < a.length; d++) {
      a[d] += delta[d];
      b[d] += delta[d];
    }
    return new Box(a, b, step == null ? null : step.clone());
  }

  /** This box's start relative to {@code origin}, as int offsets (for array positions). */
  public int[] offsetFrom(long[] origin) {
    int[] o = new int[start.length];
    for (int d = 0; d < o.length; d++) o[d] = Math.toIntExact(start[d] - origin[d]);
    return o;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Box)) return false;
    Box b = (Box) o;
    return Arrays.equals(start, b.start) && Arrays.equals(stop, b.stop) && Arrays.equals(step, b.step);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(start) * 31 + Arrays.hashCode(stop);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Box[");
    for (int d = 0; d < start.length; d++) {
      sb.append(d > 0 ? ", " : "").append(start[d]).append(':').append(stop[d]);
      if (step(d) != 1) sb.append(':').append(step(d));
    }
    return sb.append(']').toString();
  }
}
