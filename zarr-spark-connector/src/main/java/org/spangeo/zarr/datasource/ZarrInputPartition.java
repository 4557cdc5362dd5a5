package org.spangeo.zarr.datasource;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * A group of chunk cells read by one task, with the slices of the dim coordinates those cells
 * cover (so executors never load whole coordinates).
 */
final class ZarrInputPartition implements InputPartition {
  private static final long serialVersionUID = 1L;

  /** Coordinate values of one dim over [start, start + length). */
  static final class CoordSlice implements Serializable {
    private static final long serialVersionUID = 1L;
    final long start;
    final double[] values; // numbers (or the index)
    final long[] micros; // times
    final String[] labels; // names (a dim whose coordinate holds strings), else null

    CoordSlice(long start, double[] values, long[] micros) {
      this(start, values, micros, null);
    }

    CoordSlice(long start, double[] values, long[] micros, String[] labels) {
      this.start = start;
      this.values = values;
      this.micros = micros;
      this.labels = labels;
    }
  }

  final int index;
  final List<CellBox> cells;
  final CoordSlice[] coords;
  final long rows;

  ZarrInputPartition(int index, List<CellBox> cells, CoordSlice[] coords) {
    this.index = index;
    this.cells = cells;
    this.coords = coords;
    long r = 0;
    for (CellBox c : cells) r += c.rows();
    this.rows = r;
  }
}
