package org.spangeo.bench;

import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.spangeo.zarr.array.RawChunk;

/**
 * Single-thread cost of one chunk: the codec pipeline alone ({@code decode}), and the pipeline
 * plus a bulk copy into a Spark column vector ({@code decodeIntoColumn}): what the connector's
 * reader did for float columns before it handed Spark a view of the decoded bytes, and still
 * does for big-endian floats. The difference is the copy the view saves. Decoded MB/s = chunk
 * bytes / 10^6 / (ms/op) * 1000.
 *
 * <pre>
 * scripts/bench --jmh                  # or, by hand:
 * java -cp CLASSPATH org.openjdk.jmh.Main DecodeChunkBenchmark -p store=target/bench-data/...zarr
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DecodeChunkBenchmark {
  @Param({""})
  public String store;

  @Param({"t2m"})
  public String variable;

  /** How many chunks to cycle through (distinct inputs, not one chunk in the cache). */
  @Param({"16"})
  public int chunks;

  private BenchChunks data;
  private OnHeapColumnVector column;
  private int next;

  @Setup(Level.Trial)
  public void setup() {
    if (store == null || store.isEmpty()) {
      throw new IllegalArgumentException("pass the store: -p store=target/bench-data/<store>.zarr");
    }
    data = BenchChunks.load(store, variable, chunks);
    column = new OnHeapColumnVector((int) (data.chunkBytes / 4), DataTypes.FloatType);
    System.out.println("\n# chunk: " + data.chunkBytes + " B decoded, " + data.storedBytes / data.size()
        + " B stored (mean of " + data.size() + "), " + data.array.metadata().pipeline().describe());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    column.close();
  }

  @Benchmark
  public RawChunk decode() {
    int i = next;
    next = (i + 1) % data.size();
    return data.array.decode(data.indices.get(i), data.stored.get(i));
  }

  /** Decode, then one bulk copy into a float column (the reader's copying path). */
  @Benchmark
  public OnHeapColumnVector decodeIntoColumn() {
    int i = next;
    next = (i + 1) % data.size();
    RawChunk c = data.array.decode(data.indices.get(i), data.stored.get(i));
    column.reset();
    int rows = c.size();
    column.putFloatsLittleEndian(0, rows, c.bytes(), 0);
    return column;
  }
}
