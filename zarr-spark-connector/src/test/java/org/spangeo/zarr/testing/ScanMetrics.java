package org.spangeo.zarr.testing;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import scala.collection.JavaConverters;

/** The connector's SQL metrics of the (executed) Zarr scan in a query, summed over scans. */
public final class ScanMetrics {
  private ScanMetrics() {}

  public static Map<String, Long> of(Dataset<?> executed) {
    Map<String, Long> out = new HashMap<>();
    collect(executed.queryExecution().executedPlan(), out);
    if (out.isEmpty()) throw new AssertionError("no Zarr scan in the plan:\n" + executed.queryExecution().executedPlan());
    return out;
  }

  private static void collect(SparkPlan p, Map<String, Long> out) {
    if (p instanceof AdaptiveSparkPlanExec) {
      collect(((AdaptiveSparkPlanExec) p).executedPlan(), out);
      return;
    }
    if (p instanceof org.apache.spark.sql.execution.adaptive.QueryStageExec) {
      collect(((org.apache.spark.sql.execution.adaptive.QueryStageExec) p).plan(), out);
    }
    if (p instanceof BatchScanExec) {
      for (Map.Entry<String, SQLMetric> e : JavaConverters.mapAsJavaMap(p.metrics()).entrySet()) {
        out.merge(e.getKey(), e.getValue().value(), Long::sum);
      }
    }
    for (SparkPlan c : JavaConverters.seqAsJavaList(p.children())) collect(c, out);
  }
}
