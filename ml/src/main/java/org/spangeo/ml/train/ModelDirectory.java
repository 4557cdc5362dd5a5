package org.spangeo.ml.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.spangeo.ml.patches.Normalisation;
import org.spangeo.zarr.AlreadyExistsException;
import org.spangeo.zarr.CorruptDataException;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.NotFoundException;
import org.spangeo.zarr.SpangeoException;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;

/**
 * A model directory on any Hadoop FileSystem: {@code model.json} (the {@link ModelConfig}),
 * {@code normalisation.json}, {@code convection-0000.params} (DJL/PyTorch parameters) and
 * {@code training-log.json}. Saved by writing locally and copying through Hadoop FS into a hidden
 * staging folder renamed into place; loaded by copying to a local temporary folder (DJL reads
 * local files), every path relative.
 */
public final class ModelDirectory {
  private ModelDirectory() {}

  /**
   * A model ready to predict: its config, statistics and the DJL model (parameters loaded).
   * {@code config} and {@code statistics} are null for a TorchScript model (the command line gives
   * them); {@code calibration} (from calibration.json) is null for a model trained before calibration.
   */
  public record Loaded(String path, ModelConfig config, Normalisation statistics, Model model, Calibration calibration)
      implements AutoCloseable {
    @Override
    public void close() {
      model.close();
    }
  }

  /** Copies the files of {@code local} to {@code target} (staging folder, then a rename). */
  public static void save(HadoopConf conf, Path local, String target, boolean overwrite) {
    try {
      org.apache.hadoop.fs.Path t = new org.apache.hadoop.fs.Path(target);
      FileSystem fs = t.getFileSystem(conf.get());
      if (fs.exists(t) && !overwrite) throw new AlreadyExistsException("model directory '" + target + "' already exists (use --overwrite)");
      org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(t.getParent(), "." + t.getName() + ".spangeo-staging");
      fs.delete(staging, true);
      fs.mkdirs(staging);
      try (Stream<Path> files = Files.list(local)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(f.toUri()),
              new org.apache.hadoop.fs.Path(staging, f.getFileName().toString()));
        }
      }
      if (fs.exists(t)) fs.delete(t, true);
      if (!fs.rename(staging, t)) throw new IOException("cannot rename " + staging + " to " + t);
    } catch (IOException e) {
      throw new SpangeoException("cannot save the model to '" + target + "': " + e.getMessage());
    }
  }

  /** Reads model.json (driver side: checks a directory before any work). */
  public static ModelConfig readConfig(HadoopConf conf, String path) {
    ModelConfig c = ModelConfig.fromJson(readJson(conf, path, ModelConfig.FILE), "'" + path + "'");
    org.apache.hadoop.fs.Path params = new org.apache.hadoop.fs.Path(path, ModelConfig.PARAMS_PREFIX + "-0000.params");
    try {
      if (!params.getFileSystem(conf.get()).exists(params)) {
        throw new CorruptDataException("'" + path + "' is not a complete model directory: " + params.getName() + " is missing");
      }
    } catch (IOException e) {
      throw new SpangeoException("'" + path + "': " + e.getMessage());
    }
    return c;
  }

  public static Normalisation readStatistics(HadoopConf conf, String path) {
    return Normalisation.fromJson(readJson(conf, path, ModelConfig.STATS_FILE), "model directory '" + path + "'");
  }

  private static com.fasterxml.jackson.databind.JsonNode readJson(HadoopConf conf, String dir, String name) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir, name);
    try {
      FileSystem fs = p.getFileSystem(conf.get());
      if (!fs.exists(p)) {
        throw new NotFoundException("'" + dir + "' is not a Spangeo model directory (no " + name + "; train one with 'spangeo train')");
      }
      try (InputStream in = fs.open(p)) {
        return MetadataParser.JSON.readTree(in);
      }
    } catch (IOException e) {
      throw new SpangeoException("'" + dir + "': cannot read " + name + ": " + e.getMessage().split("\n")[0]);
    }
  }

  /** Loads a model directory: config, statistics and parameters (copied to a local temporary folder). */
  public static Loaded load(HadoopConf conf, String path) {
    DjlSetup.offline();
    ModelConfig cfg = readConfig(conf, path);
    Normalisation stats = readStatistics(conf, path);
    Path local;
    try {
      local = Files.createTempDirectory("spangeo-model-");
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(path);
      FileSystem fs = dir.getFileSystem(conf.get());
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.isFile()) fs.copyToLocalFile(false, s.getPath(), new org.apache.hadoop.fs.Path(local.resolve(s.getPath().getName()).toUri()), true);
      }
    } catch (IOException e) {
      throw new SpangeoException("'" + path + "': cannot copy the model: " + e.getMessage());
    }
    Block block = ConvNet.build(cfg.architecture, cfg.hidden, cfg.layers);
    Model model = Model.newInstance(ModelConfig.PARAMS_PREFIX, "PyTorch");
    model.setBlock(block);
    try {
      model.load(local, ModelConfig.PARAMS_PREFIX);
      for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
        if (!p.getValue().isInitialized()) throw new MalformedModelException("parameter '" + p.getKey() + "' was not in the file");
      }
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new CorruptDataException("'" + path + "': cannot load the model parameters: " + String.valueOf(e.getMessage()).split("\n")[0]);
    } finally {
      deleteQuietly(local);
    }
    return new Loaded(path, cfg, stats, model, readCalibration(conf, path));
  }

  /** The model's calibration, or null when the directory has none (a model trained before calibration). */
  public static Calibration readCalibration(HadoopConf conf, String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path, Calibration.FILE);
    try {
      if (!p.getFileSystem(conf.get()).exists(p)) return null;
    } catch (IOException e) {
      throw new InvalidArgumentException("'" + path + "': " + e.getMessage());
    }
    return Calibration.fromJson(readJson(conf, path, Calibration.FILE), "'" + path + "/" + Calibration.FILE + "'");
  }

  /** Writes a JSON file into a local folder. */
  public static void writeJson(Path dir, String name, com.fasterxml.jackson.databind.JsonNode json) {
    try {
      Files.write(dir.resolve(name), MetadataParser.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json)
          .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder; the OS cleans it
    }
  }
}
