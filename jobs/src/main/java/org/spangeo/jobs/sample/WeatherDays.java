package org.spangeo.jobs.sample;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.spangeo.zarr.AlreadyExistsException;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.SpangeoException;

/**
 * The blocked-algorithms notebook's weather exercise input ({@code prep.py -d weather}): one
 * HDF5 file per day, {@code DIR/2014-01-01.hdf5}, ..., each with a single 2-D float32 dataset
 * {@code /t2m} (latitude x longitude rows, no dims, no time axis, as the notebook's files), the
 * input of {@code convert --stack-dim day}. A 1-degree global grid (180 x 360, north at row 0)
 * instead of the notebook's 5760 x 11520: an equator-to-pole gradient, a land-sea contrast, a
 * mid-latitude wave travelling east day by day, and seeded noise. Small enough for the driver
 * alone: no Spark job.
 */
public final class WeatherDays {
  private WeatherDays() {}

  public static final int NY = 180;
  public static final int NX = 360;
  static final LocalDate FIRST = LocalDate.of(2014, 1, 1);

  /** Writes {@code days} files into the local folder {@code dir}; returns their paths. */
  public static List<Path> write(String dir, int days, long seed, boolean overwrite) {
    if (days < 1 || days > 366) throw new InvalidArgumentException("--days " + days + " is not within 1..366");
    if (dir.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") && !dir.startsWith("file:")) {
      throw new InvalidArgumentException("--kind weather writes to a local folder (HDF5 files, as the notebook's), not '" + dir + "'");
    }
    Path out = Path.of(dir.startsWith("file:") ? java.net.URI.create(dir).getPath() : dir);
    List<Path> files = new ArrayList<>();
    for (int d = 0; d < days; d++) files.add(out.resolve(FIRST.plusDays(d) + ".hdf5"));
    if (!overwrite) {
      // refuse before writing any file, so that a refused run changes nothing
      for (Path f : files) {
        if (Files.exists(f)) throw new AlreadyExistsException("file '" + f + "' already exists (use --overwrite to replace it)");
      }
    }
    try {
      Files.createDirectories(out);
      for (int d = 0; d < days; d++) {
        Path tmp = out.resolve("." + files.get(d).getFileName() + ".tmp");
        try (WritableHdfFile f = HdfFile.write(tmp)) {
          f.putDataset("t2m", field(d, seed));
        }
        Files.move(tmp, files.get(d), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new SpangeoException("cannot write the weather files in '" + out + "': " + e.getMessage(), e);
    }
    return files;
  }

  /** Day {@code d}'s 2 m temperature (K) on the grid; row 0 is 89.5N, column 0 is 0.5E. */
  static float[][] field(int d, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + d);
    float[][] t = new float[NY][NX];
    for (int i = 0; i < NY; i++) {
      double lat = Math.toRadians(89.5 - i);
      double s = Math.sin(lat);
      double jet = Math.exp(-Math.pow((Math.toDegrees(lat) - 45) / 15, 2));
      for (int j = 0; j < NX; j++) {
        double lon = Math.toRadians(0.5 + j);
        // continents colder in January in the north, ocean milder: two broad land masses
        double land = Math.max(0, Math.cos(2 * (lon - Math.toRadians(60)))) * Math.max(0, s);
        double wave = 6 * jet * Math.cos(5 * lon - 0.35 * d);
        double noise = rnd.nextGaussian();
        t[i][j] = (float) (300 - 48 * s * s - 12 * s - 14 * land + wave + 1.2 * noise);
      }
    }
    return t;
  }
}
