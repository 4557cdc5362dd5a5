package org.spangeo.zarr.datasource;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.spangeo.zarr.dataset.Dataset;

/**
 * {@code spark.read.format("zarr").load("data/era5_*.zarr")}: Zarr stores as a tidy table,
 * one row per grid cell, read chunk by chunk with pushdown on the dimension columns.
 */
public final class ZarrDataSource implements TableProvider, DataSourceRegister {
  private Map<String, String> openedFor;
  private ZarrTable table;

  @Override
  public String shortName() {
    return "zarr";
  }

  private synchronized ZarrTable open(CaseInsensitiveStringMap options) {
    Map<String, String> key = options.asCaseSensitiveMap();
    if (table == null || !key.equals(openedFor)) {
      ZarrOptions o = new ZarrOptions(options);
      Dataset ds = Dataset.open(o.hadoopConf(), o.open, o.paths);
      table = new ZarrTable(ds, TableLayout.of(ds, o.variables), o);
      openedFor = Map.copyOf(key);
    }
    return table;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return open(options).schema();
  }

  /** Writes pass the data's schema; a store that does not exist yet is a write-only table. */
  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    CaseInsensitiveStringMap opts = new CaseInsensitiveStringMap(properties);
    ZarrOptions o = new ZarrOptions(opts);
    if (o.paths.size() == 1 && !o.paths.get(0).matches(".*[*?\\[{,].*") && !exists(o)) {
      return ZarrTable.forWrite(o, schema);
    }
    return open(opts);
  }

  private static boolean exists(ZarrOptions o) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(o.paths.get(0));
      return p.getFileSystem(o.hadoopConf().get()).exists(p);
    } catch (java.io.IOException e) {
      return true; // let the read report it
    }
  }
}
