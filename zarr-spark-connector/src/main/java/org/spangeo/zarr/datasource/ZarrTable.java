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
final class ZarrTable implements SupportsRead {
  private final Dataset ds;
  private final TableLayout layout;
  private final ZarrOptions options;
  /** Indices already ruled out by {@link CoordinatePruning}, and the conjuncts that did it. */
  private final Selection preselection;
  private final Set<String> preselectedBy;

  ZarrTable(Dataset ds, TableLayout layout, ZarrOptions options) {
    this(ds, layout, options, Selection.all(ds), Set.of());
  }

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
    return "zarr:" + String.join(",", ds.sources().size() > 3 ? ds.sources().subList(0, 3) : ds.sources())
        + (ds.sources().size() > 3 ? ",..." : "");
  }

  @Override
  public StructType schema() {
    return layout.schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap opts) {
    return new ZarrScanBuilder(ds, layout, options, preselection);
  }
}
