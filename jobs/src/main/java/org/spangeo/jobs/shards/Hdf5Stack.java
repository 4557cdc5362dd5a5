package org.spangeo.jobs.shards;

import io.jhdf.AbstractWritableNode;
import io.jhdf.HdfFile;
import io.jhdf.ObjectHeader;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.NodeType;
import io.jhdf.api.WritableDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HDF5 file of float32 datasets ({@code /x}, {@code /y}, {@code /edge}) written with jHDF
 * (the pure-Java HDF5 library the project reads NetCDF-4 with), streaming each dataset's
 * values from its shards one after the other: jHDF 0.9's writer takes a dataset as a whole Java
 * array, so each dataset here is jHDF's extension point, a {@link WritableDataset} that writes
 * the same object header jHDF writes for a contiguous dataset, then copies the values in, a
 * buffer at a time. Memory stays one buffer whatever the size of the file.
 */
public final class Hdf5Stack {
  private Hdf5Stack() {}

  /** The little-endian float32 values of one dataset, shard after shard. */
  public interface Source {
    /** The shards' values, in order; each stream is read to its end and closed. */
    List<InputStreamSupplier> parts();
  }

  /** Opens one part's values (the bytes after its .npy header). */
  public interface InputStreamSupplier {
    InputStream open() throws IOException;
  }

  /** Writes {@code file} with one dataset per entry: name to (shape, source). */
  public static void write(Path file, Map<String, long[]> shapes, Map<String, Source> sources) {
    if (FloatingPoint.FLOAT.getByteOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
      throw new org.spangeo.zarr.UnsupportedException("jHDF writes float32 in this machine's big-endian order; the shards are little-endian");
    }
    try (WritableHdfFile f = HdfFile.write(file)) {
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        f.putDataset(e.getKey(), new Streamed(f, e.getKey(), e.getValue(), sources.get(e.getKey())));
      }
    }
  }

  /** A contiguous float32 dataset whose values are copied from its source when the file is written. */
  static final class Streamed extends AbstractWritableNode implements WritableDataset {
    private final int[] dims;
    private final Source source;
    private final DataSpace space;

    Streamed(Group parent, String name, long[] shape, Source source) {
      super(parent, name);
      this.dims = new int[shape.length];
      for (int i = 0; i < shape.length; i++) dims[i] = Math.toIntExact(shape[i]);
      this.source = source;
      int[] ones = new int[shape.length];
      java.util.Arrays.fill(ones, 1);
      Object template = java.lang.reflect.Array.newInstance(float.class, ones); // jHDF reads the rank from an array
      this.space = DataSpace.modifyDimensions(DataSpace.fromObject(template), dims);
    }

    @Override
    public long write(HdfFileChannel channel, long position) {
      List<Message> messages = new ArrayList<>();
      messages.add(DataTypeMessage.create(FloatingPoint.FLOAT));
      messages.add(DataSpaceMessage.create(space));
      messages.add(FillValueMessage.NO_FILL);
      ContiguousDataLayoutMessage placeholder = ContiguousDataLayoutMessage.create(-1L, -1L);
      messages.add(placeholder);
      int headerSize = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
      long address = position + headerSize;
      long size = copy(channel, address);
      long expected = getSizeInBytes();
      if (size != expected) {
        throw new IllegalStateException("dataset '" + getName() + "': " + size + " bytes from the shards, " + expected + " expected");
      }
      messages.remove(placeholder);
      messages.add(ContiguousDataLayoutMessage.create(address, size));
      channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
      return address + size;
    }

    private long copy(HdfFileChannel channel, long address) {
      channel.position(address);
      byte[] buf = new byte[1 << 20];
      long total = 0;
      try {
        for (InputStreamSupplier part : source.parts()) {
          try (InputStream in = part.open()) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
              if (n == 0) continue;
              channel.write(ByteBuffer.wrap(buf, 0, n));
              total += n;
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("dataset '" + getName() + "': " + e.getMessage(), e);
      }
      return total;
    }

    @Override public long getSize() {
      long n = 1;
      for (int d : dims) n *= d;
      return n;
    }

    @Override public long getSizeInBytes() { return getSize() * 4; }
    @Override public long getStorageInBytes() { return getSizeInBytes(); }
    @Override public int[] getDimensions() { return dims.clone(); }
    @Override public boolean isScalar() { return dims.length == 0; }
    @Override public boolean isEmpty() { return getSize() == 0; }
    @Override public boolean isCompound() { return false; }
    @Override public boolean isVariableLength() { return false; }
    @Override public long[] getMaxSize() { return space.getMaxSizes(); }
    @Override public DataLayout getDataLayout() { return DataLayout.CONTIGUOUS; }
    @Override public Object getData() { throw new UnsupportedOperationException("a streamed dataset is written, not read"); }
    @Override public Object getDataFlat() { throw new UnsupportedOperationException("a streamed dataset is written, not read"); }
    @Override public Object getData(long[] offset, int[] shape) { throw new UnsupportedOperationException("a streamed dataset is written, not read"); }
    @Override public Class<?> getJavaType() { return float.class; }
    @Override public DataType getDataType() { return FloatingPoint.FLOAT; }
    @Override public Object getFillValue() { return null; }
    @Override public List<PipelineFilterWithData> getFilters() { return List.of(); }
    @Override public NodeType getType() { return NodeType.DATASET; }
    @Override public boolean isGroup() { return false; }
    @Override public File getFile() { return getParent().getFile(); }
    @Override public Path getFileAsPath() { return getParent().getFileAsPath(); }
    @Override public HdfFile getHdfFile() { return getParent().getHdfFile(); }
    @Override public long getAddress() { throw new UnsupportedOperationException("the address is known when written"); }
    @Override public boolean isLink() { return false; }
    @Override public boolean isAttributeCreationOrderTracked() { return false; }
  }
}
