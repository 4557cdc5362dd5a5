package org.spangeo.jobs.convert;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.message.DataLayout;
import io.jhdf.storage.HdfBackingStorage;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.metadata.DType;

/**
 * A NetCDF-4 variable (an HDF5 dataset). Boxes are read as raw stored bytes: contiguous data
 * with coalesced positioned reads, chunked data chunk by chunk ({@link Hdf5ChunkReader}),
 * compact data from the object header. Parts never written (missing chunks, unallocated
 * storage) read as the HDF5 fill value; parts past the dataset's own extent along an unlimited
 * dimension read as that fill value too, or netCDF's default fill when the file has none.
 */
final class Hdf5Variable implements FileVariable {
  private final String location;
  private final Dataset ds;
  private final String name;
  private final List<String> dims;
  private final long[] shape;
  private final LinkedHashMap<String, Object> attrs;
  private final DType dtype;
  private final String whyNot;
  private final Object lock;
  private byte[] fill;
  private byte[] extentFill;
  private Hdf5ChunkReader chunks;

  Hdf5Variable(String location, Dataset ds, String name, List<String> dims, long[] shape, Object lock) {
    this.location = location;
    this.ds = ds;
    this.name = name;
    this.dims = dims;
    this.shape = shape;
    this.lock = lock;
    this.attrs = Hdf5Attributes.of(ds);
    DType d = Hdf5Types.dtype(ds.getDataType());
    String why = Hdf5Types.whyNot(ds.getDataType());
    if (d != null && ds.getDataLayout() == DataLayout.CHUNKED) {
      try {
        ds.getFilters(); // builds jHDF's filter pipeline: fails for filters it cannot decode
      } catch (RuntimeException | LinkageError e) {
        why = "compressed with an HDF5 filter jHDF cannot decode (" + FormatDetector.oneLine(e) + ")";
        d = null;
      }
    }
    this.dtype = d;
    this.whyNot = why;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> dims() {
    return dims;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public Map<String, Object> attributes() {
    return Collections.unmodifiableMap(attrs);
  }

  /** Per axis, whether the dataset may grow along it (HDF5 max size unlimited): netCDF's unlimited dims. */
  boolean[] unlimitedAxes() {
    boolean[] u = new boolean[shape.length];
    try {
      long[] max = ds.getMaxSize();
      for (int d = 0; d < u.length && max != null && d < max.length; d++) u[d] = max[d] < 0 || max[d] == Long.MAX_VALUE;
    } catch (RuntimeException e) {
      // no max sizes recorded: fixed dims
    }
    return u;
  }

  @Override
  public boolean convertible() {
    return dtype != null;
  }

  @Override
  public String whyNotConvertible() {
    return whyNot;
  }

  @Override
  public RawChunk read(long[] start, int[] count) {
    String where = location + ": variable " + FormatDetector.quote(name);
    if (dtype == null) throw new UnsupportedOperationException(where + " cannot be read as numbers: " + whyNot);
    byte[] out = new byte[Box.bytes(where, shape, start, count, dtype.size())];
    synchronized (lock) {
      try {
        readInto(start, count, out);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + strip(FormatDetector.oneLine(e)), e);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(where + ": " + strip(FormatDetector.oneLine(e)), e);
      } catch (RuntimeException | LinkageError e) {
        throw new IllegalArgumentException(where + ": cannot read its HDF5 data: " + strip(FormatDetector.oneLine(e)), e);
      }
    }
    return new RawChunk(dtype, count.clone(), out);
  }

  private String strip(String m) {
    return m.startsWith(location + ": ") ? m.substring(location.length() + 2) : m;
  }

  private void readInto(long[] start, int[] count, byte[] out) throws IOException {
    int size = dtype.size();
    int[] ext = ds.getDimensions();
    int rank = ext.length;
    int[] inCount = new int[rank];
    boolean partial = false;
    long inside = 1;
    for (int d = 0; d < rank; d++) {
      inCount[d] = (int) Math.max(0, Math.min(start[d] + count[d], ext[d]) - start[d]);
      partial |= inCount[d] != count[d];
      inside *= inCount[d];
    }
    if (partial) BoxCopy.fill(out, extentFill());
    if (inside == 0 && rank > 0) return;
    byte[] target = partial ? new byte[(int) (inside * size)] : out;
    readInside(start, inCount, ext, target);
    if (partial) BoxCopy.copy(target, inCount, new int[rank], out, count, new int[rank], inCount, size);
  }

  /** Reads a box that lies inside the dataset's extent. */
  private void readInside(long[] start, int[] count, int[] ext, byte[] dst) throws IOException {
    int size = dtype.size();
    DataLayout layout = ds.getDataLayout();
    if (layout == DataLayout.CHUNKED) {
      if (!BoxCopy.isZero(fill())) BoxCopy.fill(dst, fill());
      if (chunks == null) chunks = new Hdf5ChunkReader((ChunkedDataset) ds, size);
      chunks.read(start, count, dst);
    } else if (layout == DataLayout.CONTIGUOUS && ds instanceof ContiguousDataset) {
      ContiguousDataset c = (ContiguousDataset) ds;
      if (c.isEmpty()) {
        BoxCopy.fill(dst, fill());
        return;
      }
      HdfBackingStorage storage = ds.getHdfFile().getHdfBackingStorage();
      PositionedReader in = (pos, b, off, len) -> storage.readBufferFromAddress(pos, len).get(b, off, len);
      long[] lshape = new long[ext.length];
      for (int d = 0; d < ext.length; d++) lshape[d] = ext[d];
      long[] strides = BoxCopy.strides(ext, size);
      StridedGather.gather(in, c.getDataAddress(), strides, lshape, size, start, count, dst);
    } else {
      ByteBuffer all = ((DatasetBase) ds).getDataBuffer();
      if (all == null) {
        BoxCopy.fill(dst, fill());
        return;
      }
      byte[] b = new byte[all.remaining()];
      all.duplicate().get(b);
      BoxCopy.copy(b, ext, Box.toInt(start), dst, count, new int[count.length], count, size);
    }
  }

  /** The HDF5 fill value as stored bytes (zeros when the file defines none). */
  private byte[] fill() {
    if (fill == null) {
      byte[] f = new byte[dtype.size()];
      try {
        Object v = ds.getFillValue();
        if (v != null && v.getClass().isArray()) v = Array.getLength(v) > 0 ? Array.get(v, 0) : null;
        if (v instanceof Number) f = AttributeValues.element(dtype, (Number) v);
      } catch (RuntimeException e) {
        // unreadable fill value message: HDF5's default, zeros
      }
      fill = f;
    }
    return fill;
  }

  /** The fill past the dataset's extent: its fill value, else netCDF's default fill. */
  private byte[] extentFill() {
    if (extentFill == null) {
      Object v = null;
      try {
        v = ds.getFillValue();
      } catch (RuntimeException e) {
        // none
      }
      extentFill = v != null ? fill() : Hdf5Types.netcdfDefaultFill(dtype);
    }
    return extentFill;
  }

  @Override
  public String toString() {
    return name + dims + " " + (dtype == null ? whyNot : dtype.name());
  }
}
