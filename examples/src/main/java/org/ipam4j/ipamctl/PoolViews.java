package org.ipam4j.ipamctl;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ipam4j.NotFoundException;
import org.ipam4j.allocator.PoolUsage;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPPool;
import org.ipam4j.net.Cidr;

/** {@code ipamctl pool tree} and {@code ipamctl pool map}. */
final class PoolViews {

  /** Cells of a pool map: 16 rows of 16, each an equal aligned slice of the pool. */
  static final int MAP_BITS = 8;

  private PoolViews() {}

  /** Pools with their child pools and allocations, indented. */
  static void tree(IpamEngine engine, Optional<String> project, PrintStream out) {
    List<IPPool> pools = project.map(engine::listPools).orElseGet(engine::listAllPools);
    List<IPAllocation> allocations = engine.listAllAllocations();
    for (IPPool pool : pools) {
      if (pool.spec().parentPoolRef().isEmpty()) {
        out.println(poolLine(pool, project.isEmpty()));
        children(engine, pool, pools, allocations, "", out);
      }
    }
  }

  private static void children(
      IpamEngine engine,
      IPPool pool,
      List<IPPool> pools,
      List<IPAllocation> allocations,
      String indent,
      PrintStream out) {
    List<IPAllocation> held = new ArrayList<>();
    for (IPAllocation a : allocations) {
      if (a.spec().poolRef().projectOr(a.metadata().project()).equals(pool.metadata().project())
          && a.spec().poolRef().name().equals(pool.metadata().name())) {
        held.add(a);
      }
    }
    held.sort(Comparator.comparing(a -> a.status().allocatedCIDR()));
    for (int i = 0; i < held.size(); i++) {
      IPAllocation a = held.get(i);
      boolean last = i == held.size() - 1;
      String branch = indent + (last ? "└── " : "├── ");
      String next = indent + (last ? "    " : "│   ");
      if (a.spec().childPoolRef().isPresent()) {
        String child = a.spec().childPoolRef().get().name();
        Optional<IPPool> childPool =
            pools.stream()
                .filter(
                    p ->
                        p.metadata().name().equals(child)
                            && p.metadata().project().equals(a.metadata().project()))
                .findFirst();
        out.println(
            branch
                + childPool
                    .map(p -> poolLine(p, false))
                    .orElse("ippool/" + child + " " + a.status().allocatedCIDR()));
        childPool.ifPresent(p -> children(engine, p, pools, allocations, next, out));
      } else {
        String holder =
            a.spec()
                .claimRef()
                .map(c -> "ipclaim/" + c.name())
                .orElse("(retained) ipalloc/" + a.metadata().name());
        String where =
            a.metadata().project().equals(pool.metadata().project())
                ? ""
                : " (project " + a.metadata().project() + ")";
        out.println(branch + holder + where + " " + a.status().allocatedCIDR());
      }
    }
  }

  private static String poolLine(IPPool pool, boolean withProject) {
    return (withProject ? pool.metadata().project() + "/" : "")
        + "ippool/"
        + pool.metadata().name()
        + " "
        + pool.status().allocatedCIDR().map(Object::toString).orElse("-")
        + " ("
        + pool.status().ipFamily().map(Object::toString).orElse("?")
        + ", "
        + pool.status().utilizationPercent().toPlainString()
        + "% used)";
  }

