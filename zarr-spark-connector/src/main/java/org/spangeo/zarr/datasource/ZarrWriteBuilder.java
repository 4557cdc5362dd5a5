package org.spangeo.zarr.datasource;

import java.util.Map;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.spangeo.zarr.store.HadoopConf;

/** mode("overwrite") truncates (replaces the store); mode("append") creates it or grows it along time. */
final class ZarrWriteBuilder implements WriteBuilder, SupportsTruncate {
  private final String target;
  private final LogicalWriteInfo info;
  private final HadoopConf conf;
  private boolean truncate;

  ZarrWriteBuilder(String target, LogicalWriteInfo info, HadoopConf conf) {
    this.target = target;
    this.info = info;
    this.conf = conf;
  }

  @Override
  public WriteBuilder truncate() {
    truncate = true;
    return this;
  }

  @Override
  public Write build() {
    WriteLayout layout = WriteLayout.of(info.schema(), info.options());
    Map<String, String> opts = info.options().asCaseSensitiveMap();
    return new Write() {
      @Override
      public String description() {
        return "Zarr write " + target + (truncate ? " (overwrite)" : " (append)");
      }

      @Override
      public BatchWrite toBatch() {
        return new ZarrBatchWrite(target, layout, info.schema(), opts, truncate, conf, info.queryId());
      }
    };
  }
}
