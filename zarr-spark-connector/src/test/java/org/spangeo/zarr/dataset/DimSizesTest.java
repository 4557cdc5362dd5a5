package org.spangeo.zarr.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.InvalidArgumentException;

class DimSizesTest {

  @Test
  void keepsTheOrderGiven() {
    Map<String, Integer> m = DimSizes.parse(" longitude=4, latitude = 2", "--factor", 1, "latitude=4,longitude=4");
    assertEquals(List.of("longitude", "latitude"), List.copyOf(m.keySet()));
    assertEquals(List.of(4, 2), List.copyOf(m.values()));
    assertEquals(Map.of(), DimSizes.parse(" ", "--overlap", 0, "latitude=4"));
    assertEquals(Map.of("time", 0), DimSizes.parse("time=0", "--chunks", 0, "time=24"));
  }

  @Test
  void refusesWhatIsNotAList() {
    String[][] cases = {
        {"latitude", "positive"}, {"latitude=x", "positive"}, {"=4", "positive"}, {"latitude=0", "positive"},
        {"a=1=2", "positive"}};
    for (String[] c : cases) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
          () -> DimSizes.parse(c[0], "--stride", 1, "latitude=2,longitude=2"), c[0]);
      assertEquals("--stride '" + c[0] + "' is not DIM=N[,DIM=N] with " + c[1] + " N (latitude=2,longitude=2)", e.getMessage());
    }
    InvalidArgumentException neg = assertThrows(InvalidArgumentException.class, () -> DimSizes.parse("time=-1", "--overlap", 0, "time=2"));
    assertEquals("--overlap 'time=-1' is not DIM=N[,DIM=N] with non-negative N (time=2)", neg.getMessage());
    InvalidArgumentException twice = assertThrows(InvalidArgumentException.class,
        () -> DimSizes.parse("latitude=2,latitude=4", "--factor", 1, "latitude=4"));
    assertEquals("--factor 'latitude=2,latitude=4' names latitude twice", twice.getMessage());
  }
}
