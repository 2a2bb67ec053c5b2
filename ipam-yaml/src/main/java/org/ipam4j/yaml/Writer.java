package org.ipam4j.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
import org.ipam4j.model.OwnerRef;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.Reservations;
import org.ipam4j.selector.Requirement;

/**
 * Writes records in the wire shape to a Jackson generator (YAML or JSON), field by field with no
 * intermediate maps: storing an object costs one pass. Absent and default-empty values are left
 * out, so that what is printed reads back as the same record.
 */
final class Writer {

  /** Streaming only: a table's columns need no object mapper (a short-lived CLI loads less). */
  private static final JsonFactory STREAMING = new JsonFactory();

  /**
   * The scalar at {@code jsonPath} ({@code .status.phase}) of an object's JSON form, as text, or
   * empty where there is none (or it is not a scalar).
   */
  static String valueAt(IpamObject object, String jsonPath) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = STREAMING.createGenerator(text)) {
      write(g, object);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string does not fail", e);
    }
    String[] parts = jsonPath.substring(1).split("\\.");
    try (JsonParser p = STREAMING.createParser(text.toString())) {
      JsonToken token = p.nextToken();
      for (String part : parts) {
        if (token != JsonToken.START_OBJECT) {
          return "";
        }
        token = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if (field.equals(part)) {
            token = value;
            break;
          }
          p.skipChildren();
        }
        if (token == null) {
          return "";
        }
      }
      return token != null && token.isScalarValue() && token != JsonToken.VALUE_NULL
          ? p.getText()
          : "";
    } catch (IOException e) {
      throw new UncheckedIOException("reading what was just written does not fail", e);
    }
  }

  private final JsonGenerator out;

  private Writer(JsonGenerator out) {
    this.out = out;
  }

  static void write(JsonGenerator out, IpamObject object) throws IOException {
    new Writer(out).object(object);
  }

  private void object(IpamObject object) throws IOException {
    out.writeStartObject();
    out.writeStringField("apiVersion", Kind.API_VERSION);
    out.writeStringField("kind", object.kind().name());
    metadata(object.metadata());
    if (object instanceof IPPool pool) {
      poolSpec(pool.spec());
      if (!pool.status().isEmpty()) {
        poolStatus(pool.status());
      }
    } else if (object instanceof IPClaim claim) {
      claimSpec(claim.spec());
      if (!claim.status().isEmpty()) {
        claimStatus(claim.status());
      }
    } else if (object instanceof IPAllocation allocation) {
      out.writeObjectFieldStart("spec");
      out.writeStringField("ipFamily", allocation.spec().ipFamily().name());
      poolRef("poolRef", allocation.spec().poolRef());
      if (allocation.spec().claimRef().isPresent()) {
        named("claimRef", allocation.spec().claimRef().get().name());
      }
      if (allocation.spec().childPoolRef().isPresent()) {
        named("childPoolRef", allocation.spec().childPoolRef().get().name());
      }
      out.writeStringField("purpose", allocation.spec().purpose().name());
      out.writeEndObject();
      out.writeObjectFieldStart("status");
      out.writeStringField("phase", allocation.status().phase().name());
      out.writeStringField("allocatedCIDR", allocation.status().allocatedCIDR().toString());
      conditions(allocation.status().conditions());
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  private void metadata(ObjectMeta m) throws IOException {
    out.writeObjectFieldStart("metadata");
    out.writeStringField("name", m.name());
    out.writeStringField("namespace", m.project());
    sortedMap("labels", m.labels());
    sortedMap("annotations", m.annotations());
    if (!m.uid().isEmpty()) {
      out.writeStringField("uid", m.uid());
    }
    if (m.resourceVersion() != 0) {
      out.writeStringField("resourceVersion", Long.toString(m.resourceVersion()));
    }
    if (m.generation() != 0) {
      out.writeNumberField("generation", m.generation());
    }
    if (m.creationTimestamp().isPresent()) {
      out.writeStringField("creationTimestamp", m.creationTimestamp().get().toString());
    }
    out.writeEndObject();
  }

  private void sortedMap(String field, Map<String, String> map) throws IOException {
    if (map.isEmpty()) {
      return;
    }
    out.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      out.writeStringField(e.getKey(), e.getValue());
    }
    out.writeEndObject();
  }

  private void poolSpec(IPPoolSpec s) throws IOException {
    out.writeObjectFieldStart("spec");
    if (s.cidr().isPresent()) {
      out.writeStringField("cidr", s.cidr().get());
    }
    if (s.ipFamily().isPresent()) {
      out.writeStringField("ipFamily", s.ipFamily().get().name());
    }
    if (s.parentPoolRef().isPresent()) {
      named("parentPoolRef", s.parentPoolRef().get().name());
    }
    if (s.prefixLength().isPresent()) {
      out.writeNumberField("prefixLength", s.prefixLength().getAsInt());
    }
    AllocationPolicy a = s.allocation();
    out.writeObjectFieldStart("allocation");
    if (a.minPrefixLength().isPresent()) {
      out.writeNumberField("minPrefixLength", a.minPrefixLength().getAsInt());
    }
    if (a.maxPrefixLength().isPresent()) {
      out.writeNumberField("maxPrefixLength", a.maxPrefixLength().getAsInt());
    }
    out.writeStringField("strategy", a.strategy().name());
    if (a.reuseGracePeriod().isPresent()) {
      out.writeStringField("reuseGracePeriod", a.reuseGracePeriod().get());
    }
    out.writeEndObject();
    if (s.visibility().isPresent()) {
      out.writeStringField("visibility", s.visibility().get().name());
    }
    if (!s.reservations().isEmpty()) {
      Reservations r = s.reservations();
      out.writeObjectFieldStart("reservations");
      if (r.leading() != 0) {
        out.writeNumberField("leading", r.leading());
      }
      if (r.trailing() != 0) {
        out.writeNumberField("trailing", r.trailing());
      }
      if (r.unitPrefixLength().isPresent()) {
        out.writeNumberField("unitPrefixLength", r.unitPrefixLength().getAsInt());
      }
      if (!r.cidrs().isEmpty()) {
        out.writeArrayFieldStart("cidrs");
        for (String c : r.cidrs()) {
          out.writeString(c);
        }
        out.writeEndArray();
      }
      out.writeEndObject();
    }
    if (s.maxRetentionLease().isPresent()) {
      out.writeStringField("maxRetentionLease", s.maxRetentionLease().get());
    }
    out.writeEndObject();
  }

  private void poolStatus(IPPoolStatus s) throws IOException {
    out.writeObjectFieldStart("status");
    out.writeStringField("phase", s.phase().name());
    if (s.allocatedCIDR().isPresent()) {
      out.writeStringField("allocatedCIDR", s.allocatedCIDR().get().toString());
    }
    if (s.ipFamily().isPresent()) {
      out.writeStringField("ipFamily", s.ipFamily().get().name());
    }
    if (s.capacity().isPresent()) {
      // Decimal strings: exact at every size, as the reference server's later versions write them.
      out.writeObjectFieldStart("capacity");
      out.writeStringField("total", s.capacity().get().total().toString());
      out.writeStringField("allocated", s.capacity().get().allocated().toString());
      out.writeStringField("available", s.capacity().get().available().toString());
      out.writeEndObject();
    }
    if (s.largestFreePrefixOnWire().isPresent()) {
      out.writeNumberField("largestFreePrefix", s.largestFreePrefixOnWire().getAsInt());
    }
    out.writeNumberField("utilizationPercent", s.utilizationPercent());
    conditions(s.conditions());
    out.writeEndObject();
  }

  private void claimSpec(IPClaimSpec s) throws IOException {
    out.writeObjectFieldStart("spec");
    out.writeStringField("ipFamily", s.ipFamily().name());
    out.writeNumberField("prefixLength", s.prefixLength());
    if (s.poolRef().isPresent()) {
      poolRef("poolRef", s.poolRef().get());
    }
    if (s.poolSelector().isPresent()) {
      poolSelector(s.poolSelector().get());
    }
    if (s.ownerRef().isPresent()) {
      OwnerRef o = s.ownerRef().get();
      out.writeObjectFieldStart("ownerRef");
      out.writeStringField("apiGroup", o.apiGroup());
      out.writeStringField("kind", o.kind());
      if (o.namespace().isPresent()) {
        out.writeStringField("namespace", o.namespace().get());
      }
      out.writeStringField("name", o.name());
      out.writeEndObject();
    }
    out.writeStringField("reclaimPolicy", s.reclaimPolicy().name());
    if (s.address().isPresent()) {
      out.writeStringField("address", s.address().get());
    }
    out.writeEndObject();
  }

  private void poolSelector(PoolSelector sel) throws IOException {
    out.writeObjectFieldStart("poolSelector");
    sortedMap("matchLabels", sel.matchLabels());
    if (!sel.matchExpressions().isEmpty()) {
      out.writeArrayFieldStart("matchExpressions");
      for (Requirement r : sel.matchExpressions()) {
        out.writeStartObject();
        out.writeStringField("key", r.key());
        out.writeStringField("operator", r.operator().name());
        if (!r.values().isEmpty()) {
          out.writeArrayFieldStart("values");
          for (String v : r.values()) {
            out.writeString(v);
          }
          out.writeEndArray();
        }
        out.writeEndObject();
      }
      out.writeEndArray();
    }
    if (sel.projectRef().isPresent()) {
      named("projectRef", sel.projectRef().get().name());
    }
    out.writeEndObject();
  }

  private void claimStatus(IPClaimStatus s) throws IOException {
    out.writeObjectFieldStart("status");
    out.writeStringField("phase", s.phase().name());
    if (s.allocatedCIDR().isPresent()) {
      out.writeStringField("allocatedCIDR", s.allocatedCIDR().get().toString());
    }
    if (s.address().isPresent()) {
      out.writeStringField("address", s.address().get());
    }
    if (s.poolRef().isPresent()) {
      poolRef("poolRef", s.poolRef().get());
    }
    if (s.boundAllocationRef().isPresent()) {
      named("boundAllocationRef", s.boundAllocationRef().get().name());
    }
    conditions(s.conditions());
    out.writeEndObject();
  }

  private void conditions(List<Condition> conditions) throws IOException {
    if (conditions.isEmpty()) {
      return;
    }
    out.writeArrayFieldStart("conditions");
    for (Condition c : conditions) {
      out.writeStartObject();
      out.writeStringField("type", c.type());
      out.writeStringField("status", c.status().name());
      out.writeStringField("reason", c.reason());
      out.writeStringField("message", c.message());
      out.writeStringField("lastTransitionTime", c.lastTransitionTime().toString());
      out.writeNumberField("observedGeneration", c.observedGeneration());
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private void poolRef(String field, PoolRef r) throws IOException {
    out.writeObjectFieldStart(field);
    out.writeStringField("name", r.name());
    if (r.projectRef().isPresent()) {
      named("projectRef", r.projectRef().get().name());
    }
    out.writeEndObject();
  }

  private void named(String field, String name) throws IOException {
    out.writeObjectFieldStart(field);
    out.writeStringField("name", name);
    out.writeEndObject();
  }
}
