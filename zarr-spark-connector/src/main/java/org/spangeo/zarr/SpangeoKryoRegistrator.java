package org.spangeo.zarr;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers the classes that Spangeo jobs move through Kryo (shuffles, cached blocks, task
 * results), so that {@code spark.kryo.registrationRequired=true} can be on: an unregistered
 * class is then an error at once instead of a silent slow path.
 */
public class SpangeoKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    RecordSerializer.register(kryo, classes());
    // broadcast to executors once per read; its own Java serialization carries the Hadoop configuration
    kryo.register(org.spangeo.zarr.dataset.Dataset.class, new com.esotericsoftware.kryo.serializers.JavaSerializer());
  }

  static Class<?>[] classes() {
    try {
      return new Class<?>[] {
          // Spark SQL task results and broadcasts that Spark does not register itself
          Class.forName("org.apache.spark.sql.execution.joins.UnsafeHashedRelation"),
          Class.forName("org.apache.spark.sql.execution.joins.LongHashedRelation"),
          Class.forName("org.apache.spark.sql.execution.joins.LongToUnsafeRowMap"),
          Class.forName("org.apache.spark.sql.catalyst.expressions.UnsafeRow"),
          Class.forName("[Lorg.apache.spark.sql.catalyst.InternalRow;"),
          Class.forName("[Lorg.apache.spark.sql.catalyst.expressions.UnsafeRow;"),
          Class.forName("org.apache.spark.sql.execution.datasources.WriteTaskResult"),
          Class.forName("org.apache.spark.sql.execution.datasources.BasicWriteTaskStats"),
          Class.forName("org.apache.spark.sql.execution.datasources.ExecutedWriteSummary"),
          Class.forName("org.apache.spark.sql.catalyst.expressions.GenericInternalRow"),
          Class.forName("org.apache.spark.unsafe.types.UTF8String"),
          Class.forName("org.apache.spark.sql.types.StructType"),
          Class.forName("org.apache.spark.sql.types.StructField"),
          Class.forName("[Lorg.apache.spark.sql.types.StructField;"),
          Class.forName("org.apache.spark.sql.types.Metadata"),
          Class.forName("scala.collection.immutable.Map$EmptyMap$"),
          // df.write.format("zarr"): what a write task returns to the driver
          Class.forName("org.apache.spark.sql.execution.datasources.v2.DataWritingSparkTaskResult"),
          Class.forName("org.spangeo.zarr.datasource.FragmentWriter$Committed"),
          Class.forName("[Lorg.apache.spark.sql.connector.metric.CustomTaskMetric;"),
          long[][].class,
          double[][].class,
          org.spangeo.zarr.blocks.Block.class,
          org.spangeo.zarr.blocks.BlockKey.class,
          org.spangeo.zarr.blocks.BlockTask.class,
          int[][].class,
          Object[].class,
          long[].class,
          int[].class,
          double[].class,
          float[].class,
          byte[][].class,
          String[].class,
      };
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Spark class missing from the class path: " + e.getMessage(), e);
    }
  }
}
