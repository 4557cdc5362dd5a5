package org.spangeo.zarr.datasource;

import org.apache.spark.sql.SparkSessionExtensions;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * {@code --conf spark.sql.extensions=org.spangeo.zarr.datasource.SpangeoSqlExtensions}: adds
 * {@link CoordinatePruning}, so that filters Spark does not push down (month(time), hour(time),
 * arithmetic on coordinates) still prune chunks. Optional: without it results are the same.
 */
public final class SpangeoSqlExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
  @Override
  public BoxedUnit apply(SparkSessionExtensions ext) {
    ext.injectOptimizerRule(new AbstractFunction1<org.apache.spark.sql.SparkSession,
        org.apache.spark.sql.catalyst.rules.Rule<org.apache.spark.sql.catalyst.plans.logical.LogicalPlan>>() {
      @Override
      public org.apache.spark.sql.catalyst.rules.Rule<org.apache.spark.sql.catalyst.plans.logical.LogicalPlan> apply(
          org.apache.spark.sql.SparkSession s) {
        return new CoordinatePruning();
      }
    });
    return BoxedUnit.UNIT;
  }
}
