package org.spangeo.zarr.datasource;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BindReferences;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.spangeo.zarr.dataset.Dataset;
import scala.collection.JavaConverters;

/**
 * An optimizer rule (installed by {@link SpangeoSqlExtensions}) for the filters Spark cannot
 * hand to a DSv2 source, such as {@code month(time) IN (6,7,8,9)} (Spark 3.5 does not translate
 * the timestamp-to-date cast inside it). Every deterministic conjunct of a Filter over a Zarr
 * table that refers to one dimension column only is evaluated by Catalyst itself over that
 * dim's coordinate values, on the driver; the scan then skips the indices it rejects. The
 * Filter stays in the plan, so the answer is Spark's whatever this rule does: it only saves
 * reading chunks.
 */
public final class CoordinatePruning extends Rule<LogicalPlan> {

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    LogicalPlan p = plan.mapChildren(this::apply);
    if (!(p instanceof Filter)) return p;
    Filter f = (Filter) p;
    if (!(f.child() instanceof DataSourceV2Relation)) return p;
    DataSourceV2Relation rel = (DataSourceV2Relation) f.child();
    if (!(rel.table() instanceof ZarrTable)) return p;
    ZarrTable table = (ZarrTable) rel.table();
    ZarrTable pruned = table;
    for (Expression c : conjuncts(f.condition())) {
      if (!c.deterministic() || SubqueryExpression.hasSubquery(c) || c.references().size() != 1) continue;
      Attribute a = c.references().toSeq().head();
      if (!table.layout().isDim(a.name())) continue;
      String key = a.name() + ":" + c.canonicalized().toString();
      if (pruned.hasPreselection(key)) continue;
      boolean[] mask = evaluate(c, a, table.dataset());
      if (mask != null) pruned = pruned.withPreselection(a.name(), mask, key);
    }
    if (pruned == table) return p;
    DataSourceV2Relation r2 = rel.copy(pruned, rel.output(), rel.catalog(), rel.identifier(), rel.options());
    return f.copy(f.condition(), r2);
  }

  private static List<Expression> conjuncts(Expression e) {
    List<Expression> out = new ArrayList<>();
    if (e instanceof And) {
      out.addAll(conjuncts(((And) e).left()));
      out.addAll(conjuncts(((And) e).right()));
    } else {
      out.add(e);
    }
    return out;
  }

  /** The predicate's value at each coordinate value; null if it cannot be evaluated here. */
  static boolean[] evaluate(Expression cond, Attribute a, Dataset ds) {
    String dim = a.name();
    DataType t = a.dataType();
    Expression bound;
    try {
      bound = BindReferences.bindReference(cond,
          org.apache.spark.sql.catalyst.expressions.package$.MODULE$.AttributeSeq(
              JavaConverters.asScalaBuffer(List.of(a)).toSeq()), false);
    } catch (RuntimeException e) {
      return null;
    }
    int n = (int) ds.dimSize(dim);
    boolean time = ds.isCoordinate(dim) && ds.variable(dim).isTime();
    long[] micros = time ? ds.timeValues(dim) : null;
    double[] vals = time ? null : ds.coordinateValues(dim);
    boolean[] mask = new boolean[n];
    Object[] cell = new Object[1];
    GenericInternalRow row = new GenericInternalRow(cell);
    try {
      for (int i = 0; i < n; i++) {
        if (t.equals(DataTypes.TimestampType) && time) cell[0] = micros[i];
        else if (t.equals(DataTypes.DoubleType) && !time) cell[0] = vals[i];
        else if (t.equals(DataTypes.FloatType) && !time) cell[0] = (float) vals[i];
        else if (t.equals(DataTypes.IntegerType) && !time) cell[0] = (int) vals[i];
        else if (t.equals(DataTypes.LongType) && !time) cell[0] = (long) vals[i];
        else if (t.equals(DataTypes.ShortType) && !time) cell[0] = (short) vals[i];
        else if (t.equals(DataTypes.ByteType) && !time) cell[0] = (byte) vals[i];
        else return null;
        Object r = bound.eval(row);
        mask[i] = Boolean.TRUE.equals(r);
      }
    } catch (RuntimeException e) {
      return null; // an expression Catalyst cannot interpret here: leave it to the scan
    }
    return mask;
  }

}
