package org.spangeo.jobs.stages;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.blocks.BlockKey;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.VariableSpec;

/**
 * One {@code --point}, as xarray's {@code ds.sel(latitude=LAT, longitude=LON, method="nearest")}:
 * the size-1 latitude and longitude dims go, and the chosen grid values stay as scalar (0-d)
 * coordinates named in each variable's "coordinates" attribute, as xarray writes them. The
 * values are not touched: a block loses two axes of length 1, so its C-order data is the same.
 */
public final class PointDims {
  private PointDims() {}

  /** {@code r} without the size-1 {@code lat} and {@code lon} dims; unchanged where the output has none. */
  public static StageResult drop(StageInput in, StageResult r, String lat, String lon) {
    List<String> affected = new ArrayList<>();
    for (VariableSpec v : r.spec.variables().values()) {
      if (r.spec.isCoordinate(v.name())) continue;
      int a = v.dims().indexOf(lat);
      int b = v.dims().indexOf(lon);
      if (a >= 0 && b >= 0 && v.shape()[a] == 1 && v.shape()[b] == 1) affected.add(v.name());
    }
    if (affected.isEmpty()) return r;
    DatasetSpec spec = new DatasetSpec().attributes(r.spec.attributes());
    for (VariableSpec v : r.spec.variables().values()) {
      if (v.name().equals(lat) || v.name().equals(lon)) continue;
      if (r.spec.isCoordinate(v.name())) {
        spec.coordinate(v, r.spec.coordinateValues(v.name()));
      } else if (affected.contains(v.name())) {
        List<String> dims = new ArrayList<>();
        List<Long> shape = new ArrayList<>();
        List<Integer> chunks = new ArrayList<>();
        for (int a = 0; a < v.dims().size(); a++) {
          if (v.dims().get(a).equals(lat) || v.dims().get(a).equals(lon)) continue;
          dims.add(v.dims().get(a));
          shape.add(v.shape()[a]);
          chunks.add(v.chunks()[a]);
        }
        String coords = v.attributes().has("coordinates") ? v.attributes().get("coordinates").asText() + " " : "";
        spec.variable(v.withDims(dims, shape.stream().mapToLong(Long::longValue).toArray(),
            chunks.stream().mapToInt(Integer::intValue).toArray())
            .withAttributes(a -> a.put("coordinates", coords + lat + " " + lon)));
      } else {
        spec.variable(v);
      }
    }
    List<Block> scalars = new ArrayList<>();
    for (String c : new String[] {lat, lon}) {
      double value = chosen(in.ds, in.sel, c);
      spec.variable(VariableSpec.builder(c, List.of(), new long[0]).dtype(DType.FLOAT64)
          .attributes(Specs.cleanAttrs(in.ds.variable(c).attributes())).build());
      scalars.add(Block.ofDoubles(new BlockKey(c, List.of(), new long[0]), new int[0], new double[] {value}));
    }
    List<String> names = List.copyOf(affected);
    JavaRDD<Block> blocks = r.blocks.map(b -> names.contains(b.key().variable()) ? without(b, lat, lon) : b)
        .union(in.jsc.parallelize(scalars, 1));
    return new StageResult(spec, blocks, r.cellsIn);
  }

  private static double chosen(Dataset ds, Selection sel, String dim) {
    return ds.coordinateValues(dim)[sel.indices(dim)[0]];
  }

  /** The block with its two length-1 axes removed (same values, same order). */
  static Block without(Block b, String lat, String lon) {
    BlockKey k = b.key();
    int[] shape = b.shape();
    int[] out = new int[shape.length - 2];
    int j = 0;
    for (int a = 0; a < shape.length; a++) {
      String d = k.dims().get(a);
      if (!d.equals(lat) && !d.equals(lon)) out[j++] = shape[a];
    }
    BlockKey nk = k.without(lat).without(lon);
    return b.isFloat() ? Block.ofFloats(nk, out, b.floats()) : Block.ofDoubles(nk, out, b.doubles());
  }
}
