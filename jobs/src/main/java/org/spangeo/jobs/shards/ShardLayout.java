package org.spangeo.jobs.shards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.metadata.MetadataParser;

/**
 * The radiation sharding notebook's two ways of turning one atmospheric column into training
 * arrays:
 * <ul>
 *   <li>{@code flattened}: every input flattened and concatenated, {@code x} (4128) =
 *       hl_inputs (138 x 2) | inter_inputs (136 x 1) | sca_inputs (17) | col_inputs (137 x 27),
 *       {@code y} (552) = flux_dn_sw | flux_up_sw | flux_dn_lw | flux_up_lw (138 each);</li>
 *   <li>{@code features}: on the 138 half levels, {@code x} (138, 20) = hl_inputs (2) |
 *       inter_inputs padded with a zero above and below (1) | sca_inputs repeated on every level
 *       (17); {@code y} (138, 4) = the four fluxes; {@code edge} (137, 27) = col_inputs.</li>
 * </ul>
 * Rows are built from one column's values of each input (C order), as {@code da.reshape},
 * {@code da.concatenate}, {@code da.pad} and {@code da.repeat} + {@code da.moveaxis} do in the
 * notebook.
 */
public final class ShardLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String[] INPUTS = {"hl_inputs", "inter_inputs", "sca_inputs", "col_inputs"};
  public static final String[] FLUXES = {"flux_dn_sw", "flux_up_sw", "flux_dn_lw", "flux_up_lw"};

  public final boolean features;
  /** Per-column sizes of the inputs: hl (halfLevels x nHl), inter (interfaces), sca, col (levels x nCol). */
  final int halfLevels;
  final int nHl;
  final int interfaces;
  final int nSca;
  final int levels;
  final int nCol;

  ShardLayout(boolean features, int halfLevels, int nHl, int interfaces, int nSca, int levels, int nCol) {
    this.features = features;
    this.halfLevels = halfLevels;
    this.nHl = nHl;
    this.interfaces = interfaces;
    this.nSca = nSca;
    this.levels = levels;
    this.nCol = nCol;
    if (features && interfaces + 2 != halfLevels) {
      throw new InvalidArgumentException("--layout features pads the " + interfaces + " interfaces to the half levels, but there are "
          + halfLevels + " half levels (need interfaces + 2)");
    }
  }

  public static ShardLayout parse(String name, int halfLevels, int nHl, int interfaces, int nSca, int levels, int nCol) {
    switch (name) {
      case "flattened": return new ShardLayout(false, halfLevels, nHl, interfaces, nSca, levels, nCol);
      case "features": return new ShardLayout(true, halfLevels, nHl, interfaces, nSca, levels, nCol);
      default: throw new InvalidArgumentException("--layout '" + name + "' is not flattened or features");
    }
  }

  public String name() {
    return features ? "features" : "flattened";
  }

  /** The arrays a sample gives: x, y (and edge for features). */
  public List<String> arrays() {
    return features ? List.of("x", "y", "edge") : List.of("x", "y");
  }

  /** The shape of one sample of an array (without the sample dim). */
  public int[] sampleShape(String array) {
    switch (array) {
      case "x": return features ? new int[] {halfLevels, nHl + 1 + nSca} : new int[] {xWidth()};
      case "y": return features ? new int[] {halfLevels, 4} : new int[] {4 * halfLevels};
      default: return new int[] {levels, nCol};
    }
  }

  public int rowLength(String array) {
    int n = 1;
    for (int s : sampleShape(array)) n *= s;
    return n;
  }

  int xWidth() {
    return halfLevels * nHl + interfaces + nSca + levels * nCol;
  }

  /** The features statistics are taken over: the last axis (per level pooled) for features, every column for flattened. */
  public int statFeatures(String array) {
    int[] s = sampleShape(array);
    return s[s.length - 1];
  }

  /**
   * Writes sample {@code i}'s x row from one column's inputs ({@code hl} at {@code hlOff}, ...)
   * into {@code x} at {@code at}.
   */
  void x(float[] hl, int hlOff, float[] inter, int interOff, float[] sca, int scaOff, float[] col, int colOff, float[] x, int at) {
    if (!features) {
      int p = at;
      System.arraycopy(hl, hlOff, x, p, halfLevels * nHl);
      p += halfLevels * nHl;
      System.arraycopy(inter, interOff, x, p, interfaces);
      p += interfaces;
      System.arraycopy(sca, scaOff, x, p, nSca);
      p += nSca;
      System.arraycopy(col, colOff, x, p, levels * nCol);
      return;
    }
    int w = nHl + 1 + nSca;
    for (int h = 0; h < halfLevels; h++) {
      int o = at + h * w;
      System.arraycopy(hl, hlOff + h * nHl, x, o, nHl);
      x[o + nHl] = h == 0 || h == halfLevels - 1 ? 0f : inter[interOff + h - 1];
      System.arraycopy(sca, scaOff, x, o + nHl + 1, nSca);
    }
  }

  /** Sample i's y row from its four flux profiles (each {@code halfLevels} long at {@code off}). */
  void y(float[][] flux, int off, float[] y, int at) {
    for (int f = 0; f < 4; f++) {
      for (int h = 0; h < halfLevels; h++) {
        y[at + (features ? h * 4 + f : f * halfLevels + h)] = flux[f][off + h];
      }
    }
  }

  /** Where each input lies in each array, for metadata.json. */
  ObjectNode describe(List<String> hlNames, List<String> scaNames, List<String> colNames, List<String> interNames) {
    ObjectNode out = MetadataParser.JSON.createObjectNode();
    ArrayNode x = out.putArray("x_variables");
    if (features) {
      x.add(part("hl_inputs", 0, nHl, "on the half levels", hlNames));
      x.add(part("inter_inputs", nHl, 1, "padded with 0 above the first and below the last interface", interNames));
      x.add(part("sca_inputs", nHl + 1, nSca, "repeated on every half level", scaNames));
      ArrayNode y = out.putArray("y_variables");
      for (int f = 0; f < 4; f++) y.add(part(FLUXES[f], f, 1, "on the half levels", null));
      out.putArray("edge_variables").add(part("col_inputs", 0, nCol, "on the full levels", colNames));
    } else {
      int p = 0;
      x.add(part("hl_inputs", p, halfLevels * nHl, "(half_level, hl_variable) flattened", hlNames));
      p += halfLevels * nHl;
      x.add(part("inter_inputs", p, interfaces, "(level_interface, inter_variable) flattened", interNames));
      p += interfaces;
      x.add(part("sca_inputs", p, nSca, "(sca_variable)", scaNames));
      p += nSca;
      x.add(part("col_inputs", p, levels * nCol, "(level, col_variable) flattened", colNames));
      ArrayNode y = out.putArray("y_variables");
      for (int f = 0; f < 4; f++) y.add(part(FLUXES[f], f * halfLevels, halfLevels, "(half_level)", null));
    }
    return out;
  }

  private static ObjectNode part(String name, int offset, int length, String how, List<String> features) {
    ObjectNode o = MetadataParser.JSON.createObjectNode();
    o.put("name", name);
    o.put("offset", offset);
    o.put("length", length);
    o.put("layout", how);
    if (features != null && !features.isEmpty()) {
      ArrayNode f = o.putArray("features");
      for (String s : features) f.add(s);
    }
    return o;
  }
}
