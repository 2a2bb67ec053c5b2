package org.ipam4j.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.ipam4j.model.AllocationPolicy;
import org.ipam4j.model.Condition;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPAllocationSpec;
import org.ipam4j.model.IPAllocationStatus;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPClaimStatus;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.IPPoolStatus;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.LocalRef;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.model.OwnerRef;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.ProjectRef;
import org.ipam4j.model.Reservations;
import org.ipam4j.net.Cidr;
import org.ipam4j.selector.Requirement;

/**
 * Writes an object's stored JSON, field by field, leaving out what is absent or empty, in the order
 * manifests print, and leaving out what the row already holds or what follows from the rest: the
 * compact body of {@link RowCodec}.
 *
 * @param rowVersion the version the row states ({@code resource_version} of an object's row, the
 *     revision of a change's row): a {@code metadata.resourceVersion} equal to it is left out
 */
record RowWriter(JsonGenerator g, long rowVersion) {

  void object(IpamObject object) throws IOException {
    g.writeStartObject();
    metadata(object.metadata());
    if (object instanceof IPPool pool) {
      poolSpec(pool.spec());
      if (!pool.status().isEmpty()) {
        poolStatus(pool.status());
      }
    } else if (object instanceof IPClaim claim) {
      claimSpec(claim.spec());
      if (!claim.status().isEmpty()) {
        claimStatus(claim.status(), isBoundAtCreation(claim));
      }
    } else if (object instanceof IPAllocation allocation) {
      IPAllocationSpec spec = allocation.spec();
      IPAllocationStatus status = allocation.status();
      g.writeObjectFieldStart("spec");
      if (spec.ipFamily() != status.allocatedCIDR().family()) {
        g.writeStringField("ipFamily", spec.ipFamily().name());
      }
      poolRef("poolRef", spec.poolRef());
      named("claimRef", spec.claimRef());
      named("childPoolRef", spec.childPoolRef());
      if (spec.purpose() != RowReader.defaultPurpose(spec.childPoolRef().isPresent())) {
        g.writeStringField("purpose", spec.purpose().name());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("status");
      Optional<Instant> created = allocation.metadata().creationTimestamp();
      // The status every allocation is made with is its block alone: no phase says "made again".
      boolean madeAgain = created.isPresent() && status.isReadySince(created.get());
      if (!madeAgain) {
        g.writeStringField("phase", status.phase().name());
      }
      g.writeStringField("allocatedCIDR", status.allocatedCIDR().toString());
      if (!madeAgain) {
        conditions(status.conditions());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * Whether {@code claim} has the status it was bound with at its creation ({@link
   * IPClaimStatus#bound}), so that its body can leave that status's condition out.
   */
  private static boolean isBoundAtCreation(IPClaim claim) {
    Optional<Instant> created = claim.metadata().creationTimestamp();
    return created.isPresent()
        && claim.status().isBoundSince(created.get(), claim.metadata().generation());
  }

  void metadata(ObjectMeta m) throws IOException {
    g.writeObjectFieldStart("metadata");
    strings("labels", m.labels());
    strings("annotations", m.annotations());
    if (!m.uid().isEmpty()) {
      g.writeStringField("uid", m.uid());
    }
    if (m.resourceVersion() != rowVersion) {
      g.writeStringField("resourceVersion", Long.toString(m.resourceVersion()));
    }
    if (m.generation() != 0) {
      g.writeNumberField("generation", m.generation());
    }
    if (m.creationTimestamp().isPresent()) {
      g.writeStringField("creationTimestamp", Timestamps.format(m.creationTimestamp().get()));
    }
    g.writeEndObject();
  }

  void poolSpec(IPPoolSpec s) throws IOException {
    g.writeObjectFieldStart("spec");
    optional("cidr", s.cidr());
    optional("ipFamily", s.ipFamily().map(Enum::name));
    named("parentPoolRef", s.parentPoolRef());
    optional("prefixLength", s.prefixLength());
    AllocationPolicy a = s.allocation();
    g.writeObjectFieldStart("allocation");
    optional("minPrefixLength", a.minPrefixLength());
    optional("maxPrefixLength", a.maxPrefixLength());
    g.writeStringField("strategy", a.strategy().name());
    optional("reuseGracePeriod", a.reuseGracePeriod());
    g.writeEndObject();
    optional("visibility", s.visibility().map(Enum::name));
    Reservations r = s.reservations();
    if (!r.isEmpty()) {
      g.writeObjectFieldStart("reservations");
      if (r.leading() != 0) {
        g.writeNumberField("leading", r.leading());
      }
      if (r.trailing() != 0) {
        g.writeNumberField("trailing", r.trailing());
      }
      optional("unitPrefixLength", r.unitPrefixLength());
      if (!r.cidrs().isEmpty()) {
        g.writeArrayFieldStart("cidrs");
        for (String c : r.cidrs()) {
          g.writeString(c);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    optional("maxRetentionLease", s.maxRetentionLease());
    g.writeEndObject();
  }

  void poolStatus(IPPoolStatus s) throws IOException {
    g.writeObjectFieldStart("status");
    g.writeStringField("phase", s.phase().name());
    optional("allocatedCIDR", s.allocatedCIDR().map(Cidr::toString));
    optional("ipFamily", s.ipFamily().map(Enum::name));
    if (s.capacity().isPresent()) {
      g.writeObjectFieldStart("capacity");
      g.writeStringField("total", s.capacity().get().total().toString());
      g.writeStringField("allocated", s.capacity().get().allocated().toString());
      g.writeStringField("available", s.capacity().get().available().toString());
      g.writeEndObject();
    }
    optional("largestFreePrefix", s.largestFreePrefixOnWire());
    g.writeNumberField("utilizationPercent", s.utilizationPercent());
    conditions(s.conditions());
    g.writeEndObject();
  }

  void claimSpec(IPClaimSpec s) throws IOException {
    g.writeObjectFieldStart("spec");
    g.writeStringField("ipFamily", s.ipFamily().name());
    g.writeNumberField("prefixLength", s.prefixLength());
    if (s.poolRef().isPresent()) {
      poolRef("poolRef", s.poolRef().get());
    }
    if (s.poolSelector().isPresent()) {
      PoolSelector sel = s.poolSelector().get();
      g.writeObjectFieldStart("poolSelector");
      strings("matchLabels", sel.matchLabels());
      if (!sel.matchExpressions().isEmpty()) {
        g.writeArrayFieldStart("matchExpressions");
        for (Requirement r : sel.matchExpressions()) {
          g.writeStartObject();
          g.writeStringField("key", r.key());
          g.writeStringField("operator", r.operator().name());
          if (!r.values().isEmpty()) {
            g.writeArrayFieldStart("values");
            for (String v : r.values()) {
              g.writeString(v);
            }
            g.writeEndArray();
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      named("projectRef", sel.projectRef().map(ProjectRef::name).map(LocalRef::new));
      g.writeEndObject();
    }
    if (s.ownerRef().isPresent()) {
      OwnerRef o = s.ownerRef().get();
      g.writeObjectFieldStart("ownerRef");
      g.writeStringField("apiGroup", o.apiGroup());
      g.writeStringField("kind", o.kind());
      optional("namespace", o.namespace());
      g.writeStringField("name", o.name());
      g.writeEndObject();
    }
    g.writeStringField("reclaimPolicy", s.reclaimPolicy().name());
    optional("address", s.address());
    g.writeEndObject();
  }

  void claimStatus(IPClaimStatus s, boolean boundAtCreation) throws IOException {
    g.writeObjectFieldStart("status");
    g.writeStringField("phase", s.phase().name());
    optional("allocatedCIDR", s.allocatedCIDR().map(Cidr::toString));
    optional("address", s.address());
    if (s.poolRef().isPresent()) {
      poolRef("poolRef", s.poolRef().get());
    }
    named("boundAllocationRef", s.boundAllocationRef());
    if (!boundAtCreation) {
      // Written even when empty: no conditions at all is how a compact body says "made again".
      g.writeArrayFieldStart("conditions");
      conditionItems(s.conditions());
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  void conditions(List<Condition> conditions) throws IOException {
    if (conditions.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("conditions");
    conditionItems(conditions);
    g.writeEndArray();
  }

  private void conditionItems(List<Condition> conditions) throws IOException {
    for (Condition c : conditions) {
      g.writeStartObject();
      g.writeStringField("type", c.type());
      g.writeStringField("status", c.status().name());
      g.writeStringField("reason", c.reason());
      g.writeStringField("message", c.message());
      g.writeStringField("lastTransitionTime", Timestamps.format(c.lastTransitionTime()));
      g.writeNumberField("observedGeneration", c.observedGeneration());
      g.writeEndObject();
    }
  }

  void poolRef(String field, PoolRef r) throws IOException {
    g.writeObjectFieldStart(field);
    g.writeStringField("name", r.name());
    named("projectRef", r.projectRef().map(ProjectRef::name).map(LocalRef::new));
    g.writeEndObject();
  }

  void named(String field, Optional<LocalRef> ref) throws IOException {
    if (ref.isPresent()) {
      g.writeObjectFieldStart(field);
      g.writeStringField("name", ref.get().name());
      g.writeEndObject();
    }
  }

  void strings(String field, Map<String, String> map) throws IOException {
    if (!map.isEmpty()) {
      g.writeObjectFieldStart(field);
      for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
  }

  void optional(String field, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      g.writeStringField(field, value.get());
    }
  }

  void optional(String field, OptionalInt value) throws IOException {
    if (value.isPresent()) {
      g.writeNumberField(field, value.getAsInt());
    }
  }
}
