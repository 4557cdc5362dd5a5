package org.spangeo.zarr.datasource;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.spangeo.zarr.dataset.Dataset;

/** Sent to executors once per task: what to read, as columnar batches (one per chunk cell, at most batchRows rows). */
final class ZarrReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;
  private final Dataset ds;
  private final TableLayout layout;
  private final StructType required;
  private final int batchRows;

  ZarrReaderFactory(Dataset ds, TableLayout layout, StructType required, int batchRows) {
    this.ds = ds;
    this.layout = layout;
    this.required = required;
    this.batchRows = batchRows;
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return true;
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new ZarrColumnarReader(ds, layout, required, (ZarrInputPartition) partition, batchRows);
  }

  /** Row access, for callers that ask for it: the same batches, row by row. */
  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    ZarrColumnarReader batches = new ZarrColumnarReader(ds, layout, required, (ZarrInputPartition) partition, batchRows);
    return new PartitionReader<InternalRow>() {
      private java.util.Iterator<InternalRow> rows = java.util.Collections.emptyIterator();

      @Override
      public boolean next() throws java.io.IOException {
        while (!rows.hasNext()) {
          if (!batches.next()) return false;
          rows = batches.get().rowIterator();
        }
        return true;
      }

      @Override
      public InternalRow get() {
        return rows.next();
      }

      @Override
      public org.apache.spark.sql.connector.metric.CustomTaskMetric[] currentMetricsValues() {
        return batches.currentMetricsValues();
      }

      @Override
      public void close() {
        batches.close();
      }
    };
  }
}
