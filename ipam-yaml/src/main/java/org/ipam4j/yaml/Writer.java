package org.ipam4j.yaml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipam4j.model.AllocationPolicy;
import org.ipam4j.model.Condition;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPClaimStatus;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.IPPoolStatus;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.model.PoolRef;
import org.ipam4j.selector.Requirement;

/**
 * Turns records into ordered maps in the wire shape, for Jackson to print as YAML or JSON. Absent
 * and default-empty values are left out, so that what is printed reads back as the same record.
 */
final class Writer {

  private Writer() {}

  static Map<String, Object> tree(IpamObject object) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("apiVersion", Kind.API_VERSION);
    out.put("kind", object.kind().name());
    out.put("metadata", metadata(object.metadata()));
    if (object instanceof IPPool pool) {
      out.put("spec", poolSpec(pool.spec()));
      if (!pool.status().equals(IPPoolStatus.empty())) {
        out.put("status", poolStatus(pool.status()));
      }
    } else if (object instanceof IPClaim claim) {
      out.put("spec", claimSpec(claim.spec()));
      if (!claim.status().equals(IPClaimStatus.empty())) {
        out.put("status", claimStatus(claim.status()));
      }
    } else if (object instanceof IPAllocation allocation) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("ipFamily", allocation.spec().ipFamily().name());
      spec.put("poolRef", poolRef(allocation.spec().poolRef()));
      allocation.spec().claimRef().ifPresent(r -> spec.put("claimRef", named(r.name())));
      allocation.spec().childPoolRef().ifPresent(r -> spec.put("childPoolRef", named(r.name())));
      out.put("spec", spec);
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("phase", allocation.status().phase().name());
      status.put("allocatedCIDR", allocation.status().allocatedCIDR().toString());
      putConditions(status, allocation.status().conditions());
      out.put("status", status);
    }
    return out;
  }

  private static Map<String, Object> metadata(ObjectMeta m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", m.name());
    out.put("namespace", m.project());
    if (!m.labels().isEmpty()) {
      out.put("labels", new TreeMap<>(m.labels()));
    }
    if (!m.annotations().isEmpty()) {
      out.put("annotations", new TreeMap<>(m.annotations()));
    }
    if (!m.uid().isEmpty()) {
      out.put("uid", m.uid());
    }
    if (m.resourceVersion() != 0) {
      out.put("resourceVersion", Long.toString(m.resourceVersion()));
    }
    if (m.generation() != 0) {
      out.put("generation", m.generation());
    }
    m.creationTimestamp().ifPresent(t -> out.put("creationTimestamp", timestamp(t)));
    return out;
  }

  private static Map<String, Object> poolSpec(IPPoolSpec s) {
    Map<String, Object> out = new LinkedHashMap<>();
    s.cidr().ifPresent(c -> out.put("cidr", c));
    s.ipFamily().ifPresent(f -> out.put("ipFamily", f.name()));
    s.parentPoolRef().ifPresent(r -> out.put("parentPoolRef", named(r.name())));
    s.prefixLength().ifPresent(p -> out.put("prefixLength", p));
    AllocationPolicy a = s.allocation();
    Map<String, Object> allocation = new LinkedHashMap<>();
    a.minPrefixLength().ifPresent(v -> allocation.put("minPrefixLength", v));
    a.maxPrefixLength().ifPresent(v -> allocation.put("maxPrefixLength", v));
    allocation.put("strategy", a.strategy().name());
    out.put("allocation", allocation);
    s.visibility().ifPresent(v -> out.put("visibility", v.name()));
    return out;
  }

  private static Map<String, Object> poolStatus(IPPoolStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("phase", s.phase().name());
    s.allocatedCIDR().ifPresent(c -> out.put("allocatedCIDR", c.toString()));
    s.ipFamily().ifPresent(f -> out.put("ipFamily", f.name()));
    s.capacity().ifPresent(c -> {
      Map<String, Object> capacity = new LinkedHashMap<>();
      // Decimal strings: exact at every size, as the reference server's later versions write them.
      capacity.put("total", c.total().toString());
      capacity.put("allocated", c.allocated().toString());
      capacity.put("available", c.available().toString());
      out.put("capacity", capacity);
    });
    out.put("largestFreePrefix", s.largestFreePrefix());
    out.put("utilizationPercent", s.utilizationPercent());
    putConditions(out, s.conditions());
    return out;
  }

  private static Map<String, Object> claimSpec(IPClaimSpec s) {
    Map<String, Object> out = new LinkedHashMap<>();
    s.ipFamily().ifPresent(f -> out.put("ipFamily", f.name()));
    s.prefixLength().ifPresent(p -> out.put("prefixLength", p));
    s.poolRef().ifPresent(r -> out.put("poolRef", poolRef(r)));
    s.poolSelector().ifPresent(sel -> {
      Map<String, Object> selector = new LinkedHashMap<>();
      if (!sel.matchLabels().isEmpty()) {
        selector.put("matchLabels", new TreeMap<>(sel.matchLabels()));
      }
      if (!sel.matchExpressions().isEmpty()) {
        List<Object> expressions = new ArrayList<>();
        for (Requirement r : sel.matchExpressions()) {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("key", r.key());
          e.put("operator", r.operator().name());
          if (!r.values().isEmpty()) {
            e.put("values", r.values());
          }
          expressions.add(e);
        }
        selector.put("matchExpressions", expressions);
      }
      sel.projectRef().ifPresent(p -> selector.put("projectRef", named(p.name())));
      out.put("poolSelector", selector);
    });
    s.ownerRef().ifPresent(o -> {
      Map<String, Object> owner = new LinkedHashMap<>();
      owner.put("apiGroup", o.apiGroup());
      owner.put("kind", o.kind());
      o.namespace().ifPresent(n -> owner.put("namespace", n));
      owner.put("name", o.name());
      out.put("ownerRef", owner);
    });
    out.put("reclaimPolicy", s.reclaimPolicy().name());
    return out;
  }

  private static Map<String, Object> claimStatus(IPClaimStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("phase", s.phase().name());
    s.allocatedCIDR().ifPresent(c -> out.put("allocatedCIDR", c.toString()));
    s.boundAllocationRef().ifPresent(r -> out.put("boundAllocationRef", named(r.name())));
    putConditions(out, s.conditions());
    return out;
  }

  private static void putConditions(Map<String, Object> out, List<Condition> conditions) {
    if (conditions.isEmpty()) {
      return;
    }
    List<Object> list = new ArrayList<>();
    for (Condition c : conditions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", c.type());
      m.put("status", c.status().name());
      m.put("reason", c.reason());
      m.put("message", c.message());
      m.put("lastTransitionTime", timestamp(c.lastTransitionTime()));
      m.put("observedGeneration", c.observedGeneration());
      list.add(m);
    }
    out.put("conditions", list);
  }

  private static Map<String, Object> poolRef(PoolRef r) {
    Map<String, Object> out = named(r.name());
    r.projectRef().ifPresent(p -> out.put("projectRef", named(p.name())));
    return out;
  }

  private static Map<String, Object> named(String name) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    return out;
  }

  private static String timestamp(Instant t) {
    return t.toString();
  }
}
