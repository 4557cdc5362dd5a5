package org.spangeo.zarr.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.codec.BloscCodec;
import org.spangeo.zarr.codec.Codec;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.metadata.V2Pipeline;

/** The VariableSpec builder's defaults and the DatasetSpec template verbs the stages derive their outputs with. */
class TemplateVerbsTest {

  /** An hourly t(time, latitude, longitude) over 48 x 3 x 4 with its coordinates, as Specs.like gives it. */
  static DatasetSpec input() {
    long[] hours = new long[48];
    for (int i = 0; i < hours.length; i++) hours[i] = i * 3_600_000_000L;
    ObjectNode attrs = MetadataParser.JSON.createObjectNode().put("units", "K");
    return new DatasetSpec()
        .coordinate(VariableSpec.coordinate("time", 48).times(CfTime.parse("hours since 1970-01-01", "gregorian")).build(), hours)
        .coordinate(VariableSpec.coordinate("latitude", 3).dtype(DType.FLOAT64).build(), new double[] {30, 20, 10})
        .coordinate(VariableSpec.coordinate("longitude", 4).dtype(DType.FLOAT64).build(), new double[] {100, 110, 120, 130})
        .variable(VariableSpec.builder("t", List.of("time", "latitude", "longitude"), new long[] {48, 3, 4}).chunks(24, 3, 2)
            .compressor("blosc:zstd:3:bitshuffle").attributes(attrs).build());
  }

  @Test
  void builderDefaults() {
    VariableSpec c = VariableSpec.coordinate("level", 5).dtype(DType.INT32).build();
    assertEquals(List.of("level"), c.dims());
    assertArrayEquals(new int[] {5}, c.chunks());
    assertFalse(c.metadata().fillValue().isPresent(), "integers have no fill");
    assertNull(compressor(c), "coordinates are written uncompressed");
    VariableSpec t = VariableSpec.coordinate("time", 0).times(CfTime.parse("days since 2000-01-01", null)).build();
    assertEquals(DType.INT64, t.dtype());
    assertArrayEquals(new int[] {1}, t.chunks(), "an empty dim still has a chunk of 1");
    VariableSpec v = VariableSpec.builder("x", List.of("a"), new long[] {10}).compressor((String) null).build();
    assertEquals(DType.FLOAT32, v.dtype());
    assertTrue(Double.isNaN(v.metadata().fillValue().asDouble()), "floats are NaN-filled");
    assertTrue(compressor(v) instanceof BloscCodec, "a null spec is the default compressor");
  }

  @Test
  void dropDimsIsTheTemplateOfAnAreaMean() {
    DatasetSpec out = input().dropDims("latitude", "longitude");
    assertEquals(List.of("time", "t"), List.copyOf(out.variables().keySet()));
    VariableSpec t = out.variable("t");
    assertEquals(List.of("time"), t.dims());
    assertArrayEquals(new long[] {48}, t.shape());
    assertArrayEquals(new int[] {24}, t.chunks());
    assertEquals("K", t.attributes().get("units").asText());
  }

  @Test
  void replaceDimPutsTheGroupsWhereTimeWas() {
    VariableSpec days = VariableSpec.coordinate("day", 2).dtype(DType.INT64).build();
    DatasetSpec out = input().replaceDim("time", days, new double[] {1, 2});
    assertEquals(List.of("day", "latitude", "longitude", "t"), List.copyOf(out.variables().keySet()));
    assertArrayEquals(new double[] {1, 2}, (double[]) out.coordinateValues("day"));
    VariableSpec t = out.variable("t");
    assertEquals(List.of("day", "latitude", "longitude"), t.dims());
    assertArrayEquals(new long[] {2, 3, 4}, t.shape());
    assertArrayEquals(new int[] {2, 3, 2}, t.chunks(), "the chunk is cut to the new length");
    assertArrayEquals(new int[] {1, 3, 2}, out.withChunks(java.util.Map.of("day", 1)).variable("t").chunks());
  }

  @Test
  void withVariableRetypesOneVariable() {
    ObjectNode a = MetadataParser.JSON.createObjectNode().put("cell_methods", "time: mean");
    DatasetSpec out = input().withVariable("t", DType.FLOAT64, a);
    VariableSpec t = out.variable("t");
    assertEquals(DType.FLOAT64, t.dtype());
    assertEquals("time: mean", t.attributes().get("cell_methods").asText());
    assertTrue(Double.isNaN(t.metadata().fillValue().asDouble()));
    assertTrue(compressor(t) instanceof BloscCodec, "the compressor is kept");
    assertEquals(DType.FLOAT32, input().variable("t").dtype(), "the input's template is left as it was");
    ZarrException e = assertThrows(ZarrException.class, () -> input().withVariable("u", DType.FLOAT32, a));
    assertEquals("the output has no variable 'u' (it has [time, latitude, longitude, t])", e.getMessage());
  }

  /** The input with two variables carried whole from the source (as Specs.carry adds them): bounds over latitude and over time. */
  static DatasetSpec withBounds() {
    DatasetSpec in = input();
    in.carried(VariableSpec.builder("lat_bnds", List.of("latitude", "bnds"), new long[] {3, 2}).dtype(DType.FLOAT64).build(),
        new double[] {35, 25, 25, 15, 15, 5});
    in.carried(VariableSpec.builder("time_bnds", List.of("time", "bnds"), new long[] {48, 2}).dtype(DType.FLOAT64).build(),
        new double[96]);
    return in;
  }

  @Test
  void carriedVariablesKeepTheirValuesOrGoWithTheirDim() {
    DatasetSpec area = withBounds().dropDims("latitude", "longitude");
    assertEquals(List.of("time", "t", "time_bnds"), List.copyOf(area.variables().keySet()));
    assertTrue(area.isCarried("time_bnds"));
    assertEquals(96, ((double[]) area.coordinateValues("time_bnds")).length);

    DatasetSpec daily = withBounds().replaceDim("time", VariableSpec.coordinate("day", 2).dtype(DType.INT64).build(),
        new double[] {1, 2});
    assertEquals(List.of("day", "latitude", "longitude", "t", "lat_bnds"), List.copyOf(daily.variables().keySet()));
    assertArrayEquals(new double[] {35, 25, 25, 15, 15, 5}, (double[]) daily.coordinateValues("lat_bnds"));

    DatasetSpec v3 = withBounds().withVariable("t", DType.FLOAT64, (ObjectNode) null).withChunks(java.util.Map.of("time", 6)).withZarrFormat(3);
    assertTrue(v3.isCarried("lat_bnds") && v3.isCarried("time_bnds"), "carried variables stay carried");
    assertTrue(v3.isDimCoordinate("time"));
    assertEquals(3, v3.variable("lat_bnds").zarrFormat());
    assertArrayEquals(new int[] {6, 3, 2}, v3.variable("t").chunks());
    assertArrayEquals(new int[] {48, 2}, v3.variable("time_bnds").chunks(), "withChunks leaves held arrays as they are");
  }

  static Codec compressor(VariableSpec v) {
    return ((V2Pipeline) v.metadata().pipeline()).compressor();
  }
}
