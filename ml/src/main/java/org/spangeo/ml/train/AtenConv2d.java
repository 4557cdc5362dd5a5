package org.spangeo.ml.train;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.spangeo.ml.torchscript.TorchScriptWriter;

/**
 * A stride-1, "same"-padded {@link Conv2d} (same parameters, same saved file) computed by ATen's
 * own convolution ({@code aten::thnn_conv2d}: im2col and a GEMM, with its own backward) instead of
 * the oneDNN kernels that {@code torch.conv2d} picks on x86 for batches of two or more.
 *
 * <p>Why: the oneDNN 3.7.1 bundled with PyTorch 2.7.1 gives wrong convolutions on some x86
 * hosts whenever a channel count is not a multiple of its SIMD block (16 floats with AVX-512, 8
 * with AVX2): forward sums miss the last input-channel block (ic 17, 20; ic 12 with AVX2), and the
 * input gradient reads the never-written padding of the output-channel block (oc 4, 8, 12), so a
 * dirty allocator page turns whole filters' gradients into NaN. It is deterministic once the
 * allocator hands out used memory (docs/ml.md, "Convolutions and oneDNN"). Calling the ATen
 * operator needs no engine switch: PyTorch has no environment variable for
 * {@code torch.backends.mkldnn.enabled}, DJL does not expose it, and a scripted call works the same
 * in every JVM (driver, executors, tests) whatever launched it.
 */
public final class AtenConv2d extends Conv2d {
  private AtenConv2d(Builder b) {
    super(b);
  }

  /** A {@code kernel x kernel} convolution to {@code filters} channels, padding kernel/2, with bias. */
  public static AtenConv2d same(int filters, int kernel) {
    if (kernel < 1 || kernel % 2 == 0) throw new IllegalArgumentException("kernel " + kernel + " is not a positive odd size");
    Builder b = Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(kernel / 2, kernel / 2))
        .setFilters(filters);
    return new AtenConv2d(b);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = ps.getValue(weight, x.getDevice(), training);
    NDArray b = ps.getValue(bias, x.getDevice(), training);
    return Scripted.conv(x, w, b, training);
  }

  /** ATen's convolution as a one-method TorchScript module, loaded once per JVM. */
  static final class Scripted {
    private static final String CODE = """
          __parameters__ = []
          __buffers__ = []
          training : bool
          def forward(self: __torch__.AtenOps,
            x: Tensor,
            weight: Tensor,
            bias: Tensor) -> Tensor:
            kh = torch.size(weight, 2)
            kw = torch.size(weight, 3)
            return torch.thnn_conv2d(x, weight, [kh, kw], bias, [1, 1], [torch.floordiv(kh, 2), torch.floordiv(kw, 2)])
        """;
    private static volatile Model model;

    private Scripted() {}

    static Block block() {
      Model m = model;
      if (m == null) {
        synchronized (Scripted.class) {
          if (model == null) {
            DjlSetup.offline();
            Model loaded = Model.newInstance("aten-ops", "PyTorch");
            try {
              loaded.load(new ByteArrayInputStream(new TorchScriptWriter("AtenOps", CODE).toBytes("aten_ops")), null);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            } catch (MalformedModelException e) {
              throw new IllegalStateException("PyTorch refused Spangeo's scripted convolution: " + e.getMessage(), e);
            }
            model = loaded; // held for the JVM's life: a dropped Model is closed by DJL's cleaner
          }
          m = model;
        }
      }
      return m.getBlock();
    }

    static NDList conv(NDArray x, NDArray w, NDArray b, boolean training) {
      return block().forward(new ParameterStore(x.getManager(), false), new NDList(x, w, b), training);
    }
  }
}
