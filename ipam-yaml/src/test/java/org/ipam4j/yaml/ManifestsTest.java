package org.ipam4j.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.ipam4j.InvalidException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.net.IpFamily;
import org.junit.jupiter.api.Test;

class ManifestsTest {

  private final Manifests manifests = Manifests.strict();

  /** The usage example of the public IPClaim resource page, unchanged. */
  private static final String RESOURCE_PAGE_EXAMPLE =
      """
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPClaim
      metadata:
        name: web-tier-v4
      spec:
        ipFamily: IPv4
        prefixLength: 24
        poolSelector:
          matchLabels:
            tier: web
      """;

  @Test
  void largestFreePrefixIsZeroOnTheWireForExhaustedAndEmptyInJava() {
    IpamEngine engine = IpamEngine.inMemory();
    engine.applyPool(IPPool.of("default", "all", IPPoolSpec.root("::/0")));
    IPPool free = engine.getPool("default", "all").orElseThrow();
    engine.applyClaim(
        IPClaim.of("default", "whole", IPClaimSpec.fromPool(IpFamily.IPv6, 0, "all")));
    IPPool exhausted = engine.getPool("default", "all").orElseThrow();
    Manifests m = Manifests.strict();
    assertThat(m.toYaml(exhausted)).contains("largestFreePrefix: 0");
    assertThat(m.toYaml(free)).contains("largestFreePrefix: 0");
    IPPool exhaustedBack = (IPPool) m.readObjects("e.yaml", m.toYaml(exhausted)).get(0);
    IPPool freeBack = (IPPool) m.readObjects("f.yaml", m.toYaml(free)).get(0);
    assertThat(exhaustedBack.status().largestFreePrefix()).isEmpty();
    assertThat(freeBack.status().largestFreePrefix()).hasValue(0);
  }

  @Test
  void readsTheResourcePageExample() {
    List<IpamObject> objects =
        manifests
            .withDefaultProject("my-project")
            .readObjects("ipclaim.yaml", RESOURCE_PAGE_EXAMPLE);
    assertThat(objects)
        .singleElement()
        .isInstanceOfSatisfying(
            IPClaim.class,
            c -> {
              assertThat(c.metadata().name()).isEqualTo("web-tier-v4");
              assertThat(c.metadata().project()).isEqualTo("my-project");
              assertThat(c.spec().ipFamily()).isEqualTo(IpFamily.IPv4);
              assertThat(c.spec().prefixLength()).isEqualTo(24);
              assertThat(c.spec().poolSelector())
                  .contains(PoolSelector.matching(Map.of("tier", "web")));
              assertThat(c.spec().reclaimPolicy()).isEqualTo(ReclaimPolicy.Delete);
            });
  }

  @Test
  void readsStreamsListsAndJson() {
    String stream =
        """
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPPool
        metadata: {name: a, namespace: infra}
        spec: {cidr: 10.0.0.0/8, visibility: shared}
        ---
        ---
        apiVersion: v1
        kind: List
        items:
        - apiVersion: ipam.miloapis.com/v1alpha1
          kind: IPPool
          metadata: {name: b}
          spec: {parentPoolRef: {name: a}, prefixLength: 16}
        """;
    List<Manifest> read = manifests.read("s.yaml", stream);
    assertThat(read)
        .extracting(m -> m.object().metadata().key())
        .containsExactly("infra/a", "default/b");
    assertThat(read.get(1).where()).startsWith("s.yaml: document 3, line 10");
    String json =
        """
        {"apiVersion": "ipam.miloapis.com/v1alpha1", "kind": "IPClaim",
         "metadata": {"name": "c"},
         "spec": {"ipFamily": "IPv6", "prefixLength": 64, "poolRef": {"name": "v6",
           "projectRef": {"name": "infra"}}, "reclaimPolicy": "Retain"}}
        """;
    IPClaim claim = (IPClaim) manifests.readObjects("c.json", json).get(0);
    assertThat(claim.spec().poolRef().orElseThrow().projectOr("x")).isEqualTo("infra");
    assertThat(claim.spec().reclaimPolicy()).isEqualTo(ReclaimPolicy.Retain);
  }

