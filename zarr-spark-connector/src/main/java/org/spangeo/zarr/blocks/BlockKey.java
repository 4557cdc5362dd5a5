package org.spangeo.zarr.blocks;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Where a block sits: the variable and, per dim, the offset of its first cell (in the index
 * space of the selection it was read from), as xarray-beam's Key. Immutable; used as the key of
 * keyed stages (re-key by dropping or replacing a dim, then combine per key).
 */
public final class BlockKey implements Serializable, Comparable<BlockKey> {
  private static final long serialVersionUID = 1L;

  private final String variable;
  private final String[] dims;
  private final long[] offsets;

  public BlockKey(String variable, List<String> dims, long[] offsets) {
    if (dims.size() != offsets.length) {
      throw new IllegalArgumentException("key of " + variable + ": " + dims.size() + " dims but " + offsets.length + " offsets");
    }
    this.variable = variable;
    this.dims = dims.toArray(new String[0]);
    this.offsets = offsets.clone();
  }

  public String variable() {
    return variable;
  }

  public List<String> dims() {
    return List.of(dims);
  }

  public long[] offsets() {
    return offsets.clone();
  }

  public long offset(String dim) {
    int i = indexOf(dim);
    if (i < 0) throw new IllegalArgumentException("key " + this + " has no dim '" + dim + "'");
    return offsets[i];
  }

  private int indexOf(String dim) {
    for (int i = 0; i < dims.length; i++) if (dims[i].equals(dim)) return i;
    return -1;
  }

  /** The same key with another offset along {@code dim}. */
  public BlockKey withOffset(String dim, long offset) {
    int i = indexOf(dim);
    if (i < 0) throw new IllegalArgumentException("key " + this + " has no dim '" + dim + "'");
    long[] o = offsets.clone();
    o[i] = offset;
    return new BlockKey(variable, List.of(dims), o);
  }

  /** The key without {@code dim} (after a reduction over it). */
  public BlockKey without(String dim) {
    int i = indexOf(dim);
    if (i < 0) return this;
    String[] d = new String[dims.length - 1];
    long[] o = new long[dims.length - 1];
    for (int k = 0, j = 0; k < dims.length; k++) {
      if (k == i) continue;
      d[j] = dims[k];
      o[j++] = offsets[k];
    }
    return new BlockKey(variable, List.of(d), o);
  }

  public BlockKey withVariable(String name) {
    return new BlockKey(name, List.of(dims), offsets);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BlockKey)) return false;
    BlockKey k = (BlockKey) o;
    return variable.equals(k.variable) && Arrays.equals(dims, k.dims) && Arrays.equals(offsets, k.offsets);
  }

  @Override
  public int hashCode() {
    return (variable.hashCode() * 31 + Arrays.hashCode(dims)) * 31 + Arrays.hashCode(offsets);
  }

  @Override
  public int compareTo(BlockKey o) {
    int c = variable.compareTo(o.variable);
    if (c != 0) return c;
    for (int i = 0; i < Math.min(offsets.length, o.offsets.length); i++) {
      c = Long.compare(offsets[i], o.offsets[i]);
      if (c != 0) return c;
    }
    return Integer.compare(offsets.length, o.offsets.length);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Key(").append(variable);
    for (int i = 0; i < dims.length; i++) sb.append(", ").append(dims[i]).append('=').append(offsets[i]);
    return sb.append(')').toString();
  }
}