  /** The allocated share of each of the map's cells, 0 to 1. */
  static double[] cells(IpamEngine engine, String project, String name) {
    IPPool pool =
        engine
            .getPool(project, name)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "ippool \"" + name + "\" not found in project " + project));
    Cidr cidr = pool.status().allocatedCIDR().orElseThrow();
    int hostBits = cidr.family().bits() - cidr.prefixLength();
    int cellBits = Math.min(MAP_BITS, hostBits);
    int count = 1 << cellBits;
    BigInteger cellSize = BigInteger.ONE.shiftLeft(hostBits - cellBits);
    BigInteger[] used = new BigInteger[count];
    java.util.Arrays.fill(used, BigInteger.ZERO);
    BigInteger base = cidr.addressValue();
    for (IPAllocation a : engine.listAllAllocations()) {
      if (!a.spec().poolRef().projectOr(a.metadata().project()).equals(project)
          || !a.spec().poolRef().name().equals(name)) {
        continue;
      }
      Cidr block = a.status().allocatedCIDR();
      BigInteger start = block.addressValue().subtract(base);
      BigInteger size = block.size();
      // Aligned blocks either fill whole cells or lie inside one.
      int first = start.divide(cellSize).intValueExact();
      if (size.compareTo(cellSize) >= 0) {
        int cellsCovered = size.divide(cellSize).intValueExact();
        for (int c = first; c < first + cellsCovered; c++) {
          used[c] = cellSize;
        }
      } else {
        used[first] = used[first].add(size);
      }
    }
    double[] share = new double[count];
    for (int c = 0; c < count; c++) {
      share[c] =
          new java.math.BigDecimal(used[c])
              .divide(new java.math.BigDecimal(cellSize), java.math.MathContext.DECIMAL64)
              .doubleValue();
    }
    return share;
  }

  static void map(
      IpamEngine engine, String project, String name, Optional<String> svg, PrintStream out) {
    double[] cells = cells(engine, project, name);
    IPPool pool = engine.getPool(project, name).orElseThrow();
    PoolUsage usage = engine.poolUsage(project, name);
    Cidr cidr = pool.status().allocatedCIDR().orElseThrow();
    int width = Math.min(32, cells.length);
    out.printf(
        "ippool/%s %s: %d cells of %s addresses each ('#' full, '+' partly used," + " '.' free)%n",
        name, cidr, cells.length, cidr.size().divide(BigInteger.valueOf(cells.length)));
    for (int row = 0; row * width < cells.length; row++) {
      StringBuilder line = new StringBuilder("  ");
      for (int c = row * width; c < Math.min(cells.length, (row + 1) * width); c++) {
        line.append(cells[c] >= 1.0 ? '#' : cells[c] > 0 ? '+' : '.');
      }
      out.println(line);
    }
    out.printf(
        "used %s%% of %s addresses in %d blocks; largest free block %s;" + " fragmentation %.3f%n",
        usage.utilizationPercent(),
        usage.total(),
        usage.allocatedBlocks(),
        usage.largestFreePrefix().isPresent() ? "/" + usage.largestFreePrefix().getAsInt() : "none",
        usage.fragmentation());
    if (svg.isPresent()) {
      writeSvg(Path.of(svg.get()), name, cidr, cells, usage);
      out.println("wrote " + svg.get());
    }
  }

  private static void writeSvg(Path file, String name, Cidr cidr, double[] cells, PoolUsage usage) {
    int perRow = (int) Math.ceil(Math.sqrt(cells.length));
    int cell = 24;
    int top = 56;
    int width = perRow * cell + 20;
    int height = top + ((cells.length + perRow - 1) / perRow) * cell + 40;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" font-family=\"sans-serif\">\n");
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append("<text x=\"10\" y=\"22\" font-size=\"16\">ippool/")
        .append(escape(name))
        .append(" ")
        .append(cidr)
        .append("</text>\n");
    svg.append("<text x=\"10\" y=\"42\" font-size=\"12\" fill=\"#444\">")
        .append(usage.utilizationPercent().toPlainString())
        .append("% used, ")
        .append(usage.allocatedBlocks())
        .append(" blocks, fragmentation ")
        .append(String.format("%.3f", usage.fragmentation()))
        .append("</text>\n");
    for (int c = 0; c < cells.length; c++) {
      int x = 10 + (c % perRow) * cell;
      int y = top + (c / perRow) * cell;
      // Free cells light green, full ones red, partly used ones in between.
      int red = (int) Math.round(200 * cells[c] + 40);
      int green = (int) Math.round(200 * (1 - cells[c]) + 40);
      svg.append("<rect x=\"")
          .append(x)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(cell - 2)
          .append("\" height=\"")
          .append(cell - 2)
          .append("\" fill=\"rgb(")
          .append(red)
          .append(',')
          .append(green)
          .append(",90)\"><title>cell ")
          .append(c)
          .append(": ")
          .append(Math.round(cells[c] * 100))
          .append("% used</title></rect>\n");
    }
    int legendY = height - 14;
    svg.append("<text x=\"10\" y=\"")
        .append(legendY)
        .append("\" font-size=\"11\" fill=\"#444\">")
        .append("each square is 1/")
        .append(cells.length)
        .append(" of the pool;" + " green free, red allocated</text>\n");
    svg.append("</svg>\n");
    try {
      Files.writeString(file, svg.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
