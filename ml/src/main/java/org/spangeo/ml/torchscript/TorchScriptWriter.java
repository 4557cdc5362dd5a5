package org.spangeo.ml.torchscript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript archive (what {@code torch.jit.save} writes, what {@code torch.jit.load} and
 * DJL read) without Python: the module's TorchScript source ({@code code/__torch__.py}, compiled by
 * the loader), its attributes and float parameters pickled in {@code data.pkl} the way PyTorch
 * pickles them ({@code torch._utils._rebuild_tensor_v2} over {@code data/N} storages), an empty
 * {@code constants.pkl} and the format {@code version}. One class, one module, float32 tensors:
 * enough for the scripted operators Spangeo needs and for small models built by tests.
 */
public final class TorchScriptWriter {
  private final String className;
  private final String code;
  private final Map<String, Object> attributes = new LinkedHashMap<>();
  private final List<float[]> storages = new ArrayList<>();

  /** A float32 tensor of a given shape (C order). */
  public record Tensor(float[] data, long... shape) {
    public Tensor {
      long n = 1;
      for (long s : shape) n *= s;
      if (n != data.length) throw new IllegalArgumentException("tensor of shape " + java.util.Arrays.toString(shape) + " needs " + n
          + " values, not " + data.length);
    }
  }

  /**
   * {@code code} is the body of {@code class CLASSNAME(Module):} as TorchScript serialises it: the
   * {@code __parameters__}/{@code __buffers__} lists, the attribute annotations and the methods.
   */
  public TorchScriptWriter(String className, String code) {
    this.className = className;
    this.code = code;
  }

  /** An attribute of the module: Boolean, Integer/Long, Double or a {@link Tensor}. */
  public TorchScriptWriter attribute(String name, Object value) {
    attributes.put(name, value);
    return this;
  }

  /** The archive's bytes (a zip; {@code name} is its top folder, as torch.jit.save uses the file's stem). */
  public byte[] toBytes(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(name, out);
    return out.toByteArray();
  }

  public void write(String name, OutputStream target) {
    storages.clear();
    Pickle p = new Pickle();
    p.global("__torch__", className);
    p.op(Pickle.EMPTY_TUPLE).op(Pickle.NEWOBJ).op(Pickle.EMPTY_DICT).op(Pickle.MARK);
    p.str("training").op(Pickle.NEWTRUE);
    for (Map.Entry<String, Object> a : attributes.entrySet()) {
      p.str(a.getKey());
      value(p, a.getValue());
    }
    p.op(Pickle.SETITEMS).op(Pickle.BUILD).op(Pickle.STOP);
    try (ZipOutputStream zip = new ZipOutputStream(target)) {
      stored(zip, name + "/data.pkl", p.bytes());
      stored(zip, name + "/code/__torch__.py", ("class " + className + "(Module):\n" + code).getBytes(StandardCharsets.UTF_8));
      stored(zip, name + "/constants.pkl", new Pickle().op(Pickle.EMPTY_TUPLE).op(Pickle.STOP).bytes());
      stored(zip, name + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < storages.size(); i++) {
        float[] f = storages.get(i);
        ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(f);
        stored(zip, name + "/data/" + i, b.array());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void value(Pickle p, Object v) {
    if (v instanceof Boolean b) {
      p.op(b ? Pickle.NEWTRUE : Pickle.NEWFALSE);
    } else if (v instanceof Integer || v instanceof Long) {
      p.integer(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      p.real(((Number) v).doubleValue());
    } else if (v instanceof Tensor t) {
      int key = storages.size();
      storages.add(t.data());
      // torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks)
      p.global("torch._utils", "_rebuild_tensor_v2").op(Pickle.MARK);
      p.op(Pickle.MARK).str("storage").global("torch", "FloatStorage").str(Integer.toString(key)).str("cpu")
          .integer(t.data().length).op(Pickle.TUPLE).op(Pickle.BINPERSID);
      p.integer(0);
      long[] stride = new long[t.shape().length];
      long s = 1;
      for (int d = stride.length - 1; d >= 0; d--) {
        stride[d] = s;
        s *= t.shape()[d];
      }
      p.op(Pickle.MARK);
      for (long d : t.shape()) p.integer(d);
      p.op(Pickle.TUPLE).op(Pickle.MARK);
      for (long d : stride) p.integer(d);
      p.op(Pickle.TUPLE).op(Pickle.NEWFALSE);
      p.global("collections", "OrderedDict").op(Pickle.EMPTY_TUPLE).op(Pickle.REDUCE);
      p.op(Pickle.TUPLE).op(Pickle.REDUCE);
    } else {
      throw new IllegalArgumentException("attribute value " + v + " is not a boolean, number or tensor");
    }
  }

  /** PyTorch's reader takes stored (uncompressed) entries, as torch.jit.save writes them. */
  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /** The few pickle (protocol 2) opcodes a TorchScript data.pkl uses. */
  static final class Pickle {
    static final int MARK = '(';
    static final int STOP = '.';
    static final int TUPLE = 't';
    static final int EMPTY_TUPLE = ')';
    static final int EMPTY_DICT = '}';
    static final int SETITEMS = 'u';
    static final int BUILD = 'b';
    static final int REDUCE = 'R';
    static final int BINPERSID = 'Q';
    static final int NEWOBJ = 0x81;
    static final int NEWTRUE = 0x88;
    static final int NEWFALSE = 0x89;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle() {
      out.write(0x80);
      out.write(2);
    }

    Pickle op(int code) {
      out.write(code);
      return this;
    }

    Pickle global(String module, String name) {
      out.write('c');
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Pickle str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write('X');
      int32(b.length);
      out.writeBytes(b);
      return this;
    }

    Pickle integer(long v) {
      if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        out.write('J');
        int32((int) v);
      } else {
        out.write(0x8a); // LONG1: 8 little-endian bytes
        out.write(8);
        for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)));
      }
      return this;
    }

    Pickle real(double d) {
      out.write('G');
      long bits = Double.doubleToRawLongBits(d);
      for (int i = 7; i >= 0; i--) out.write((int) (bits >>> (8 * i)));
      return this;
    }

    private void int32(int v) {
      for (int i = 0; i < 4; i++) out.write(v >>> (8 * i));
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
