package org.ipam4j.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.model.AllocationPhase;
import org.ipam4j.model.AllocationPolicy;
import org.ipam4j.model.Capacity;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.Condition;
import org.ipam4j.model.ConditionStatus;
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
import org.ipam4j.model.Kind;
import org.ipam4j.model.LocalRef;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.model.OwnerRef;
import org.ipam4j.model.PoolPhase;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.ProjectRef;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.model.Visibility;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.selector.Operator;
import org.ipam4j.selector.Requirement;

/**
 * The stored form of an object: its JSON in the API's wire shape (what every release so far has
 * written, so every database reads the same), made and read with Jackson's streaming core alone.
 * It is the store's own: no YAML, no schema, no positions, so manifests and rows may change apart.
 * A body that does not read back as an object throws {@link IllegalArgumentException}.
 */
final class RowCodec {

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build();

  private RowCodec() {}

  // ---- writing -------------------------------------------------------------------------------

  static String encode(IpamObject object) {
    StringWriter text = new StringWriter(512);
    try (JsonGenerator out = JSON.createGenerator(text)) {
      new Out(out).object(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** Field by field, leaving out what is absent or empty, in the order manifests print. */
  private record Out(JsonGenerator g) {

    void object(IpamObject object) throws IOException {
      g.writeStartObject();
      g.writeStringField("apiVersion", Kind.API_VERSION);
      g.writeStringField("kind", object.kind().name());
      metadata(object.metadata());
      if (object instanceof IPPool pool) {
        poolSpec(pool.spec());
        if (!pool.status().equals(IPPoolStatus.empty())) {
          poolStatus(pool.status());
        }
      } else if (object instanceof IPClaim claim) {
        claimSpec(claim.spec());
        if (!claim.status().equals(IPClaimStatus.empty())) {
          claimStatus(claim.status());
        }
      } else if (object instanceof IPAllocation allocation) {
        g.writeObjectFieldStart("spec");
        g.writeStringField("ipFamily", allocation.spec().ipFamily().name());
        poolRef("poolRef", allocation.spec().poolRef());
        named("claimRef", allocation.spec().claimRef());
        named("childPoolRef", allocation.spec().childPoolRef());
        g.writeEndObject();
        g.writeObjectFieldStart("status");
        g.writeStringField("phase", allocation.status().phase().name());
        g.writeStringField("allocatedCIDR", allocation.status().allocatedCIDR().toString());
        conditions(allocation.status().conditions());
        g.writeEndObject();
      }
      g.writeEndObject();
    }

    void metadata(ObjectMeta m) throws IOException {
      g.writeObjectFieldStart("metadata");
      g.writeStringField("name", m.name());
      g.writeStringField("namespace", m.project());
      strings("labels", m.labels());
      strings("annotations", m.annotations());
      if (!m.uid().isEmpty()) {
        g.writeStringField("uid", m.uid());
      }
      if (m.resourceVersion() != 0) {
        g.writeStringField("resourceVersion", Long.toString(m.resourceVersion()));
      }
      if (m.generation() != 0) {
        g.writeNumberField("generation", m.generation());
      }
      if (m.creationTimestamp().isPresent()) {
        g.writeStringField("creationTimestamp", m.creationTimestamp().get().toString());
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
      g.writeEndObject();
      optional("visibility", s.visibility().map(Enum::name));
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
      g.writeNumberField("largestFreePrefix", s.largestFreePrefix());
      g.writeNumberField("utilizationPercent", s.utilizationPercent());
      conditions(s.conditions());
      g.writeEndObject();
    }

    void claimSpec(IPClaimSpec s) throws IOException {
      g.writeObjectFieldStart("spec");
      optional("ipFamily", s.ipFamily().map(Enum::name));
      optional("prefixLength", s.prefixLength());
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
      g.writeEndObject();
    }

    void claimStatus(IPClaimStatus s) throws IOException {
      g.writeObjectFieldStart("status");
      g.writeStringField("phase", s.phase().name());
      optional("allocatedCIDR", s.allocatedCIDR().map(Cidr::toString));
      named("boundAllocationRef", s.boundAllocationRef());
      conditions(s.conditions());
      g.writeEndObject();
    }

    void conditions(List<Condition> conditions) throws IOException {
      if (conditions.isEmpty()) {
        return;
      }
      g.writeArrayFieldStart("conditions");
      for (Condition c : conditions) {
        g.writeStartObject();
        g.writeStringField("type", c.type());
        g.writeStringField("status", c.status().name());
        g.writeStringField("reason", c.reason());
        g.writeStringField("message", c.message());
        g.writeStringField("lastTransitionTime", c.lastTransitionTime().toString());
        g.writeNumberField("observedGeneration", c.observedGeneration());
        g.writeEndObject();
      }
      g.writeEndArray();
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

  // ---- reading -------------------------------------------------------------------------------

  static IpamObject decode(String body) {
    Map<String, Object> root;
    try (JsonParser in = JSON.createParser(body)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("the body is not a JSON object");
      }
      root = object(in);
      if (in.nextToken() != null) {
        throw new IllegalArgumentException("text after the object");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getMessage(), e);
    }
    In o = new In(root, "");
    String kind = o.text("kind");
    ObjectMeta meta = o.in("metadata").meta();
    In spec = o.in("spec");
    In status = o.has("status") ? o.in("status") : null;
    return switch (Kind.valueOf(kind)) {
      case IPPool -> new IPPool(meta, spec.poolSpec(),
          status == null ? IPPoolStatus.empty() : status.poolStatus());
      case IPClaim -> new IPClaim(meta, spec.claimSpec(),
          status == null ? IPClaimStatus.empty() : status.claimStatus());
      case IPAllocation -> new IPAllocation(meta, new IPAllocationSpec(
          IpFamily.valueOf(spec.text("ipFamily")), spec.in("poolRef").poolRef(),
          spec.ref("claimRef"), spec.ref("childPoolRef")),
          new IPAllocationStatus(AllocationPhase.valueOf(status(status).text("phase")),
              Cidr.parse(status.text("allocatedCIDR")), status.conditions()));
    };
  }

  private static In status(In status) {
    if (status == null) {
      throw new IllegalArgumentException("status: missing");
    }
    return status;
  }

  private static Map<String, Object> object(JsonParser in) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String name = in.currentName();
      in.nextToken();
      if (out.put(name, value(in)) != null) {
        throw new IllegalArgumentException(name + ": given twice");
      }
    }
    return out;
  }

  private static Object value(JsonParser in) throws IOException {
    return switch (in.currentToken()) {
      case START_OBJECT -> object(in);
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (in.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(in));
        }
        yield list;
      }
      case VALUE_STRING -> in.getText();
      case VALUE_NUMBER_INT -> in.getBigIntegerValue();
      case VALUE_TRUE, VALUE_FALSE -> in.getBooleanValue();
      case VALUE_NULL -> null;
      default -> throw new IllegalArgumentException("unexpected " + in.currentToken());
    };
  }

  /** One JSON object of a body, read as the record it stands for; {@code path} names it. */
  private record In(Map<String, Object> fields, String path) {

    boolean has(String field) {
      return fields.get(field) != null;
    }

    private Object required(String field) {
      Object v = fields.get(field);
      if (v == null) {
        throw new IllegalArgumentException(path + field + ": missing");
      }
      return v;
    }

    String text(String field) {
      Object v = required(field);
      if (!(v instanceof String s)) {
        throw new IllegalArgumentException(path + field + ": expected text, got " + v);
      }
      return s;
    }

    Optional<String> optionalText(String field) {
      return has(field) ? Optional.of(text(field)) : Optional.empty();
    }

    /** A whole number, written as a number or (as versions and capacities are) as text. */
    BigInteger number(String field) {
      Object v = required(field);
      try {
        return v instanceof BigInteger n ? n : new BigInteger((String) v);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(path + field + ": expected a whole number, got " + v);
      }
    }

    long longValue(String field) {
      return number(field).longValueExact();
    }

    OptionalInt optionalInt(String field) {
      return has(field) ? OptionalInt.of(number(field).intValueExact()) : OptionalInt.empty();
    }

    @SuppressWarnings("unchecked")
    In in(String field) {
      Object v = required(field);
      if (!(v instanceof Map)) {
        throw new IllegalArgumentException(path + field + ": expected an object");
      }
      return new In((Map<String, Object>) v, path + field + ".");
    }

    @SuppressWarnings("unchecked")
    List<In> list(String field) {
      if (!has(field)) {
        return List.of();
      }
      List<In> out = new ArrayList<>();
      for (Object item : (List<Object>) required(field)) {
        out.add(new In((Map<String, Object>) item, path + field + "[]."));
      }
      return out;
    }

    Map<String, String> strings(String field) {
      Map<String, String> out = new LinkedHashMap<>();
      if (has(field)) {
        In map = in(field);
        for (String key : map.fields().keySet()) {
          out.put(key, map.text(key));
        }
      }
      return out;
    }

    Optional<LocalRef> ref(String field) {
      return has(field) ? Optional.of(new LocalRef(in(field).text("name"))) : Optional.empty();
    }

    PoolRef poolRef() {
      return new PoolRef(text("name"), ref("projectRef").map(r -> new ProjectRef(r.name())));
    }

    ObjectMeta meta() {
      return new ObjectMeta(text("name"), text("namespace"), strings("labels"),
          strings("annotations"), optionalText("uid").orElse(""),
          has("resourceVersion") ? longValue("resourceVersion") : 0,
          has("generation") ? longValue("generation") : 0,
          optionalText("creationTimestamp").map(Instant::parse));
    }

    IPPoolSpec poolSpec() {
      In a = in("allocation");
      return new IPPoolSpec(optionalText("cidr"), optionalText("ipFamily").map(IpFamily::valueOf),
          ref("parentPoolRef"), optionalInt("prefixLength"),
          new AllocationPolicy(a.optionalInt("minPrefixLength"), a.optionalInt("maxPrefixLength"),
              Strategy.valueOf(a.text("strategy"))),
          optionalText("visibility").map(Visibility::valueOf));
    }

    IPPoolStatus poolStatus() {
      Optional<Capacity> capacity = Optional.empty();
      if (has("capacity")) {
        In c = in("capacity");
        capacity = Optional.of(new Capacity(c.number("total"), c.number("allocated"),
            c.number("available")));
      }
      return new IPPoolStatus(PoolPhase.valueOf(text("phase")),
          optionalText("allocatedCIDR").map(Cidr::parse),
          optionalText("ipFamily").map(IpFamily::valueOf), capacity,
          number("largestFreePrefix").intValueExact(),
          number("utilizationPercent").intValueExact(), conditions());
    }

    IPClaimSpec claimSpec() {
      Optional<PoolSelector> selector = Optional.empty();
      if (has("poolSelector")) {
        In s = in("poolSelector");
        List<Requirement> expressions = new ArrayList<>();
        for (In r : s.list("matchExpressions")) {
          expressions.add(new Requirement(r.text("key"), Operator.valueOf(r.text("operator")),
              r.texts("values")));
        }
        selector = Optional.of(new PoolSelector(s.strings("matchLabels"), expressions,
            s.ref("projectRef").map(r -> new ProjectRef(r.name()))));
      }
      Optional<OwnerRef> owner = Optional.empty();
      if (has("ownerRef")) {
        In o = in("ownerRef");
        owner = Optional.of(new OwnerRef(o.text("apiGroup"), o.text("kind"),
            o.optionalText("namespace"), o.text("name")));
      }
      return new IPClaimSpec(optionalText("ipFamily").map(IpFamily::valueOf),
          optionalInt("prefixLength"),
          has("poolRef") ? Optional.of(in("poolRef").poolRef()) : Optional.empty(), selector,
          owner, ReclaimPolicy.valueOf(text("reclaimPolicy")));
    }

    IPClaimStatus claimStatus() {
      return new IPClaimStatus(ClaimPhase.valueOf(text("phase")),
          optionalText("allocatedCIDR").map(Cidr::parse), ref("boundAllocationRef"),
          conditions());
    }

    @SuppressWarnings("unchecked")
    List<String> texts(String field) {
      if (!has(field)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (Object v : (List<Object>) required(field)) {
        out.add((String) v);
      }
      return out;
    }

    List<Condition> conditions() {
      List<Condition> out = new ArrayList<>();
      for (In c : list("conditions")) {
        out.add(new Condition(c.text("type"), ConditionStatus.valueOf(c.text("status")),
            c.text("reason"), c.text("message"), Instant.parse(c.text("lastTransitionTime")),
            c.longValue("observedGeneration")));
      }
      return out;
    }
  }
}