  @Test
  void errorsNameTheDocumentLineColumnAndField() {
    String text =
        """
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPPool
        metadata: {name: ok}
        spec: {cidr: 10.0.0.0/8}
        ---
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPClaim
        metadata: {name: bad}
        spec:
          ipFamily: IPv4
          prefixLength: 24a
          poolRef: {name: ok}
        """;
    assertThatThrownBy(() -> manifests.read("pools.yaml", text))
        .isInstanceOf(InvalidException.class)
        .hasMessage(
            "pools.yaml: document 2, line 11, col 17: spec.prefixLength: expected an"
                + " integer, got \"24a\"");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String text =
        """
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPClaim
        metadata: {name: bad, lables: {a: b}}
        spec:
          ipFamily: IPv5
          prefixLenght: 24
        status: {phase: Bound, allocatedCIDR: 10.0.0.1/24}
        """;
    assertThatThrownBy(() -> manifests.read("c.yaml", text))
        .isInstanceOfSatisfying(
            InvalidException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Object::toString)
                    .containsExactly(
                        "c.yaml: document 1, line 3, col 23: metadata.lables: unknown field \"lables\";"
                            + " did you mean \"labels\"?",
                        "c.yaml: document 1, line 5, col 13: spec.ipFamily: \"IPv5\" is not one of"
                            + " IPv4, IPv6",
                        "c.yaml: document 1, line 6, col 3: spec.prefixLenght: unknown field"
                            + " \"prefixLenght\"; did you mean \"prefixLength\"?",
                        "c.yaml: document 1, line 5, col 3: spec.prefixLength: required"));
    // Lenient reading ignores unknown fields but still checks the rest.
    assertThatThrownBy(() -> manifests.lenient().read("c.yaml", text))
        .isInstanceOfSatisfying(
            InvalidException.class,
            e ->
                assertThat(e.violations())
                    .extracting(InvalidException.Violation::field)
                    .containsExactly("spec.ipFamily", "spec.prefixLength"));
  }

  @Test
  void unknownKindsListTheKnownOnes() {
    assertThatThrownBy(
            () ->
                manifests.read(
                    "x.yaml",
                    "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPoo\nmetadata: {name: x}\n"))
        .hasMessage(
            "x.yaml: document 1, line 1, col 1: kind: unknown kind \"IPPoo\" of"
                + " apiVersion \"ipam.miloapis.com/v1alpha1\"; known: ipam.miloapis.com/v1alpha1"
                + " IPPool, IPClaim, IPAllocation, and v1 List; did you mean IPPool?");
    assertThatThrownBy(
            () ->
                manifests.read(
                    "x.yaml",
                    "apiVersion: ipam.miloapis.com/v2\nkind: IPPool\nmetadata: {name: x}\n"))
        .hasMessageContaining("unknown kind \"IPPool\" of apiVersion \"ipam.miloapis.com/v2\"");
  }

  @Test
  void syntaxErrorsDuplicatesAndHostBitsArePlaced() {
    assertThatThrownBy(() -> manifests.read("y.yaml", "kind: IPPool\n  bad: [\n"))
        .isInstanceOf(InvalidException.class)
        .hasMessageStartingWith("y.yaml: document 1, line ")
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(
            () ->
                manifests.read(
                    "d.yaml",
                    """
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPPool
        kind: IPClaim
        """))
        .hasMessage("d.yaml: document 1, line 3, col 1: duplicate field \"kind\"");
    assertThatThrownBy(
            () ->
                manifests.read(
                    "h.yaml",
                    """
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPClaim
        metadata: {name: c}
        spec: {ipFamily: IPv4, prefixLength: 24, poolRef: {name: p}}
        status: {phase: Bound, allocatedCIDR: 10.0.0.1/24}
        """))
        .hasMessage(
            "h.yaml: document 1, line 5, col 39: status.allocatedCIDR:"
                + " \"10.0.0.1/24\" has host bits set; did you mean 10.0.0.0/24?");
  }

  @Test
  void billionLaughsFailsFast() {
    StringBuilder yaml =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 12; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    // 9^12 values if expanded: refused by counting, long before any memory is spent on them.
    assertThatThrownBy(() -> manifests.read("laughs.yaml", yaml.toString()))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("expands to more than 100000 values through aliases");
  }

  @Test
  void aliasesWithinTheBudgetWork() {
    String text =
        """
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPPool
        metadata: {name: a, labels: &l {tier: web}}
        spec: {cidr: 10.0.0.0/8}
        ---
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPPool
        metadata: {name: b, labels: {tier: web}}
        spec: {cidr: 11.0.0.0/8}
        """;
    assertThat(manifests.readObjects("a.yaml", text))
        .extracting(o -> o.metadata().labels())
        .containsOnly(Map.of("tier", "web"));
  }

  @Test
  void scalarAnchorsWorkAsKubernetesReadsThem() {
    String text =
        """
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPClaim
        metadata: {name: c, labels: {tier: &t web, role: *t}}
        spec: {ipFamily: &f IPv4, prefixLength: &n 28, poolSelector: {matchLabels: {tier: *t}}}
        ---
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPClaim
        metadata:
          name: d
          labels: {tier: &t2 db, copy: *t2}
        spec: {ipFamily: IPv4, prefixLength: 28, poolSelector: {matchLabels: {tier: *t2}}}
        """;
    List<IpamObject> objects = manifests.readObjects("a.yaml", text);
    assertThat(objects.get(0).metadata().labels()).isEqualTo(Map.of("tier", "web", "role", "web"));
    assertThat(objects.get(1).metadata().labels()).isEqualTo(Map.of("tier", "db", "copy", "db"));
    // An anchor belongs to its document, and an alias before its anchor is still refused.
    assertThatThrownBy(() -> manifests.read("b.yaml", "a: *t\nb: &t x\n"))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("alias *t has no anchor");
  }

  @Test
  void invalidUtf8AndLoneSurrogatesAreRefusedWhereTheyAre(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String head =
        "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata:\n  name: a\n"
            + "  annotations: {note: \"";
    byte[] bytes = (head + "caf\u00e9 ").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bad = java.util.Arrays.copyOf(bytes, bytes.length + 2);
    bad[bytes.length] = (byte) 0xff;
    bad[bytes.length + 1] = '"';
    java.nio.file.Path file = dir.resolve("bad.yaml");
    java.nio.file.Files.write(file, bad);
    String where = file + ": line 5, col 29";
    assertThatThrownBy(() -> manifests.read(file))
        .isInstanceOf(InvalidException.class)
        .hasMessage(
            where
                + ": not valid UTF-8 (byte 0xFF at offset "
                + bytes.length
                + "); save"
                + " the file as UTF-8");
    assertThatThrownBy(() -> manifests.read("<stdin>", new java.io.ByteArrayInputStream(bad)))
        .isInstanceOf(InvalidException.class)
        .hasMessageStartingWith("<stdin>: line 5, col 29: not valid UTF-8");
    for (String surrogate : List.of("\\ud800", "\ud800", "x\udc00y")) {
      String text = head + surrogate + "\"}\nspec: {cidr: 10.0.0.0/8}\n";
      assertThatThrownBy(() -> manifests.read("s.yaml", text))
          .as(surrogate)
          .isInstanceOf(InvalidException.class)
          .hasMessageMatching("s\\.yaml: (document 1, )?line 5, col 2[345]: .*lone surrogate.*");
    }
    // A pair is a character.
    String pair = head + "\ud83d\ude00\"}\nspec: {cidr: 10.0.0.0/8}\n";
    assertThat(manifests.readObjects("p.yaml", pair).get(0).metadata().annotations())
        .containsEntry("note", "\ud83d\ude00");
  }

  @Test
  void sizeAndDepthLimits() {
    Manifests small = manifests.withLimits(new Limits(100, 5, 1000));
    assertThatThrownBy(() -> small.read("big.yaml", "x".repeat(101)))
        .hasMessage("big.yaml: input is 101 characters, more than the limit of 100");
    assertThatThrownBy(() -> small.read("deep.yaml", "a: [[[[[[[1]]]]]]]"))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("nested deeper than the limit of 5");
  }

  /** An engine holding fixtures/web.yaml, applied as one set. */
  private IpamEngine webFixture() throws Exception {
    try (java.io.InputStream in =
        getClass().getClassLoader().getResourceAsStream("fixtures/web.yaml")) {
      IpamEngine engine = IpamEngine.inMemory();
      engine
          .applyAll(
              manifests.readObjects(
                  "web.yaml",
                  new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)))
          .orThrow();
      return engine;
    }
  }

  @Test
  void writesWhatReadsBackIdenticallyWithStatus() throws Exception {
    IpamEngine engine = webFixture();
    IPPool pool = engine.getPool("default", "web-pool").orElseThrow();
    IPClaim claim = engine.getClaim("default", "web-tier-v4").orElseThrow();
    IPAllocation allocation = engine.listAllocations("default").get(0);
    for (IpamObject o : List.<IpamObject>of(pool, claim, allocation)) {
      assertThat(manifests.readObjects("y", manifests.toYaml(o))).containsExactly(o);
      assertThat(manifests.readObjects("j", manifests.toJson(o))).containsExactly(o);
    }
    String yaml = manifests.toYaml(claim);
    assertThat(yaml)
        .startsWith("---\napiVersion: ipam.miloapis.com/v1alpha1\nkind: IPClaim\n")
        .contains("allocatedCIDR: 10.0.0.0/24")
        .contains("resourceVersion: \"");
    assertThat(manifests.readObjects("all", manifests.toYaml(List.of(pool, claim))))
        .containsExactly(pool, claim);
    assertThat(manifests.readObjects("list", manifests.toJsonList(List.of(pool, claim))))
        .containsExactly(pool, claim);
  }

  @Test
  void aMisspeltKindSuggestsTheKnownOne() {
    assertThatThrownBy(
            () ->
                manifests.read(
                    "p.yaml",
                    "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IpPool\nmetadata: {name: p}\n"))
        .isInstanceOf(InvalidException.class)
        .hasMessageEndingWith("; did you mean IPPool?");
  }

  @Test
  void yamlListHasTheKubectlShape() throws Exception {
    IpamEngine engine = webFixture();
    String list = manifests.toYamlList(engine.listPools("default"));
    assertThat(list).startsWith("---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: ");
    assertThat(manifests.readObjects("list.yaml", list)).isEqualTo(engine.listPools("default"));
  }

  @Test
  void jsonListHasTheKubectlShape() throws Exception {
    IpamEngine engine = webFixture();
    JsonNode list = new ObjectMapper().readTree(manifests.toJsonList(engine.listPools("default")));
    assertThat(list.get("apiVersion").asText()).isEqualTo("v1");
    assertThat(list.get("kind").asText()).isEqualTo("List");
    assertThat(list.get("items").get(0).get("status").get("capacity").get("total").asText())
        .isEqualTo("65536");
  }

  @Test
  void explainPrintsTheFieldTree() {
    String recursive = Manifests.explain(Kind.IPClaim, "", true);
    assertThat(recursive)
        .startsWith("KIND:     IPClaim\nVERSION:  ipam.miloapis.com/v1alpha1\n")
        .contains("\n   spec\t<Object> -required-\n      ipFamily\t<string> -required-\n")
        .contains("\n         matchExpressions\t<[]Object>\n            key\t<string> -required-\n")
        .contains("            values\t<[]string>\n");
    String spec = Manifests.explain(Kind.IPClaim, "spec", false);
    assertThat(spec)
        .contains("FIELD:    spec <Object>")
        .contains("   prefixLength\t<integer> -required-\n     The requested sub-prefix size");
    assertThatThrownBy(() -> Manifests.explain(Kind.IPPool, "spec.nope", false))
        .isInstanceOf(InvalidException.class);
  }

  @Test
  void crdsAreValidKubernetesShapes() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (Kind kind : Kind.values()) {
      JsonNode crd = yaml.readTree(Manifests.customResourceDefinition(kind));
      assertThat(crd.get("kind").asText()).isEqualTo("CustomResourceDefinition");
      assertThat(crd.at("/metadata/name").asText()).isEqualTo(kind.plural() + ".ipam.miloapis.com");
      assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo(kind.shortName());
      JsonNode version = crd.at("/spec/versions/0");
      assertThat(version.get("name").asText()).isEqualTo("v1alpha1");
      assertThat(version.at("/schema/openAPIV3Schema/properties/spec/type").asText())
          .isEqualTo("object");
      assertThat(version.get("additionalPrinterColumns").size()).isGreaterThanOrEqualTo(4);
    }
    JsonNode claim = yaml.readTree(Manifests.customResourceDefinition(Kind.IPClaim));
    JsonNode spec = claim.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    assertThat(spec.get("required").toString()).isEqualTo("[\"ipFamily\",\"prefixLength\"]");
    assertThat(spec.at("/properties/ipFamily/enum").toString()).isEqualTo("[\"IPv4\",\"IPv6\"]");
    assertThat(spec.at("/x-kubernetes-validations/0/rule").asText())
        .isEqualTo("has(self.poolRef) != has(self.poolSelector)");
  }

  /** The fields the reference server added later, spelt as it spells them, load unchanged. */
  private static final String LATER_FIELDS =
      """
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPPool
      metadata: {name: edge, namespace: net}
      spec:
        cidr: 10.20.0.0/24
        reservations: {leading: 1, trailing: 1, unitPrefixLength: 32, cidrs: [10.20.0.128/29]}
        maxRetentionLease: 720h
        allocation: {reuseGracePeriod: 10m}
      status:
        phase: Ready
        allocatedCIDR: 10.20.0.0/24
        capacity: {total: "256", allocated: "10", available: "246"}
        utilizationPercent: 3.9062
      ---
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPClaim
      metadata: {name: gw, namespace: net}
      spec: {ipFamily: IPv4, prefixLength: 32, poolRef: {name: edge}, address: 10.20.0.1}
      status:
        phase: Bound
        allocatedCIDR: 10.20.0.1/32
        address: 10.20.0.1
        poolRef: {name: edge}
      ---
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPAllocation
      metadata: {name: alloc-1, namespace: net}
      spec: {ipFamily: IPv4, poolRef: {name: edge}, purpose: Reservation}
      status: {phase: Ready, allocatedCIDR: 10.20.0.0/32}
      """;

  @Test
  void theReferencesLaterFieldsLoadAndWriteBack() throws Exception {
    List<IpamObject> objects = manifests.readObjects("later.yaml", LATER_FIELDS);
    IPPool pool = (IPPool) objects.get(0);
    assertThat(pool.spec().reservations().leading()).isEqualTo(1);
    assertThat(pool.spec().reservations().cidrs()).containsExactly("10.20.0.128/29");
    assertThat(pool.spec().maxRetentionLease()).contains("720h");
    assertThat(pool.spec().allocation().reuseGracePeriod()).contains("10m");
    assertThat(pool.status().utilizationPercent()).isEqualTo(new java.math.BigDecimal("3.9062"));
    IPClaim claim = (IPClaim) objects.get(1);
    assertThat(claim.spec().address()).contains("10.20.0.1");
    assertThat(claim.status().address()).contains("10.20.0.1");
    assertThat(claim.status().poolRef().orElseThrow().name()).isEqualTo("edge");
    IPAllocation reservation = (IPAllocation) objects.get(2);
    assertThat(reservation.spec().isReservation()).isTrue();
    for (IpamObject o : objects) {
      assertThat(manifests.readObjects("again", manifests.toYaml(o))).containsExactly(o);
    }
    // An old integer percentage still reads; a percentage past 100 or text does not.
    assertThat(
            manifests
                .readObjects("old", LATER_FIELDS.replace("3.9062", "3"))
                .get(0)
                .metadata()
                .name())
        .isEqualTo("edge");
    assertThatThrownBy(() -> manifests.readObjects("bad", LATER_FIELDS.replace("3.9062", "lots")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("status.utilizationPercent");
  }

  @Test
  void explainAndTheCrdsShowTheNewFields() throws Exception {
    String pool = Manifests.explain(Kind.IPPool, "", true);
    assertThat(pool)
        .contains("reservations", "leading", "trailing", "unitPrefixLength", "cidrs")
        .contains("maxRetentionLease", "reuseGracePeriod", "utilizationPercent");
    assertThat(Manifests.explain(Kind.IPClaim, "spec.address", false)).contains("aligned");
    assertThat(Manifests.explain(Kind.IPClaim, "status", true)).contains("address", "poolRef");
    assertThat(Manifests.explain(Kind.IPAllocation, "spec.purpose", false))
        .contains("Reservation", "PoolCarve");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode crd = yaml.readTree(Manifests.customResourceDefinition(Kind.IPPool));
    JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
    assertThat(spec.at("/reservations/properties/cidrs/type").asText()).isEqualTo("array");
    assertThat(spec.at("/maxRetentionLease/type").asText()).isEqualTo("string");
    assertThat(spec.at("/allocation/properties/reuseGracePeriod/type").asText())
        .isEqualTo("string");
    JsonNode status =
        crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/status/properties");
    assertThat(status.at("/utilizationPercent/type").asText()).isEqualTo("number");
  }

  @Test
  void aStreamPastTheLimitFailsWithoutBeingReadWhole() {
    java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
    java.io.InputStream endless =
        new java.io.InputStream() {
          @Override
          public int read() {
            served.incrementAndGet();
            return ' ';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) ' ');
            served.addAndGet(len);
            return len;
          }
        };
    Limits limits = Limits.defaults();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Manifests.strict().read("<stdin>", endless))
        .isInstanceOf(org.ipam4j.InvalidException.class)
        .hasMessage(
            "<stdin>: input is larger than the limit of " + limits.maxInputChars() + " characters");
    org.assertj.core.api.Assertions.assertThat(served.get())
        .isLessThanOrEqualTo(limits.maxInputChars() * 4L + 1 + 8192);
  }

  @Test
  void anIntegerWithALeadingZeroIsRefusedAsAmbiguous() {
    String claim =
        "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPClaim\nmetadata: {name: c}\n"
            + "spec:\n  ipFamily: IPv4\n  prefixLength: 030\n  poolRef: {name: p}\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Manifests.strict().read("c.yaml", claim))
        .isInstanceOf(org.ipam4j.InvalidException.class)
        .hasMessage(
            "c.yaml: document 1, line 6, col 17: spec.prefixLength: 030 has a leading"
                + " zero, which YAML 1.1 readers (Kubernetes among them) take as octal 24; write the"
                + " number without it");
    org.assertj.core.api.Assertions.assertThat(
            Manifests.strict().read("c.yaml", claim.replace("030", "30")).get(0).object())
        .isInstanceOf(org.ipam4j.model.IPClaim.class);
  }
}
