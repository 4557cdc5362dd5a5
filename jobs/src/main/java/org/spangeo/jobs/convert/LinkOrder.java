package org.spangeo.jobs.convert;

import io.jhdf.FractalHeap;
import io.jhdf.HdfFile;
import io.jhdf.ObjectHeader;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.btree.BTreeV2;
import io.jhdf.btree.record.LinkNameForIndexedGroupRecord;
import io.jhdf.object.message.LinkInfoMessage;
import io.jhdf.object.message.LinkMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The root group's datasets in netCDF-C's order: link creation order where the file tracks it
 * (netCDF-4 files do; netCDF-C numbers variables in that order), else jHDF's order (by name for
 * old-style groups, as netCDF-C does). jHDF's Group API does not expose the creation order, so
 * it is read here from the group's link messages with jHDF's own parsers.
 */
final class LinkOrder {
  private LinkOrder() {}

  static List<Dataset> rootDatasets(HdfFile f) {
    List<Dataset> out = new ArrayList<>();
    for (Node n : f.getChildren().values()) {
      if (!n.isLink() && n instanceof Dataset) out.add((Dataset) n);
    }
    Map<String, Long> order = creationOrder(f);
    boolean all = true;
    for (Dataset d : out) all &= order.containsKey(d.getName());
    if (all && !order.isEmpty()) out.sort(Comparator.comparingLong(d -> order.get(d.getName())));
    return out;
  }

  /** Link name to creation order index; empty when not tracked or not readable. */
  static Map<String, Long> creationOrder(HdfFile f) {
    Map<String, Long> out = new HashMap<>();
    try {
      ObjectHeader oh = ObjectHeader.readObjectHeader(f.getHdfBackingStorage(), f.getAddress());
      if (!oh.hasMessageOfType(LinkInfoMessage.class)) return out;
      LinkInfoMessage info = oh.getMessageOfType(LinkInfoMessage.class);
      if (!info.isLinkCreationOrderTracked()) return out;
      List<LinkMessage> links;
      if (info.getBTreeNameIndexAddress() == io.jhdf.Constants.UNDEFINED_ADDRESS) {
        links = oh.getMessagesOfType(LinkMessage.class);
      } else {
        BTreeV2<LinkNameForIndexedGroupRecord> tree = new BTreeV2<>(f.getHdfBackingStorage(),
            info.getBTreeNameIndexAddress());
        FractalHeap heap = new FractalHeap(f.getHdfBackingStorage(), info.getFractalHeapAddress());
        links = new ArrayList<>();
        for (LinkNameForIndexedGroupRecord r : tree.getRecords()) {
          ByteBuffer b = heap.getId(r.getId());
          links.add(LinkMessage.fromBuffer(b, f.getHdfBackingStorage().getSuperblock()));
        }
      }
      for (LinkMessage l : links) out.put(l.getLinkName(), l.getCreationOrder());
    } catch (RuntimeException e) {
      out.clear(); // fall back to jHDF's order
    }
    return out;
  }
}
