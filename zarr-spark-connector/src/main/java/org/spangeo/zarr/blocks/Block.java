package org.spangeo.zarr.blocks;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A dense block of one variable: its key, its shape (C order, the key's dims) and the decoded
 * values as float[] (float32 variables) or double[] (everything else), NaN where missing. The
 * currency of the array stages: one allocation per block, primitive loops, no per-cell objects.
 */
public final class Block implements Serializable {
  private static final long serialVersionUID = 1L;

  private final BlockKey key;
  private final int[] shape;
  private final float[] floats;
  private final double[] doubles;

  private Block(BlockKey key, int[] shape, float[] floats, double[] doubles) {
    long n = 1;
    for (int s : shape) n *= s;
    int len = floats != null ? floats.length : doubles.length;
    if (n != len) throw new IllegalArgumentException("block " + key + " of shape " + Arrays.toString(shape) + " has " + len + " values");
    if (shape.length != key.dims().size()) throw new IllegalArgumentException("block " + key + " shape rank " + shape.length);
    this.key = key;
    this.shape = shape.clone();
    this.floats = floats;
    this.doubles = doubles;
  }

  public static Block ofFloats(BlockKey key, int[] shape, float[] values) {
    return new Block(key, shape, values, null);
  }

  public static Block ofDoubles(BlockKey key, int[] shape, double[] values) {
    return new Block(key, shape, null, values);
  }

  public BlockKey key() {
    return key;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int size() {
    return floats != null ? floats.length : doubles.length;
  }

  public boolean isFloat() {
    return floats != null;
  }

  /** The float32 values (null for a float64 block). Shared, not copied: do not modify. */
  public float[] floats() {
    return floats;
  }

  /** The float64 values (null for a float32 block). Shared, not copied: do not modify. */
  public double[] doubles() {
    return doubles;
  }

  /** Values as float64 (a copy for float32 blocks). */
  public double[] toDoubles() {
    if (doubles != null) return doubles;
    double[] d = new double[floats.length];
    for (int i = 0; i < d.length; i++) d[i] = floats[i];
    return d;
  }

  public double get(int i) {
    return floats != null ? floats[i] : doubles[i];
  }

  /** The same values under another key (re-keying, as xarray-beam does). */
  public Block withKey(BlockKey k) {
    return new Block(k, shape, floats, doubles);
  }

  @Override
  public String toString() {
    return "Block(" + key + ", shape=" + Arrays.toString(shape) + ", " + (floats != null ? "float32" : "float64") + ")";
  }
}
