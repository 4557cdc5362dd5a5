package org.spangeo.zarr.datasource;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;

/** One opened dataset as a Spark table. */
final class ZarrTable implements SupportsRead, org.apache.spark.sql.connector.catalog.SupportsWrite {
  private final Dataset ds;
  private final TableLayout layout;
  private final ZarrOptions options;
  /** Indices already ruled out by {@link CoordinatePruning}, and the conjuncts that did it. */
  private final Selection preselection;
  private final Set<String> preselectedBy;

  ZarrTable(Dataset ds, TableLayout layout, ZarrOptions options) {
    this(ds, layout, options, Selection.all(ds), Set.of());
  }

  /** A store that does not exist yet: write only, with the schema of the data being written. */
  static ZarrTable forWrite(ZarrOptions options, StructType schema) {
    ZarrTable t = new ZarrTable(null, null, options, null, Set.of());
    t.writeSchema = schema;
    return t;
  }

  private StructType writeSchema;

  private ZarrTable(Dataset ds, TableLayout layout, ZarrOptions options, Selection pre, Set<String> by) {
    this.ds = ds;
    this.layout = layout;
    this.options = options;
    this.preselection = pre;
    this.preselectedBy = by;
  }

  Dataset dataset() {
    return ds;
  }

  TableLayout layout() {
    return layout;
  }

  boolean hasPreselection(String key) {
    return preselectedBy.contains(key);
  }

  ZarrTable withPreselection(String dim, boolean[] mask, String key) {
    Set<String> by = new java.util.TreeSet<>(preselectedBy);
    by.add(key);
    return new ZarrTable(ds, layout, options, preselection.restrict(dim, mask), java.util.Collections.unmodifiableSet(by));
  }

  @Override
  public String name() {
    if (ds == null) return "zarr:" + String.join(",", options.paths);
    return "zarr:" + String.join(",", ds.sources().size() > 3 ? ds.sources().subList(0, 3) : ds.sources())
        + (ds.sources().size() > 3 ? ",..." : "");
  }

  @Override
  public StructType schema() {
    return layout != null ? layout.schema : writeSchema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    // any schema: a write is checked against the store by the writer (grid, variables), not by
    // Spark against the read schema
    EnumSet<TableCapability> c = EnumSet.of(TableCapability.BATCH_WRITE, TableCapability.TRUNCATE,
        TableCapability.ACCEPT_ANY_SCHEMA);
    if (ds != null) c.add(TableCapability.BATCH_READ);
    return c;
  }

  @Override
  public org.apache.spark.sql.connector.write.WriteBuilder newWriteBuilder(
      org.apache.spark.sql.connector.write.LogicalWriteInfo info) {
    if (options.paths.size() != 1 || options.paths.get(0).matches(".*[*?\\[{,].*")) {
      throw new org.spangeo.zarr.ZarrException("write to zarr: give one store path, not " + options.paths);
    }
    return new ZarrWriteBuilder(options.paths.get(0), info, options.hadoopConf());
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap opts) {
    if (ds == null) throw new org.spangeo.zarr.ZarrException("store " + options.paths + " does not exist");
    return new ZarrScanBuilder(ds, layout, options, preselection);
  }
}
