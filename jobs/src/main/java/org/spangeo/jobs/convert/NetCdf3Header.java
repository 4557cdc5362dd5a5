package org.spangeo.jobs.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The header of a NetCDF-3 file (classic CDF-1, 64-bit offset CDF-2, 64-bit data CDF-5),
 * parsed from the format specification, and the layout of every variable's data. Every count
 * and size is checked against the file size before anything is allocated, so a corrupt header
 * is a one-line error naming the file, never an OutOfMemoryError or a hang.
 *
 * <pre>
 * header   = magic numrecs dim_list gatt_list var_list
 * dim      = name dim_length                   (dim_length 0: the record dimension)
 * attr     = name nc_type nelems [values]      (values padded to 4 bytes)
 * var      = name nelems [dimid...] vatt_list nc_type vsize begin
 * </pre>
 * NON_NEG counts are 4 bytes (8 in CDF-5); begin is 4 bytes in CDF-1, 8 in CDF-2 and CDF-5.
 */
final class NetCdf3Header {
  static final int NC_DIMENSION = 0x0A;
  static final int NC_VARIABLE = 0x0B;
  static final int NC_ATTRIBUTE = 0x0C;
  /** netCDF-C's NC_MAX_VAR_DIMS. */
  static final int MAX_VAR_DIMS = 1024;
  static final int MAX_NAME_BYTES = 64 << 10;

  record Dim(String name, long length, boolean record) {}

  /** A variable and where its data lie: element idx at begin + sum(idx[d] * strides[d]). */
  static final class Var {
    String name;
    List<String> dims;
    int[] dimIds;
    NcType type;
    LinkedHashMap<String, Object> attrs;
    long begin;
    boolean record;
    long[] shape;
    long[] strides;
    /** Bytes of one record (record variables) or of the whole variable. */
    long bytes;
  }

  final String location;
  final int version;
  final long fileSize;
  final boolean streaming;
  final long numrecs;
  final List<Dim> dims;
  final LinkedHashMap<String, Object> attrs;
  final List<Var> vars;
  final long recsize;
  final long headerEnd;

  private NetCdf3Header(String location, int version, long fileSize, boolean streaming, long numrecs, List<Dim> dims,
      LinkedHashMap<String, Object> attrs, List<Var> vars, long recsize, long headerEnd) {
    this.location = location;
    this.version = version;
    this.fileSize = fileSize;
    this.streaming = streaming;
    this.numrecs = numrecs;
    this.dims = dims;
    this.attrs = attrs;
    this.vars = vars;
    this.recsize = recsize;
    this.headerEnd = headerEnd;
  }

  static NetCdf3Header parse(ByteSource src) {
    HeaderInput in = new HeaderInput(src);
    byte[] magic = in.readBytes(4, "the magic number");
    if (magic[0] != 'C' || magic[1] != 'D' || magic[2] != 'F') {
      throw new IllegalArgumentException(src.location() + ": not a NetCDF-3 file: it starts with bytes "
          + FormatDetector.hex(magic) + " instead of CDF");
    }
    int version = magic[3];
    if (version != 1 && version != 2 && version != 5) {
      throw new IllegalArgumentException(src.location() + ": NetCDF-3 version byte " + (version & 0xff)
          + " is not supported (1 classic, 2 64-bit offset and 5 64-bit data are)");
    }
    boolean wide = version == 5;
    long rawNumrecs = wide ? in.readLong("numrecs") : in.readInt("numrecs");
    boolean streaming = rawNumrecs == -1;
    if (rawNumrecs < -1 || (!wide && rawNumrecs < 0 && !streaming)) {
      throw in.error("numrecs is negative (" + rawNumrecs + ")");
    }
    List<Dim> dims = readDims(in, wide);
    LinkedHashMap<String, Object> gatts = readAttributes(in, wide, version, "global attribute");
    List<Var> vars = readVars(in, wide, version, dims);
    long headerEnd = in.position();
    return layout(src.location(), version, in.fileSize(), streaming, streaming ? 0 : rawNumrecs, dims, gatts, vars,
        headerEnd);
  }

