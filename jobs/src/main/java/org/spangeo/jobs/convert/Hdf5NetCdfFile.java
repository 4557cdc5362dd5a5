package org.spangeo.jobs.convert;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * A NetCDF-4 file read with jHDF (pure-Java HDF5): the root group's dimensions (see {@link
 * Hdf5Dimensions}), variables and attributes. Sub-groups are not read. Local files are opened
 * directly; files on other Hadoop FileSystems are read in place through a {@link
 * ByteSourceChannel}, without a local copy. Reads are serialized per file (jHDF's readers are
 * not documented as thread-safe).
 */
final class Hdf5NetCdfFile extends ParsedFile {
  static final String NON_COORD_PREFIX = "_nc4_non_coord_";

  private final String location;
  private final HdfFile hdf;
  private final AutoCloseable source;
  private final List<String> groups = new ArrayList<>();

  private Hdf5NetCdfFile(String location, HdfFile hdf, AutoCloseable source) {
    this.location = location;
    this.hdf = hdf;
    this.source = source;
    Hdf5Dimensions d = Hdf5Dimensions.resolve(LinkOrder.rootDatasets(hdf));
    dims.putAll(d.lengths());
    for (Dataset ds : d.variables()) {
      String name = ds.getName().startsWith(NON_COORD_PREFIX) ? ds.getName().substring(NON_COORD_PREFIX.length())
          : ds.getName();
      variables.add(new Hdf5Variable(location, ds, name, d.dimsOf(ds), d.shapeOf(ds), this));
    }
    attrs.putAll(Hdf5Attributes.of(hdf));
    for (Node n : hdf.getChildren().values()) {
      if (n.isGroup()) groups.add(n.getName());
    }
  }

  /** Opens the HDF5 file behind {@code src}; takes ownership of {@code src}. */
  static Hdf5NetCdfFile open(ByteSource src, Configuration conf) throws IOException {
    String location = src.location();
    HdfFile h = null;
    AutoCloseable keep = null;
    try {
      if (src instanceof LocalByteSource) {
        h = new HdfFile(((LocalByteSource) src).path());
        src.close();
      } else {
        URI uri = new org.apache.hadoop.fs.Path(location).toUri();
        h = new HdfFile(new ByteSourceChannel(src), uri);
        keep = src;
      }
      return new Hdf5NetCdfFile(location, h, keep);
    } catch (RuntimeException | LinkageError e) {
      if (h != null) FormatDetector.closeQuietly(h);
      FormatDetector.closeQuietly(src);
      if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(location)) {
        throw (IllegalArgumentException) e;
      }
      throw new IllegalArgumentException(location + ": cannot read this NetCDF-4/HDF5 file: "
          + FormatDetector.oneLine(e, location), e);
    }
  }

  /** Names of the root group's sub-groups, which are not read. */
  List<String> ignoredGroups() {
    return Collections.unmodifiableList(groups);
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public void close() {
    FormatDetector.closeQuietly(hdf);
    if (source != null) FormatDetector.closeQuietly(source);
  }

  @Override
  public String toString() {
    return "NetCDF-4/HDF5 " + location;
  }
}
