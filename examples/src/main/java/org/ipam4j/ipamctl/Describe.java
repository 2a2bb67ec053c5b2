package org.ipam4j.ipamctl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipam4j.allocator.PoolUsage;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.Condition;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;

/** {@code ipamctl describe}: one object, its figures and who holds what, for people to read. */
final class Describe {

  private Describe() {}

  static void print(
      PrintStream out,
      IpamEngine engine,
      Kind kind,
      String project,
      String name,
      IpamObject object) {
    out.printf("Name:         %s%n", name);
    out.printf("Project:      %s%n", project);
    out.printf("Kind:         %s%n", kind);
    out.printf("Labels:       %s%n", mapText(object.metadata().labels()));
    out.printf("Annotations:  %s%n", mapText(object.metadata().annotations()));
    object.metadata().creationTimestamp().ifPresent(t -> out.printf("Created:      %s%n", t));
    out.printf(
        "Version:      %d (generation %d)%n",
        object.metadata().resourceVersion(), object.metadata().generation());
    List<Condition> conditions = List.of();
    if (object instanceof IPPool pool) {
      out.printf(
          "CIDR:         %s%n", pool.status().allocatedCIDR().map(Object::toString).orElse("-"));
      pool.spec().parentPoolRef().ifPresent(p -> out.printf("Parent:       %s%n", p.name()));
      out.printf("Family:       %s%n", pool.status().ipFamily().map(Object::toString).orElse("-"));
      out.printf("Strategy:     %s%n", pool.spec().allocation().strategy());
      out.printf("Visibility:   %s%n", pool.spec().visibility().map(Object::toString).orElse("-"));
      pool.spec()
          .maxRetentionLease()
          .ifPresent(l -> out.printf("Retention:    released %s after its claim is deleted%n", l));
      pool.spec()
          .allocation()
          .reuseGracePeriod()
          .ifPresent(g -> out.printf("Reuse grace:  %s before a released block is reused%n", g));
      out.printf("Phase:        %s%n", pool.status().phase());
      PoolUsage usage = engine.poolUsage(project, name);
      out.printf(
          "Capacity:%n  Total:        %s%n  Allocated:    %s (%d blocks)%n"
              + "  Available:    %s%n  Utilization:  %s%%%n  Fragmentation: %.3f%n",
          usage.total(),
          usage.allocated(),
          usage.allocatedBlocks(),
          usage.available(),
          usage.utilizationPercent().toPlainString(),
          usage.fragmentation());
      out.println("Free blocks:");
      if (usage.freeBlocksByPrefixLength().isEmpty()) {
        out.println("  (none)");
      }
      usage
          .freeBlocksByPrefixLength()
          .forEach((length, count) -> out.printf("  /%-4d %d%n", length, count));
      out.println("Allocations:");
      List<IPAllocation> held = new ArrayList<>();
      for (IPAllocation a : engine.listAllAllocations()) {
        if (a.spec().poolRef().projectOr(a.metadata().project()).equals(project)
            && a.spec().poolRef().name().equals(name)) {
          held.add(a);
        }
      }
      held.sort((a, b) -> a.status().allocatedCIDR().compareTo(b.status().allocatedCIDR()));
      if (held.isEmpty()) {
        out.println("  (none)");
      }
      for (IPAllocation a : held) {
        out.printf("  %-20s %s%n", a.status().allocatedCIDR(), holder(a));
      }
      conditions = pool.status().conditions();
    } else if (object instanceof IPClaim claim) {
      out.printf("Family:       %s%n", claim.spec().ipFamily());
      out.printf("Prefix:       /%d%n", claim.spec().prefixLength());
      claim
          .spec()
          .poolRef()
          .ifPresent(
              r ->
                  out.printf(
                      "Pool:         %s%s%n",
                      r.name(), r.projectRef().map(p -> " (project " + p.name() + ")").orElse("")));
      claim
          .spec()
          .poolSelector()
          .ifPresent(
              s ->
                  out.printf(
                      "Selector:     {%s}%s%n",
                      s.labelSelector(),
                      s.projectRef().map(p -> " in project " + p.name()).orElse("")));
      claim.spec().address().ifPresent(a -> out.printf("Address:      %s (asked for)%n", a));
      out.printf("Reclaim:      %s%n", claim.spec().reclaimPolicy());
      out.printf("Phase:        %s%n", claim.status().phase());
      out.printf(
          "CIDR:         %s%n", claim.status().allocatedCIDR().map(Object::toString).orElse("-"));
      claim
          .status()
          .boundAllocationRef()
          .ifPresent(r -> out.printf("Allocation:   %s%n", r.name()));
      conditions = claim.status().conditions();
    } else if (object instanceof IPAllocation a) {
      out.printf("CIDR:         %s%n", a.status().allocatedCIDR());
      out.printf("Pool:         %s%n", a.spec().poolRef().name());
      out.printf("Held by:      %s%n", holder(a));
      out.printf("Phase:        %s%n", a.status().phase());
      conditions = a.status().conditions();
    }
    out.println("Conditions:");
    if (conditions.isEmpty()) {
      out.println("  (none)");
    }
    for (Condition c : conditions) {
      out.printf(
          "  %-10s %-6s %-20s %s (since %s)%n",
          Table.printable(c.type()),
          c.status(),
          Table.printable(c.reason()),
          Table.printable(c.message()),
          c.lastTransitionTime());
    }
  }

  /** Who holds an allocation, with the project it is in (a shared pool's holders differ). */
  private static String holder(IPAllocation a) {
    String project = " (project " + a.metadata().project() + ")";
    if (a.spec().isReservation()) {
      return "(reserved by ippool/" + a.spec().poolRef().name() + ")";
    }
    if (a.spec().isRetained()) {
      // A quarantined block says until when; a retained one, since when.
      return a.status().conditions().stream()
          .filter(c -> c.type().equals("Quarantined") || c.type().equals("Retained"))
          .findFirst()
          .map(
              c ->
                  "("
                      + c.type().toLowerCase(java.util.Locale.ROOT)
                      + ": "
                      + c.message()
                      + "; project "
                      + a.metadata().project()
                      + ")")
          .orElse("(retained" + project.substring(1));
    }
    return a.spec()
        .claimRef()
        .map(c -> "ipclaim/" + c.name() + project)
        .or(() -> a.spec().childPoolRef().map(c -> "ippool/" + c.name() + project))
        .orElse("(retained" + project.substring(1));
  }

  private static String mapText(Map<String, String> map) {
    if (map.isEmpty()) {
      return "<none>";
    }
    StringBuilder out = new StringBuilder();
    new java.util.TreeMap<>(map)
        .forEach(
            (k, v) ->
                out.append(out.length() == 0 ? "" : ",")
                    .append(Table.printable(k))
                    .append('=')
                    .append(Table.printable(v)));
    return out.toString();
  }
}