  private static long listCount(HeaderInput in, boolean wide, int tag, String what, int minEntryBytes) {
    int t = in.readInt(what + " list tag");
    long n = in.readNonNeg(wide, "the number of " + what + "s");
    if (t == 0) {
      if (n != 0) throw in.error("the absent " + what + " list has a count of " + n);
      return 0;
    }
    if (t != tag) {
      throw in.error("expected the " + what + " list tag 0x" + Integer.toHexString(tag) + " at offset "
          + (in.position() - (wide ? 12 : 8)) + ", found 0x" + Integer.toHexString(t));
    }
    if (n > in.remaining() / minEntryBytes) {
      throw in.error("it claims " + n + " " + what + "s, more than the " + in.fileSize() + "-byte file can hold");
    }
    return n;
  }

  private static String readName(HeaderInput in, boolean wide, String what) {
    long len = in.readNonNeg(wide, "the name length of " + what);
    if (len == 0) throw in.error(what + " has an empty name");
    if (len > MAX_NAME_BYTES) throw in.error(what + " has a name of " + len + " bytes");
    byte[] b = in.readBytes(len, "the name of " + what);
    in.skipPadding(len, "the name of " + what);
    return AttributeValues.text(b);
  }

  private static List<Dim> readDims(HeaderInput in, boolean wide) {
    long n = listCount(in, wide, NC_DIMENSION, "dimension", 12);
    List<Dim> dims = new ArrayList<>((int) n);
    boolean seenRecord = false;
    for (int i = 0; i < n; i++) {
      String name = readName(in, wide, "dimension " + i);
      long len = in.readNonNeg(wide, "the length of dimension " + FormatDetector.quote(name));
      if (len == 0) {
        if (seenRecord) throw in.error("dimension " + FormatDetector.quote(name) + " is a second unlimited dimension");
        seenRecord = true;
      }
      for (Dim d : dims) {
        if (d.name().equals(name)) throw in.error("dimension name " + FormatDetector.quote(name) + " appears twice");
      }
      dims.add(new Dim(name, len, len == 0));
    }
    return dims;
  }

