package org.ipam4j.ipamctl;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.yaml.PrinterColumn;

/** kubectl-style tables: NAME, the kind's printer columns, and more with {@code -o wide}. */
final class Table {

  private Table() {}

  /**
   * Text as a terminal may show it: control characters (C0, DEL, C1, which carry ANSI and OSC
   * escape sequences) written as {@code \\uXXXX}, so that stored values cannot drive the screen.
   */
  static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
      if (control && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        out.append(control ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out == null ? text : out.toString();
  }

  static void print(
      PrintStream out,
      Kind kind,
      List<? extends IpamObject> objects,
      boolean withProject,
      boolean wide,
      Map<String, String> boundPools) {
    new Rows(out, kind, withProject, wide, boundPools).print(objects);
  }

  /**
   * A table printed in parts, as {@code get -w} does: the list with its header, then one row per
   * change, padded to the widths the list set (widened when a row needs more).
   */
  static final class Rows {
    private final PrintStream out;
    private final Kind kind;
    private final boolean withProject;
    private final boolean wide;
    private final List<PrinterColumn> columns;
    private final int[] widths;

    /** The pool each bound claim drew from, by claim key: what {@code -o wide} shows as POOL. */
    private final Map<String, String> boundPools;

    Rows(
        PrintStream out,
        Kind kind,
        boolean withProject,
        boolean wide,
        Map<String, String> boundPools) {
      this.out = out;
      this.kind = kind;
      this.withProject = withProject;
      this.wide = wide;
      this.boundPools = boundPools;
      this.columns = PrinterColumn.of(kind);
      this.widths = new int[header().size()];
    }

    private List<String> header() {
      List<String> header = new ArrayList<>();
      if (withProject) {
        header.add("PROJECT");
      }
      header.add("NAME");
      for (PrinterColumn c : PrinterColumn.of(kind)) {
        header.add(c.name().toUpperCase(java.util.Locale.ROOT));
      }
      if (kind == Kind.IPAllocation) {
        header.add("PURPOSE");
      }
      if (wide) {
        header.addAll(
            switch (kind) {
              case IPPool -> List.of("TOTAL", "AVAILABLE", "LARGEST-FREE", "PARENT", "LABELS");
              case IPClaim -> List.of("POOL", "RECLAIM", "ALLOCATION", "LABELS");
              case IPAllocation -> List.of("HELD-BY", "LABELS");
            });
      }
      return header;
    }

    private List<String> row(IpamObject o, Instant now) {
      List<String> row = new ArrayList<>();
      if (withProject) {
        row.add(o.metadata().project());
      }
      row.add(o.metadata().name());
      for (PrinterColumn c : columns) {
        String value = c.valueOf(o);
        if (o instanceof IPPool p && c.jsonPath().equals(".status.utilizationPercent")) {
          value = p.status().capacity().isPresent() ? usedPercent(p) : "";
        }
        if (c.type().equals("date")) {
          value =
              value.isEmpty()
                  ? "<unknown>"
                  : age(java.util.Optional.of(OffsetDateTime.parse(value).toInstant()), now);
        }
        row.add(value.isEmpty() ? "<none>" : value);
      }
      if (o instanceof IPAllocation a) {
        row.add(purpose(a));
      }
      if (wide) {
        row.addAll(wideColumns(o, boundPools));
      }
      return row;
    }

    /** The header and a row per object, in columns as wide as the widest cell. */
    void print(List<? extends IpamObject> objects) {
      List<List<String>> rows = new ArrayList<>();
      rows.add(header());
      Instant now = Instant.now();
      for (IpamObject o : objects) {
        rows.add(row(o, now));
      }
      for (List<String> row : rows) {
        widen(row);
      }
      rows.forEach(this::println);
    }

    /** One more row, in the columns printed so far. */
    void print(IpamObject object) {
      List<String> row = row(object, Instant.now());
      widen(row);
      println(row);
    }

    private void widen(List<String> row) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }

    private void println(List<String> row) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
        }
      }
      out.println(line);
    }
  }

  /**
   * A pool's USED%: its {@code status.utilizationPercent} (four decimals, rounded down), and
   * "<0.0001" for a pool with something allocated whose share rounds down to 0.
   */
  static String usedPercent(IPPool p) {
    BigDecimal percent = p.status().utilizationPercent();
    boolean holdsSome = p.status().capacity().map(c -> c.allocated().signum() > 0).orElse(false);
    return percent.signum() == 0 && holdsSome ? "<0.0001" : percent.toPlainString();
  }

  /** What an allocation's block is for, in the reference's words, and a retained one apart. */
  static String purpose(IPAllocation a) {
    if (a.spec().isRetained()) {
      boolean quarantined =
          a.status().conditions().stream()
              .anyMatch(c -> c.type().equals("Quarantined") && c.status().name().equals("True"));
      return quarantined ? "Quarantined" : "Retained";
    }
    return a.spec().purpose().name();
  }

  private static List<String> wideColumns(IpamObject o, Map<String, String> boundPools) {
    String labels =
        o.metadata().labels().isEmpty()
            ? "<none>"
            : String.join(
                ",",
                new TreeMap<>(o.metadata().labels())
                    .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    if (o instanceof IPPool p) {
      return List.of(
          p.status().capacity().map(c -> c.total().toString()).orElse("<none>"),
          p.status().capacity().map(c -> c.available().toString()).orElse("<none>"),
          p.status().largestFreePrefix().isPresent()
              ? "/" + p.status().largestFreePrefix().getAsInt()
              : "<none>",
          p.spec().parentPoolRef().map(r -> r.name()).orElse("<none>"),
          labels);
    }
    if (o instanceof IPClaim c) {
      String bound = boundPools.get(c.metadata().key());
      String pool =
          bound != null
              ? bound
              : c.spec()
                  .poolRef()
                  .map(r -> r.projectRef().map(p -> p.name() + "/").orElse("") + r.name())
                  .or(
                      () ->
                          c.spec()
                              .poolSelector()
                              .map(
                                  s ->
                                      "selector "
                                          + s.labelSelector()
                                          + s.projectRef().map(p -> " in " + p.name()).orElse("")))
                  .orElse("<none>");
      return List.of(
          pool,
          c.spec().reclaimPolicy().toString(),
          c.status().boundAllocationRef().map(r -> r.name()).orElse("<none>"),
          labels);
    }
    IPAllocation a = (IPAllocation) o;
    return List.of(
        a.spec()
            .claimRef()
            .map(r -> "ipclaim/" + r.name())
            .or(() -> a.spec().childPoolRef().map(r -> "ippool/" + r.name()))
            .orElse(
                a.spec().isReservation() ? "ippool/" + a.spec().poolRef().name() : "(retained)"),
        labels);
  }

  static String age(Optional<Instant> created, Instant now) {
    if (created.isEmpty()) {
      return "<unknown>";
    }
    Duration d = Duration.between(created.get(), now);
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m";
    }
    return Math.max(0, d.toSeconds()) + "s";
  }
}
