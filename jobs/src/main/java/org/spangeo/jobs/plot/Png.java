package org.spangeo.jobs.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/**
 * PNG files with text chunks (Title, Software, and the panels' pixel boxes), written to a
 * temporary file beside the target and renamed into place, so a failed write leaves no half
 * figure. Bad output paths are one-line errors naming the path.
 */
public final class Png {
  static final String PANELS_KEY = "spangeo:panels";
  private static final String FORMAT = "javax_imageio_png_1.0";

  private Png() {}

  /** Fails with a one-line message when {@code out} cannot be a PNG we write. */
  public static void checkWritable(Path out) {
    Path abs = out.toAbsolutePath();
    if (!abs.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
      throw new IllegalArgumentException("--out " + out + ": figures are written as PNG, name the file *.png");
    }
    Path dir = abs.getParent();
    if (Files.isDirectory(abs)) throw new IllegalArgumentException("--out " + out + " is a folder, not a file");
    // missing folders are made, as the Zarr writer makes a store's: find the nearest one that exists
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null) throw new IllegalArgumentException("--out " + out + ": no folder of it exists");
    if (!Files.isDirectory(existing)) throw new IllegalArgumentException("--out " + out + ": " + existing + " is not a folder");
    if (!Files.isWritable(existing)) {
      throw new IllegalArgumentException("--out " + out + ": the folder " + existing + " is not writable");
    }
  }

  static void write(BufferedImage image, Path out, String title, String panels) {
    checkWritable(out);
    Path abs = out.toAbsolutePath();
    Path tmp;
    try {
      Files.createDirectories(abs.getParent());
      tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // root passes the permission check above, but a read-only file system still refuses
      throw new IllegalArgumentException("--out " + out + ": the folder " + abs.getParent() + " is not writable ("
          + reason(e) + ")", e);
    }
    try {
      ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
      ImageWriteParam param = w.getDefaultWriteParam();
      if (param.canWriteCompressed()) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0f); // the strongest deflate: figures go into READMEs and repositories
      }
      IIOMetadata meta = w.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      IIOMetadataNode text = new IIOMetadataNode("tEXt");
      text.appendChild(entry("Title", title == null ? "" : title));
      text.appendChild(entry("Software", "spangeo plot (JFreeChart)"));
      text.appendChild(entry(PANELS_KEY, panels));
      IIOMetadataNode root = new IIOMetadataNode(FORMAT);
      root.appendChild(text);
      meta.mergeTree(FORMAT, root);
      try (ImageOutputStream ios = ImageIO.createImageOutputStream(tmp.toFile())) {
        w.setOutput(ios);
        w.write(null, new IIOImage(image, null, meta), param);
      } finally {
        w.dispose();
      }
      try {
        // a temporary file is private (rw-------); a figure is for reading
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: keep the defaults
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
    } catch (IOException e) {
      throw new IllegalArgumentException("--out " + out + ": cannot write (" + reason(e) + ")", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original error matters more
        }
      }
    }
  }

  private static String reason(Exception e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static IIOMetadataNode entry(String key, String value) {
    IIOMetadataNode e = new IIOMetadataNode("tEXtEntry");
    e.setAttribute("keyword", key);
    // tEXt holds Latin-1: anything else (a title in Chinese) is kept as '?'
    StringBuilder v = new StringBuilder(value.length());
    for (char c : value.toCharArray()) v.append(c < 256 ? c : '?');
    e.setAttribute("value", v.toString());
    return e;
  }

  /** The text chunks of a PNG (keyword to value). */
  public static Map<String, String> readText(Path png) {
    Map<String, String> out = new LinkedHashMap<>();
    try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
      ImageReader r = ImageIO.getImageReadersByFormatName("png").next();
      try {
        r.setInput(in);
        Node root = r.getImageMetadata(0).getAsTree(FORMAT);
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (!n.getNodeName().equals("tEXt")) continue;
          for (Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
            IIOMetadataNode m = (IIOMetadataNode) e;
            out.put(m.getAttribute("keyword"), m.getAttribute("value"));
          }
        }
      } finally {
        r.dispose();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + png, e);
    }
    return out;
  }
}
