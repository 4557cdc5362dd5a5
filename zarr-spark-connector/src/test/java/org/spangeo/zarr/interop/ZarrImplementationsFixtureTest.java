package org.spangeo.zarr.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.store.HadoopStore;

/**
 * The zarr_implementations fixture (../shared/data/zarr_implementations): one 512 x 512 RGB
 * image that zarr-python stored four times (blosc, gzip, zlib, raw). Every copy must decode to
 * the pixels of reference_image.png.
 */
class ZarrImplementationsFixtureTest {
  private static Path fixture;
  private static int[][][] rgb; // [y][x][channel]

  /** ../shared: from surefire's spangeo.shared property, else relative to the working folder. */
  static Path shared() {
    List<Path> tried = new ArrayList<>();
    String prop = System.getProperty("spangeo.shared");
    if (prop != null && !prop.isEmpty()) tried.add(Path.of(prop));
    tried.add(Path.of("../shared"));
    tried.add(Path.of("../../shared"));
    for (Path p : tried) {
      if (Files.isDirectory(p.resolve("data"))) return p.toAbsolutePath().normalize();
    }
    throw new AssertionError("the shared test data folder is missing; looked in " + tried);
  }

  @BeforeAll
  static void loadReference() throws IOException {
    fixture = shared().resolve("data/zarr_implementations");
    Path png = fixture.resolve("reference_image.png");
    assertTrue(Files.isRegularFile(png), "missing " + png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "javax.imageio cannot read " + png);
    assertEquals(512, img.getWidth());
    assertEquals(512, img.getHeight());
    assertEquals(3, img.getRaster().getNumBands(), "reference image is RGB");
    rgb = new int[512][512][3];
    for (int y = 0; y < 512; y++) {
      for (int x = 0; x < 512; x++) {
        int p = img.getRGB(x, y);
        rgb[y][x][0] = (p >> 16) & 0xff;
        rgb[y][x][1] = (p >> 8) & 0xff;
        rgb[y][x][2] = p & 0xff;
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"blosc", "gzip", "zlib", "raw"})
  void decodesToTheReferenceImage(String name) throws IOException {
    Path zr = fixture.resolve("zarr.zr");
    JsonNode zarray = new ObjectMapper().readTree(zr.resolve(name).resolve(".zarray").toFile());
    ZarrArray a = ZarrArray.open(HadoopStore.open(zr.toString()), name);

    // the layout the .zarray file states
    assertEquals(2, a.metadata().zarrFormat());
    assertArrayEquals(new long[] {512, 512, 3}, a.metadata().shape());
    assertEquals(zarray.get("dtype").asText(), a.metadata().dtype().v2String());
    int[] chunks = new int[3];
    for (int i = 0; i < 3; i++) chunks[i] = zarray.get("chunks").get(i).asInt();
    assertArrayEquals(chunks, a.metadata().chunks());
    JsonNode comp = zarray.get("compressor");
    if (name.equals("raw")) assertTrue(comp.isNull());
    else assertEquals(name, comp.get("id").asText());

    RawChunk all = a.read(new long[3], new int[] {512, 512, 3});
    byte[] b = all.bytes();
    int bad = 0;
    String first = null;
    for (int y = 0; y < 512; y++) {
      for (int x = 0; x < 512; x++) {
        for (int c = 0; c < 3; c++) {
          int got = b[(y * 512 + x) * 3 + c] & 0xff;
          if (got != rgb[y][x][c]) {
            if (first == null) first = "[" + y + ", " + x + ", " + c + "] = " + got + ", png has " + rgb[y][x][c];
            bad++;
          }
        }
      }
    }
    assertEquals(0, bad, name + ": pixels differ from reference_image.png, first " + first);

    // an edge chunk, read on its own: rows 500..511, columns 500..511 of channel 2
    RawChunk edge = a.readChunk(new long[] {5, 5, 2});
    assertArrayEquals(chunks, edge.shape());
    for (int y = 500; y < 512; y++) {
      for (int x = 500; x < 512; x++) {
        int got = edge.bytes()[((y - 500) * chunks[1] + (x - 500)) * chunks[2]] & 0xff;
        assertEquals(rgb[y][x][2], got, "edge chunk 5.5.2 at [" + y + ", " + x + "]");
      }
    }
    assertNull(a.metadata().dimensionNames());
  }
}