  private static LinkedHashMap<String, Object> readAttributes(HeaderInput in, boolean wide, int version,
      String what) {
    long n = listCount(in, wide, NC_ATTRIBUTE, what, 16);
    LinkedHashMap<String, Object> attrs = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String name = readName(in, wide, what + " " + i);
      String label = what + " " + FormatDetector.quote(name);
      NcType type = readType(in, version, label);
      long count = in.readNonNeg(wide, "the length of " + label);
      if (count > in.remaining() / type.size) {
        throw in.error(label + " claims " + count + " values, more than the " + in.fileSize() + "-byte file can hold");
      }
      long bytes = count * type.size;
      byte[] raw = in.readBytes(bytes, "the values of " + label);
      in.skipPadding(bytes, "the values of " + label);
      Object value = type == NcType.CHAR ? AttributeValues.text(raw)
          : AttributeValues.numbers(type.kind, type.size, ByteBuffer.wrap(raw), ByteOrder.BIG_ENDIAN, (int) count);
      attrs.put(name, value);
    }
    return attrs;
  }

  private static NcType readType(HeaderInput in, int version, String what) {
    int code = in.readInt("the type of " + what);
    NcType t = NcType.of(code);
    if (t == null) throw in.error(what + " has an unknown type code " + code);
    if (t.cdf5Only && version != 5) {
      throw in.error(what + " has type " + t + ", which only CDF-5 files may use (this file is CDF-" + version + ")");
    }
    return t;
  }

  private static List<Var> readVars(HeaderInput in, boolean wide, int version, List<Dim> dims) {
    long n = listCount(in, wide, NC_VARIABLE, "variable", 32);
    List<Var> vars = new ArrayList<>((int) n);
    for (int i = 0; i < n; i++) {
      Var v = new Var();
      v.name = readName(in, wide, "variable " + i);
      String label = "variable " + FormatDetector.quote(v.name);
      long ndims = in.readNonNeg(wide, "the rank of " + label);
      if (ndims > MAX_VAR_DIMS || ndims > in.remaining() / 4) {
        throw in.error(label + " claims " + ndims + " dimensions");
      }
      v.dimIds = new int[(int) ndims];
      List<String> names = new ArrayList<>();
      for (int d = 0; d < ndims; d++) {
        long id = in.readNonNeg(wide, "a dimension id of " + label);
        if (id >= dims.size()) {
          throw in.error(label + " uses dimension id " + id + ", but there are " + dims.size() + " dimensions");
        }
        Dim dim = dims.get((int) id);
        if (dim.record() && d > 0) {
          throw in.error(label + " uses the unlimited dimension " + FormatDetector.quote(dim.name()) + " as dimension " + d
              + "; only the first may be unlimited");
        }
        v.dimIds[d] = (int) id;
        names.add(dim.name());
      }
      v.dims = Collections.unmodifiableList(names);
      v.attrs = readAttributes(in, wide, version, label + " attribute");
      v.type = readType(in, version, label);
      in.readNonNeg(wide, "the vsize of " + label); // recomputed below: it overflows for large variables
      v.begin = version == 1 ? in.readInt("the offset of " + label) : in.readLong("the offset of " + label);
      if (v.begin < 0) throw in.error(label + " has a negative data offset " + v.begin);
      v.record = ndims > 0 && dims.get(v.dimIds[0]).record();
      for (Var o : vars) {
        if (o.name.equals(v.name)) throw in.error("variable name " + FormatDetector.quote(v.name) + " appears twice");
      }
      vars.add(v);
    }
    return vars;
  }

  /** Computes shapes, strides, the record size and numrecs (streaming), and checks every extent. */
  private static NetCdf3Header layout(String loc, int version, long fileSize, boolean streaming, long numrecs,
      List<Dim> dims, LinkedHashMap<String, Object> gatts, List<Var> vars, long headerEnd) {
    String bad = loc + ": bad NetCDF-3 header: ";
    long sumPadded = 0;
    Var firstRec = null;
    for (Var v : vars) {
      String label = "variable " + FormatDetector.quote(v.name);
      long elems = 1;
      try {
        for (int d = v.record ? 1 : 0; d < v.dimIds.length; d++) elems = Math.multiplyExact(elems, dims.get(v.dimIds[d]).length());
        v.bytes = Math.multiplyExact(elems, v.type.size);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(bad + label + " is larger than 2^63 bytes");
      }
      if (v.begin < headerEnd) {
        throw new IllegalArgumentException(bad + label + " starts at byte " + v.begin + ", inside the header (which ends at "
            + headerEnd + ")");
      }
      if (v.record) {
        if (firstRec == null) firstRec = v;
        long padded = (v.bytes + 3) & ~3L;
        if (padded < 0 || sumPadded > Long.MAX_VALUE - padded) throw new IllegalArgumentException(bad + "the record size overflows");
        sumPadded += padded;
      } else if (v.begin > fileSize || v.bytes > fileSize - v.begin) {
        throw new IllegalArgumentException(loc + ": " + label + " (" + v.bytes + " bytes at offset " + v.begin
            + ") extends past the end of the file (" + fileSize + " bytes): the file is truncated or its header is corrupt");
      }
    }
    // netCDF-C: one record variable alone is not padded between records.
    long recsize = firstRec != null && sumPadded == ((firstRec.bytes + 3) & ~3L) ? firstRec.bytes : sumPadded;
    if (streaming) numrecs = recsize > 0 && firstRec.begin < fileSize ? (fileSize - firstRec.begin) / recsize : 0;
    for (Var v : vars) {
      v.shape = new long[v.dimIds.length];
      for (int d = 0; d < v.shape.length; d++) {
        Dim dim = dims.get(v.dimIds[d]);
        v.shape[d] = dim.record() ? numrecs : dim.length();
      }
      v.strides = new long[v.shape.length];
      long acc = v.type.size;
      for (int d = v.shape.length - 1; d >= 0; d--) {
        v.strides[d] = d == 0 && v.record ? recsize : acc;
        if (d > 0) acc *= v.shape[d];
      }
      if (v.record && numrecs > 0) {
        boolean fits;
        try {
          long end = Math.addExact(Math.addExact(v.begin, Math.multiplyExact(numrecs - 1, recsize)), v.bytes);
          fits = end <= fileSize;
        } catch (ArithmeticException e) {
          fits = false;
        }
        if (!fits) {
          throw new IllegalArgumentException(loc + ": record variable " + FormatDetector.quote(v.name) + " (" + numrecs + " records of "
              + recsize + " bytes from offset " + v.begin + ") extends past the end of the file (" + fileSize
              + " bytes): the file is truncated or its header is corrupt");
        }
      }
    }
    return new NetCdf3Header(loc, version, fileSize, streaming, numrecs, dims, gatts, vars, recsize, headerEnd);
  }
}
