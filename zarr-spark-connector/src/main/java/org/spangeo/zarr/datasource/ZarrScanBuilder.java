package org.spangeo.zarr.datasource;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;

/**
 * Column pruning (read only the arrays asked for) and filter pushdown on dimension columns
 * (prune whole chunks, slice inside the rest). Predicates on data variables stay with Spark.
 */
final class ZarrScanBuilder implements ScanBuilder, SupportsPushDownV2Filters, SupportsPushDownRequiredColumns {
  private final Dataset ds;
  private final TableLayout layout;
  private final ZarrOptions options;
  private StructType required;
  private Selection selection;
  private final List<Predicate> pushed = new ArrayList<>();

  ZarrScanBuilder(Dataset ds, TableLayout layout, ZarrOptions options, Selection preselection) {
    this.ds = ds;
    this.layout = layout;
    this.options = options;
    this.required = layout.schema;
    this.selection = preselection;
  }

  @Override
  public Predicate[] pushPredicates(Predicate[] predicates) {
    ZoneId zone = ZoneId.of(SQLConf.get().sessionLocalTimeZone());
    CoordinatePredicates eval = new CoordinatePredicates(ds, layout, zone);
    List<Predicate> rest = new ArrayList<>();
    for (Predicate p : predicates) {
      String dim = eval.dimOf(p);
      boolean[] mask = dim == null ? null : eval.mask(p, dim);
      if (mask == null) {
        rest.add(p);
      } else {
        selection = selection.restrict(dim, mask);
        pushed.add(p);
      }
    }
    return rest.toArray(new Predicate[0]);
  }

  @Override
  public Predicate[] pushedPredicates() {
    return pushed.toArray(new Predicate[0]);
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public Scan build() {
    return new ZarrScan(ds, layout, options, required, selection, pushed);
  }
}
