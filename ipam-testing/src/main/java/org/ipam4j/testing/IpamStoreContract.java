package org.ipam4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.ipam4j.ExpiredException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.model.AllocationPhase;
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
import org.ipam4j.model.PoolPhase;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.selector.Requirement;
import org.ipam4j.store.ChangePage;
import org.ipam4j.store.ChangeRetention;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;
import org.ipam4j.store.PoolBlocks;
import org.ipam4j.store.StoreSnapshot;
import org.ipam4j.store.WaitKeys;
import org.ipam4j.store.Write;
import org.ipam4j.watch.Change;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IpamStore} must do: the one suite that the in-memory store, SQLite and
 * PostgreSQL pass, for anyone who writes a store of their own. A store's test extends this class
 * and says how to make a fresh, empty store (JUnit runs the inherited tests):
 *
 * <pre>{@code
 * class MyStoreTest extends IpamStoreContract {
 *   protected IpamStore newStore() { return new MyStore(); }
 *   protected IpamStore newStore(ChangeRetention retention) { return new MyStore(retention); }
 * }
 * }</pre>
 *
 * <p>A store shared across processes also overrides {@link #sameDataAgain()}, so that the lock and
 * visibility tests run across two handles.
 *
 * <p>The tests are grouped by what they hold, each group under a {@code // ----} line: root pools,
 * reads and writes, allocations, pool locks, waiting claims, the root-pool lookup, the change log.
 * A test for a new {@link IpamStore} method goes in its group. The suite is one class on purpose: a
 * store's test extends exactly one.
 *
 * @since 0.1
 */
public abstract class IpamStoreContract {

  /** The store under test: a fresh one from {@link #newStore()} for each test, closed after it. */
  @SuppressWarnings("NullAway.Init") // set before each test
  protected IpamStore store;

  /** For subclasses. */
  protected IpamStoreContract() {}

  /**
   * A new, empty store.
   *
   * @return the store, which the suite closes after the test
   */
  protected abstract IpamStore newStore();

  /**
   * A new, empty store keeping its change log as {@code retention} says.
   *
   * @param retention how long changes are kept for watches that resume
   * @return the store, which the suite closes after the test
   */
  protected abstract IpamStore newStore(ChangeRetention retention);

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /**
   * A root pool as the engine would store it: with an identity, {@code Ready} over its block.
   *
   * @param project the pool's project
   * @param name its name
   * @param cidr its block
   * @param labels its labels
   * @return the pool, not yet stored
   */
  protected static IPPool pool(
      String project, String name, String cidr, Map<String, String> labels) {
    Cidr block = Cidr.parse(cidr);
    return new IPPool(
        ObjectMeta.of(project, name)
            .withLabels(labels)
            .withIdentity("uid-" + name, 1, Instant.parse("2026-01-01T00:00:00Z")),
        IPPoolSpec.root(cidr),
        ready(block));
  }

  /**
   * A claim of a /24 from pool {@code p} of its project, in the phase given.
   *
   * @param project the claim's project
   * @param name its name
   * @param phase its phase
   * @param created its creation time, which orders waiting claims
   * @return the claim, not yet stored
   */
  protected static IPClaim claim(String project, String name, ClaimPhase phase, Instant created) {
    return new IPClaim(
        ObjectMeta.of(project, name).withIdentity("uid-" + name, 1, created),
        IPClaimSpec.fromPool(IpFamily.IPv4, 24, "p"),
        new IPClaimStatus(
            phase,
            Optional.empty(),
            Optional.empty(),
            List.of(
                new Condition(
                    "Ready", ConditionStatus.False, "PoolExhausted", "waiting", created, 1))));
  }

  /**
   * An allocation of a block of a pool, held by claim {@code c}.
   *
   * @param project the allocation's project
   * @param name its name
   * @param pool the pool it is carved from
   * @param cidr its block
   * @return the allocation, not yet stored
   */
  protected static IPAllocation allocation(String project, String name, PoolRef pool, String cidr) {
    Cidr block = Cidr.parse(cidr);
    return new IPAllocation(
        ObjectMeta.of(project, name),
        new IPAllocationSpec(
            block.family(), pool, Optional.of(new LocalRef("c")), Optional.empty()),
        new IPAllocationStatus(AllocationPhase.Ready, block, List.of()));
  }

  private static IPPoolStatus ready(Cidr block) {
    return new IPPoolStatus(
        PoolPhase.Ready,
        Optional.of(block),
        Optional.of(block.family()),
        Optional.empty(),
        OptionalInt.of(block.prefixLength()),
        java.math.BigDecimal.ZERO,
        List.of());
  }

  /**
   * A child pool as the engine would store it, {@code Ready} over its block.
   *
   * @param project the pool's project
   * @param name its name
   * @param parent its parent's name
   * @param cidr the block it carved
   * @return the pool, not yet stored
   */
  protected static IPPool childPool(String project, String name, String parent, String cidr) {
    Cidr block = Cidr.parse(cidr);
    return new IPPool(
        ObjectMeta.of(project, name)
            .withIdentity("uid-" + name, 1, Instant.parse("2026-01-01T00:00:00Z")),
        IPPoolSpec.child(parent, block.prefixLength()),
        ready(block));
  }

  // ---- root pools: overlaps refused in the commit -----------------------------------------------

  @Test
  void overlappingRootPoolsOfAProjectAreRefusedWhoeverWrites() {
    store.commit(List.of(Write.Put.create(pool("a", "wide", "10.1.0.0/16", Map.of()))));
    for (String cidr :
        List.of(
            "10.1.0.0/17",
            "10.1.128.0/24",
            "10.0.0.0/8",
            "10.1.0.0/16",
            "10.1.255.255/32",
            "0.0.0.0/0")) {
      assertThatThrownBy(
              () -> store.commit(List.of(Write.Put.create(pool("a", "other", cidr, Map.of())))))
          .as(cidr)
          .isInstanceOf(StaleWriteException.class)
          .hasMessageContaining("a/other")
          .hasMessageContaining("wide");
    }
    assertThat(store.list(IPPool.class, Optional.of("a"))).hasSize(1);
    // Neighbours, another family, another project and child pools are fine.
    store.commit(
        List.of(
            Write.Put.create(pool("a", "below", "10.0.255.0/24", Map.of())),
            Write.Put.create(pool("a", "above", "10.2.0.0/16", Map.of())),
            Write.Put.create(pool("a", "v6", "::a01:0/112", Map.of())),
            Write.Put.create(pool("b", "same", "10.1.0.0/16", Map.of())),
            Write.Put.create(childPool("a", "child", "wide", "10.1.0.0/24"))));
    assertThat(store.list(IPPool.class, Optional.of("a"))).hasSize(5);
  }

  @Test
  void twoOverlappingRootPoolsInOneCommitAreRefused() {
    assertThatThrownBy(
            () ->
                store.commit(
                    List.of(
                        Write.Put.create(pool("a", "x", "192.168.0.0/24", Map.of())),
                        Write.Put.create(pool("a", "y", "192.168.0.128/25", Map.of())))))
        .isInstanceOf(StaleWriteException.class);
    assertThat(store.list(IPPool.class, Optional.empty())).isEmpty();
  }

  @Test
  void aRootPoolReplacedInTheSameCommitStillHoldsItsSpace() {
    IpamObject wide =
        store.commit(List.of(Write.Put.create(pool("a", "wide", "10.1.0.0/16", Map.of())))).get(0);
    assertThatThrownBy(
            () ->
                store.commit(
                    List.of(
                        Write.Put.replace(wide),
                        Write.Put.create(pool("a", "inside", "10.1.4.0/24", Map.of())))))
        .isInstanceOf(StaleWriteException.class)
        .hasMessageContaining("a/inside");
    assertThat(store.list(IPPool.class, Optional.of("a"))).hasSize(1);
  }

  @Test
  void aRootPoolDeletedInTheSameCommitFreesItsSpace() {
    IpamObject old =
        store.commit(List.of(Write.Put.create(pool("a", "old", "10.0.0.0/16", Map.of())))).get(0);
    IpamObject replaced = store.commit(List.of(Write.Put.replace(old))).get(0);
    store.commit(
        List.of(
            Write.Delete.of(replaced),
            Write.Put.create(pool("a", "new", "10.0.0.0/17", Map.of()))));
    assertThat(store.list(IPPool.class, Optional.of("a")))
        .extracting(p -> p.metadata().name())
        .containsExactly("new");
    store.commit(List.of(Write.Put.create(pool("a", "again", "10.0.128.0/17", Map.of()))));
  }

  // ---- reads, writes and versions ---------------------------------------------------------------

  @Test
  void createThenGet() {
    IpamObject stored =
        store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of())))).get(0);
    assertThat(stored.metadata().resourceVersion()).isPositive();
    assertThat(store.get(IPPool.class, "a", "p")).contains((IPPool) stored);
    assertThat(store.get(IPPool.class, "b", "p")).isEmpty();
    assertThat(store.get(IPClaim.class, "a", "p")).isEmpty();
  }

  @Test
  void getAllAnswersEachKeyInTheOrderAsked() {
    List<IpamObject> stored =
        store.commit(
            List.of(
                Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of())),
                Write.Put.create(claim("a", "p", ClaimPhase.Pending, Instant.EPOCH)),
                Write.Put.create(
                    allocation("b", "x", PoolRef.inProject("a", "p"), "10.0.0.0/24"))));
    assertThat(
            store.getAll(
                List.of(
                    new ObjectKey(Kind.IPAllocation, "b", "x"),
                    new ObjectKey(Kind.IPPool, "a", "missing"),
                    new ObjectKey(Kind.IPClaim, "a", "p"),
                    new ObjectKey(Kind.IPPool, "a", "p"),
                    new ObjectKey(Kind.IPClaim, "b", "p"),
                    new ObjectKey(Kind.IPPool, "a", "p"))))
        .containsExactly(
            Optional.of(stored.get(2)),
            Optional.empty(),
            Optional.of(stored.get(1)),
            Optional.of(stored.get(0)),
            Optional.empty(),
            Optional.of(stored.get(0)));
    assertThat(store.getAll(List.of())).isEmpty();
  }

  @Test
  void everyCommitAdvancesTheRevisionAndStampsIt() {
    long before = store.revision();
    IpamObject first =
        store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of())))).get(0);
    IpamObject second = store.commit(List.of(Write.Put.replace(first))).get(0);
    assertThat(first.metadata().resourceVersion()).isGreaterThan(before);
    assertThat(second.metadata().resourceVersion())
        .isGreaterThan(first.metadata().resourceVersion());
    assertThat(store.revision()).isEqualTo(second.metadata().resourceVersion());
  }

  @Test
  void createOfAnExistingObjectIsStale() {
    store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of()))));
    assertThatThrownBy(
            () -> store.commit(List.of(Write.Put.create(pool("a", "p", "11.0.0.0/8", Map.of())))))
        .isInstanceOf(StaleWriteException.class);
    assertThat(store.get(IPPool.class, "a", "p").orElseThrow().spec().cidr())
        .contains("10.0.0.0/8");
  }

  @Test
  void replaceOfAStaleVersionIsRefused() {
    IpamObject v1 =
        store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of())))).get(0);
    store.commit(List.of(Write.Put.replace(v1)));
    assertThatThrownBy(() -> store.commit(List.of(Write.Put.replace(v1))))
        .isInstanceOf(StaleWriteException.class);
  }

  @Test
  void deleteNeedsTheCurrentVersion() {
    IpamObject v1 =
        store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of())))).get(0);
    assertThatThrownBy(() -> store.commit(List.of(new Write.Delete(Kind.IPPool, "a", "p", 999))))
        .isInstanceOf(StaleWriteException.class);
    assertThatThrownBy(() -> store.commit(List.of(new Write.Delete(Kind.IPPool, "a", "q", 0))))
        .isInstanceOf(StaleWriteException.class);
    store.commit(List.of(Write.Delete.of(v1)));
    assertThat(store.get(IPPool.class, "a", "p")).isEmpty();
  }

  @Test
  void aChangeSetIsAllOrNothing() {
    IpamObject p =
        store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of())))).get(0);
    store.commit(List.of(Write.Put.replace(p)));
    long revision = store.revision();
    assertThatThrownBy(
            () ->
                store.commit(
                    List.of(
                        Write.Put.create(pool("a", "q", "11.0.0.0/8", Map.of())),
                        Write.Put.create(allocation("a", "x", PoolRef.of("p"), "10.0.0.0/24")),
                        Write.Put.replace(p))))
        .isInstanceOf(StaleWriteException.class);
    assertThat(store.get(IPPool.class, "a", "q")).isEmpty();
    assertThat(store.get(IPAllocation.class, "a", "x")).isEmpty();
    assertThat(store.allocationsOfPool("a", "p")).isEmpty();
    // A database sequence may have moved on (it is not transactional), but nothing was stamped.
    assertThat(store.get(IPPool.class, "a", "p").orElseThrow().metadata().resourceVersion())
        .isEqualTo(revision);
    IpamObject next =
        store.commit(List.of(Write.Put.create(pool("a", "q", "11.0.0.0/8", Map.of())))).get(0);
    assertThat(next.metadata().resourceVersion()).isGreaterThan(revision);
  }

  /** Text a database's bulk paths must carry through unchanged. */
  private static final List<String> AWKWARD =
      List.of(
          "tab\there",
          "line\nbreak",
          "cr\rhere",
          "back\\slash",
          "\\N",
          "\\.",
          "quote\"d",
          "naïve ☃ 𝄞",
          "trailing\\",
          "",
          " ",
          "\u0085\u2028");

  @Test
  void aLargeChangeSetStoresEveryObjectExactly() {
    List<Write> writes = new ArrayList<>();
    Instant created = Instant.parse("2026-01-01T00:00:00.000000001Z");
    for (int i = 0; i < 300; i++) {
      String awkward = AWKWARD.get(i % AWKWARD.size());
      IPClaim c = claim("a", "c-" + i, ClaimPhase.Pending, created.plusNanos(i));
      writes.add(
          Write.Put.create(
              c.withMetadata(
                  c.metadata()
                      .withAnnotations(
                          Map.of("note", awkward + i, "k" + awkward.hashCode(), awkward)))));
      writes.add(
          Write.Put.create(
              allocation(
                  "b",
                  "x-" + i,
                  PoolRef.inProject("a", "p"),
                  "10.0." + (i / 256) + "." + (i % 256) + "/32")));
    }
    List<IpamObject> stored = store.commit(writes);
    assertThat(stored).hasSize(600);
    for (IpamObject o : stored) {
      Class<? extends IpamObject> type = o.getClass();
      Optional<IpamObject> back =
          store.get(type, o.metadata().project(), o.metadata().name()).map(IpamObject.class::cast);
      assertThat(back).hasValue(o);
    }
    assertThat(store.allocationsOfPool("a", "p")).hasSize(300);
    assertThat(store.pendingClaims())
        .extracting(c -> c.metadata().name())
        .startsWith("c-0", "c-1", "c-2")
        .hasSize(300);
  }

  @Test
  void aLargeChangeSetWithOneTakenNameStoresNothing() {
    store.commit(
        List.of(Write.Put.create(allocation("b", "x-299", PoolRef.of("q"), "11.0.0.0/32"))));
    List<Write> writes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      writes.add(
          Write.Put.create(
              allocation(
                  "b", "x-" + i, PoolRef.of("p"), "10.0." + (i / 256) + "." + (i % 256) + "/32")));
    }
    assertThatThrownBy(() -> store.commit(writes)).isInstanceOf(StaleWriteException.class);
    assertThat(store.allocationsOfPool("b", "p")).isEmpty();
    assertThat(store.get(IPAllocation.class, "b", "x-0")).isEmpty();
  }

  @Test
  void listIsOrderedByProjectThenName() {
    store.commit(
        List.of(
            Write.Put.create(pool("b", "x", "10.0.0.0/8", Map.of())),
            Write.Put.create(pool("a", "z", "10.0.0.0/8", Map.of())),
            Write.Put.create(pool("a", "m", "11.0.0.0/8", Map.of()))));
    assertThat(store.list(IPPool.class, Optional.empty()))
        .extracting(o -> o.metadata().key())
        .containsExactly("a/m", "a/z", "b/x");
    assertThat(store.list(IPPool.class, Optional.of("a")))
        .extracting(o -> o.metadata().name())
        .containsExactly("m", "z");
    assertThat(store.list(IPPool.class, Optional.of("c"))).isEmpty();
  }

  @Test
  void poolsBySelectorFollowLabelChanges() {
    IpamObject web =
        store
            .commit(
                List.of(
                    Write.Put.create(pool("a", "web", "10.0.0.0/8", Map.of("tier", "web"))),
                    Write.Put.create(pool("a", "db", "11.0.0.0/8", Map.of("tier", "db"))),
                    Write.Put.create(pool("b", "web", "12.0.0.0/8", Map.of("tier", "web")))))
            .get(0);
    assertThat(store.pools("a", LabelSelector.of(Map.of("tier", "web"))))
        .extracting(p -> p.metadata().name())
        .containsExactly("web");
    assertThat(store.pools("a", LabelSelector.everything())).hasSize(2);
    assertThat(store.pools("a", LabelSelector.everything().and(Requirement.notIn("tier", "web"))))
        .extracting(p -> p.metadata().name())
        .containsExactly("db");
    store.commit(List.of(Write.Put.replace(((IPPool) web).withLabels(Map.of("tier", "edge")))));
    assertThat(store.pools("a", LabelSelector.of(Map.of("tier", "web")))).isEmpty();
    assertThat(store.pools("a", LabelSelector.of(Map.of("tier", "edge")))).hasSize(1);
  }

  // ---- allocations and their pools' blocks ------------------------------------------------------

  /**
   * An allocation reads back exactly as written, whatever its status: the one the engine makes
   * (which a store may keep in a shorter form) and others next to it, by every read.
   */
  @Test
  void anAllocationReadsBackExactlyAsWrittenWhateverItsStatus() {
    Instant made = Instant.parse("2026-01-01T00:00:00Z");
    Cidr a = Cidr.parse("10.0.0.0/24");
    Cidr b = Cidr.parse("10.0.1.0/24");
    Condition other =
        new Condition("Ready", ConditionStatus.False, "Held", "by hand", made.plusSeconds(5), 2);
    IPAllocation asMade = withStatus("as-made", a, made, IPAllocationStatus.ready(a, made));
    List<IPAllocation> written =
        List.of(
            asMade,
            withStatus("later", b, made, IPAllocationStatus.ready(b, made.plusSeconds(1))),
            withStatus(
                "more",
                Cidr.parse("10.0.2.0/24"),
                made,
                new IPAllocationStatus(
                    AllocationPhase.Ready,
                    Cidr.parse("10.0.2.0/24"),
                    List.of(
                        IPAllocationStatus.ready(Cidr.parse("10.0.2.0/24"), made)
                            .conditions()
                            .get(0),
                        other))),
            withStatus(
                "error",
                Cidr.parse("10.0.3.0/24"),
                made,
                new IPAllocationStatus(
                    AllocationPhase.Error, Cidr.parse("10.0.3.0/24"), List.of(other))),
            new IPAllocation(
                ObjectMeta.of("a", "undated"),
                asMade.spec(),
                IPAllocationStatus.ready(Cidr.parse("10.0.4.0/24"), made)));
    store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/16", Map.of()))));
    List<IPAllocation> stored =
        store.commit(written.stream().<Write>map(Write.Put::create).toList()).stream()
            .map(IPAllocation.class::cast)
            .toList();
    for (IPAllocation s : stored) {
      IPAllocation w =
          written.stream()
              .filter(x -> x.metadata().name().equals(s.metadata().name()))
              .findFirst()
              .orElseThrow();
      assertThat(s)
          .isEqualTo(
              w.withMetadata(w.metadata().withResourceVersion(s.metadata().resourceVersion())));
      assertThat(store.get(IPAllocation.class, "a", s.metadata().name())).contains(s);
    }
    assertThat(store.list(IPAllocation.class, Optional.of("a")))
        .containsExactlyInAnyOrderElementsOf(stored);
    assertThat(store.allocationsOfPool("a", "p")).containsExactlyInAnyOrderElementsOf(stored);
    assertThat(store.snapshot(Set.of(Kind.IPAllocation), Optional.empty()).objects())
        .containsExactlyInAnyOrderElementsOf(stored);
    assertThat(store.poolBlocks("a", "p", 0).orElseThrow().writtenSince())
        .containsExactlyInAnyOrderElementsOf(
            written.stream().map(w -> w.status().allocatedCIDR()).toList());
    // Replaced by another status and back, then deleted: each read follows.
    IPAllocation first = stored.get(0);
    IPAllocation changed =
        new IPAllocation(
            first.metadata(),
            first.spec(),
            new IPAllocationStatus(AllocationPhase.Ready, a, List.of(other)));
    IPAllocation replaced = (IPAllocation) store.commit(List.of(Write.Put.replace(changed))).get(0);
    assertThat(store.get(IPAllocation.class, "a", "as-made")).contains(replaced);
    IPAllocation back =
        (IPAllocation)
            store
                .commit(
                    List.of(
                        Write.Put.replace(
                            new IPAllocation(replaced.metadata(), first.spec(), first.status()))))
                .get(0);
    assertThat(back.status()).isEqualTo(first.status());
    assertThat(store.get(IPAllocation.class, "a", "as-made")).contains(back);
    store.commit(List.of(Write.Delete.of(back)));
    assertThat(store.get(IPAllocation.class, "a", "as-made")).isEmpty();
    assertThat(store.allocationsOfPool("a", "p")).hasSize(written.size() - 1);
  }

  private static IPAllocation withStatus(
      String name, Cidr block, Instant made, IPAllocationStatus status) {
    return new IPAllocation(
        ObjectMeta.of("a", name).withIdentity("uid-" + name, 1, made),
        new IPAllocationSpec(
            block.family(), PoolRef.of("p"), Optional.of(new LocalRef("c")), Optional.empty()),
        status);
  }

  @Test
  void allocationsAreFoundByTheirPoolAcrossProjects() {
    store.commit(
        List.of(
            Write.Put.create(allocation("a", "x", PoolRef.of("p"), "10.0.0.0/24")),
            Write.Put.create(allocation("b", "y", PoolRef.inProject("a", "p"), "10.0.1.0/24")),
            Write.Put.create(allocation("a", "z", PoolRef.of("q"), "10.0.2.0/24"))));
    assertThat(store.allocationsOfPool("a", "p"))
        .extracting(o -> o.metadata().key())
        .containsExactlyInAnyOrder("a/x", "b/y");
    IPAllocation x = store.get(IPAllocation.class, "a", "x").orElseThrow();
    store.commit(List.of(Write.Delete.of(x)));
    assertThat(store.allocationsOfPool("a", "p"))
        .extracting(o -> o.metadata().key())
        .containsExactly("b/y");
  }

  @Test
  void overlappingBlocksOfAPoolAreRefusedWhoeverWrites() {
    IpamObject x =
        store
            .commit(List.of(Write.Put.create(allocation("a", "x", PoolRef.of("p"), "10.0.1.0/24"))))
            .get(0);
    for (String cidr : List.of("10.0.1.0/24", "10.0.1.128/25", "10.0.0.0/16", "10.0.1.255/32")) {
      for (PoolRef pool : List.of(PoolRef.of("p"), PoolRef.inProject("a", "p"))) {
        String project = pool.projectRef().isPresent() ? "b" : "a";
        assertThatThrownBy(
                () -> store.commit(List.of(Write.Put.create(allocation(project, "y", pool, cidr)))))
            .as(cidr)
            .isInstanceOfSatisfying(
                StaleWriteException.class, e -> assertThat(e.blocksRefusedIn()).contains("a/p"));
      }
    }
    // Two new ones in one commit, too.
    assertThatThrownBy(
            () ->
                store.commit(
                    List.of(
                        Write.Put.create(allocation("a", "m", PoolRef.of("p"), "10.0.8.0/24")),
                        Write.Put.create(allocation("a", "n", PoolRef.of("p"), "10.0.8.0/25")))))
        .isInstanceOf(StaleWriteException.class);
    assertThat(store.allocationsOfPool("a", "p")).hasSize(1);
    // Neighbours, another pool, and a block freed in the same commit are fine.
    store.commit(
        List.of(
            Write.Delete.of(x),
            Write.Put.create(allocation("a", "y", PoolRef.of("p"), "10.0.1.0/25")),
            Write.Put.create(allocation("a", "z", PoolRef.of("p"), "10.0.0.255/32")),
            Write.Put.create(allocation("a", "w", PoolRef.of("q"), "10.0.1.0/24"))));
    assertThat(store.allocationsOfPool("a", "p")).hasSize(2);
  }

  @Test
  void poolBlocksGivesWhatWasWrittenSinceAVersion() {
    IpamObject p =
        store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of())))).get(0);
    List<IpamObject> first =
        store.commit(
            List.of(
                Write.Put.replace(p),
                Write.Put.create(allocation("a", "x", PoolRef.of("p"), "10.0.0.0/24")),
                Write.Put.create(allocation("a", "h", PoolRef.of("p"), "10.0.9.7/32"))));
    long since = first.get(0).metadata().resourceVersion();
    List<IpamObject> second =
        store.commit(
            List.of(
                Write.Put.replace(first.get(0)),
                Write.Put.create(allocation("a", "y", PoolRef.of("p"), "10.0.1.0/24")),
                Write.Delete.of(first.get(1))));
    PoolBlocks all = store.poolBlocks("a", "p", 0).orElseThrow();
    assertThat(all.writtenSince())
        .containsExactlyInAnyOrder(Cidr.parse("10.0.1.0/24"), Cidr.parse("10.0.9.7/32"));
    assertThat(all.pool().metadata().resourceVersion())
        .isEqualTo(second.get(0).metadata().resourceVersion());
    PoolBlocks recent = store.poolBlocks("a", "p", since).orElseThrow();
    assertThat(recent.writtenSince()).containsExactly(Cidr.parse("10.0.1.0/24"));
    assertThat(store.poolBlocks("a", "nope", 0)).isEmpty();
  }

  // ---- pool locks, across handles ---------------------------------------------------------------

  /**
   * A second handle on the same data, as another process would have.
   *
   * @return {@code store} by default; a store over a database opens a second one (the suite closes
   *     it when it is not {@code store})
   */
  protected IpamStore sameDataAgain() {
    return store;
  }

  @Test
  void aPoolLockHasOneHolderAtATimeAcrossHandles() throws Exception {
    IpamStore other = sameDataAgain();
    java.util.concurrent.atomic.AtomicInteger inside =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most =
        new java.util.concurrent.atomic.AtomicInteger();
    Runnable hold =
        () -> {
          int now = inside.incrementAndGet();
          most.accumulateAndGet(now, Math::max);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inside.decrementAndGet();
        };
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      IpamStore handle = t % 2 == 0 ? store : other;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 10; i++) {
                  handle.withPoolLock(
                      "a",
                      "p",
                      () -> {
                        hold.run();
                        return null;
                      });
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(60_000);
      assertThat(t.isAlive()).as("a lock holder still waiting after a minute").isFalse();
    }
    assertThat(most.get()).isEqualTo(1);
    // Another pool's lock is independent.
    assertThat(store.withPoolLock("a", "p", () -> other.withPoolLock("a", "q", () -> 42)))
        .isEqualTo(42);
    if (other != store) {
      other.close();
    }
  }

  @Test
  void aReadUnderThePoolLockSeesWhatTheHolderBeforeCommitted() throws Exception {
    IpamStore other = sameDataAgain();
    IPPool p =
        (IPPool)
            store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of())))).get(0);
    java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.FutureTask<Long> first =
        new java.util.concurrent.FutureTask<>(
            () ->
                store.withPoolLock(
                    "a",
                    "p",
                    () -> {
                      holding.countDown();
                      sleep(300);
                      return store
                          .commit(
                              List.of(
                                  Write.Put.replace(
                                      p.withLabels(Map.of("changed", "under-the-lock")))))
                          .get(0)
                          .metadata()
                          .resourceVersion();
                    }));
    new Thread(first).start();
    assertThat(holding.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    // Asked for while the first holder works, had once it committed: the pool as it left it.
    IPPool seen =
        other.withPoolLock("a", "p", () -> other.get(IPPool.class, "a", "p").orElseThrow());
    long committed = first.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(seen.metadata().resourceVersion()).isEqualTo(committed);
    assertThat(seen.metadata().labels()).containsEntry("changed", "under-the-lock");
    if (other != store) {
      other.close();
    }
  }

  @Test
  void workUnderAPoolLockReadsAndCommitsAndThenTheLockIsFree() throws Exception {
    IpamStore other = sameDataAgain();
    IPPool p =
        (IPPool)
            store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of())))).get(0);
    // Reads, then a commit, then a failure: the commit stands, the failure comes out.
    assertThatThrownBy(
            () ->
                store.withPoolLock(
                    "a",
                    "p",
                    () -> {
                      IPPool read = store.poolBlocks("a", "p", 0).orElseThrow().pool();
                      assertThat(store.getAll(List.of(new ObjectKey(Kind.IPPool, "a", "p"))))
                          .containsExactly(Optional.of(read));
                      store.commit(
                          List.of(
                              Write.Put.replace(read),
                              Write.Put.create(
                                  allocation("a", "x", PoolRef.of("p"), "10.0.0.0/24"))));
                      throw new IllegalStateException("after the commit");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("after the commit");
    assertThat(store.get(IPAllocation.class, "a", "x")).isPresent();
    // A failure before any commit leaves nothing behind, nested locks included.
    assertThatThrownBy(
            () ->
                store.withPoolLock(
                    "a",
                    "p",
                    () ->
                        store.withPoolLock(
                            "a",
                            "q",
                            () -> {
                              throw new IllegalStateException("inside");
                            })))
        .isInstanceOf(IllegalStateException.class);
    // Two commits under one lock, one of them under a nested lock.
    IpamObject twice =
        store.withPoolLock(
            "a",
            "p",
            () -> {
              IpamObject once =
                  store
                      .commit(
                          List.of(
                              Write.Put.replace(store.get(IPPool.class, "a", "p").orElseThrow())))
                      .get(0);
              return store
                  .withPoolLock("a", "q", () -> store.commit(List.of(Write.Put.replace(once))))
                  .get(0);
            });
    assertThat(store.get(IPPool.class, "a", "p")).contains((IPPool) twice);
    assertThat(twice.metadata().resourceVersion()).isGreaterThan(p.metadata().resourceVersion());
    // Every lock above is free again, for another handle on another thread.
    java.util.concurrent.FutureTask<Integer> elsewhere =
        new java.util.concurrent.FutureTask<>(
            () -> other.withPoolLock("a", "p", () -> other.withPoolLock("a", "q", () -> 7)));
    new Thread(elsewhere).start();
    assertThat(elsewhere.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(7);
    if (other != store) {
      other.close();
    }
  }

  // ---- waiting claims ---------------------------------------------------------------------------

  /** The hint never says "none waits" while one does, through claims stored, bound and deleted. */
  @Test
  void mayHavePendingClaimsIsFalseOnlyWhenNoneWaits() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Runnable holds =
        () -> {
          if (!store.mayHavePendingClaims()) {
            assertThat(store.pendingClaims()).as("no claim waits").isEmpty();
          }
        };
    holds.run();
    store.commit(List.of(Write.Put.create(claim("a", "bound", ClaimPhase.Bound, t))));
    holds.run();
    store.commit(List.of(Write.Put.create(claim("a", "waits", ClaimPhase.Pending, t))));
    assertThat(store.mayHavePendingClaims()).isTrue();
    IPClaim waits = store.get(IPClaim.class, "a", "waits").orElseThrow();
    store.commit(List.of(Write.Delete.of(waits)));
    holds.run();
    store.commit(List.of(Write.Put.create(claim("b", "again", ClaimPhase.Pending, t))));
    assertThat(store.mayHavePendingClaims()).isTrue();
  }

  @Test
  void pendingClaimsComeInArrivalOrder() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    store.commit(
        List.of(
            Write.Put.create(claim("a", "late", ClaimPhase.Pending, t.plusSeconds(2))),
            Write.Put.create(claim("b", "early", ClaimPhase.Pending, t)),
            Write.Put.create(claim("a", "bound", ClaimPhase.Bound, t.plusSeconds(1))),
            Write.Put.create(claim("a", "middle", ClaimPhase.Pending, t.plusSeconds(1)))));
    assertThat(store.pendingClaims())
        .extracting(c -> c.metadata().name())
        .containsExactly("early", "middle", "late");
    IPClaim middle = store.get(IPClaim.class, "a", "middle").orElseThrow();
    store.commit(
        List.of(
            Write.Put.replace(
                middle.withStatus(
                    new IPClaimStatus(
                        ClaimPhase.Bound,
                        Optional.of(Cidr.parse("10.0.0.0/24")),
                        Optional.empty(),
                        List.of())))));
    assertThat(store.pendingClaims())
        .extracting(c -> c.metadata().name())
        .containsExactly("early", "late");
  }

  @Test
  void pendingClaimsByWaitKeyAreThoseWaitingThereInArrivalOrder() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    IPClaim byRef = claim("a", "by-ref", ClaimPhase.Pending, t.plusSeconds(3));
    IPClaim elsewhere =
        withSpec(
            claim("a", "elsewhere", ClaimPhase.Pending, t),
            IPClaimSpec.fromPool(IpFamily.IPv4, 24, "q"));
    IPClaim byLabel =
        withSpec(
            claim("a", "by-label", ClaimPhase.Pending, t.plusSeconds(1)),
            IPClaimSpec.fromSelector(
                IpFamily.IPv4, 24, PoolSelector.matching(Map.of("tier", "web", "zone", "z1"))));
    IPClaim anyPool =
        withSpec(
            claim("a", "any-pool", ClaimPhase.Pending, t.plusSeconds(2)),
            IPClaimSpec.fromSelector(IpFamily.IPv4, 24, PoolSelector.matching(Map.of())));
    IPClaim otherProject =
        withSpec(
            claim("b", "other-project", ClaimPhase.Pending, t),
            IPClaimSpec.fromSelector(IpFamily.IPv4, 24, PoolSelector.matching(Map.of())));
    IPClaim sharedFromB =
        withSpec(
            claim("b", "shared-from-b", ClaimPhase.Pending, t.plusSeconds(4)),
            IPClaimSpec.fromSelector(
                IpFamily.IPv4, 24, PoolSelector.matching(Map.of("tier", "web")).inProject("a")));
    store.commit(
        List.of(
            Write.Put.create(byRef),
            Write.Put.create(elsewhere),
            Write.Put.create(byLabel),
            Write.Put.create(anyPool),
            Write.Put.create(otherProject),
            Write.Put.create(sharedFromB),
            Write.Put.create(claim("a", "bound", ClaimPhase.Bound, t))));
    IPPool p = pool("a", "p", "10.0.0.0/16", Map.of("tier", "web", "zone", "z9"));
    assertThat(store.pendingClaims(WaitKeys.ofPool(p)))
        .extracting(c -> c.metadata().name())
        .containsExactly("by-label", "any-pool", "by-ref", "shared-from-b");
    assertThat(store.pendingClaims(List.of("a/q")))
        .extracting(c -> c.metadata().name())
        .containsExactly("elsewhere");
    assertThat(store.pendingClaims(List.of("c/*", "a/nothing-waits"))).isEmpty();
    IPClaim stored = store.get(IPClaim.class, "a", "by-ref").orElseThrow();
    store.commit(
        List.of(
            Write.Put.replace(
                stored.withStatus(
                    new IPClaimStatus(
                        ClaimPhase.Bound,
                        Optional.of(Cidr.parse("10.0.0.0/24")),
                        Optional.empty(),
                        List.of())))));
    assertThat(store.pendingClaims(WaitKeys.ofPool(p)))
        .extracting(c -> c.metadata().name())
        .containsExactly("by-label", "any-pool", "shared-from-b");
  }

  private static IPClaim withSpec(IPClaim claim, IPClaimSpec spec) {
    return new IPClaim(claim.metadata(), spec, claim.status());
  }

  // ---- the root-pool lookup ---------------------------------------------------------------------

  @Test
  void rootPoolOverlappingFindsTheRootPoolInTheWay() {
    store.commit(
        List.of(
            Write.Put.create(pool("a", "low", "10.0.0.0/16", Map.of())),
            Write.Put.create(pool("a", "high", "10.2.0.0/16", Map.of())),
            Write.Put.create(pool("a", "v6", "2001:db8::/32", Map.of())),
            Write.Put.create(pool("b", "theirs", "10.1.0.0/16", Map.of()))));
    store.commit(List.of(Write.Put.create(childPool("a", "child", "low", "10.0.4.0/24"))));
    assertThat(store.rootPoolOverlapping("a", Cidr.parse("10.0.5.0/24")))
        .map(x -> x.metadata().name())
        .contains("low");
    assertThat(store.rootPoolOverlapping("a", Cidr.parse("10.0.4.0/24")))
        .map(x -> x.metadata().name())
        .contains("low");
    assertThat(store.rootPoolOverlapping("a", Cidr.parse("10.2.0.0/15")))
        .map(x -> x.metadata().name())
        .contains("high");
    assertThat(
            store.rootPoolOverlapping("a", Cidr.parse("10.0.0.0/8")).map(x -> x.metadata().name()))
        .get()
        .isIn("low", "high");
    assertThat(store.rootPoolOverlapping("a", Cidr.parse("10.1.0.0/16"))).isEmpty();
    assertThat(store.rootPoolOverlapping("a", Cidr.parse("10.3.0.0/16"))).isEmpty();
    assertThat(store.rootPoolOverlapping("a", Cidr.parse("9.0.0.0/8"))).isEmpty();
    assertThat(store.rootPoolOverlapping("a", Cidr.parse("2001:db8:1::/48")))
        .map(x -> x.metadata().name())
        .contains("v6");
    assertThat(store.rootPoolOverlapping("c", Cidr.parse("0.0.0.0/0"))).isEmpty();
    IPPool low = store.get(IPPool.class, "a", "low").orElseThrow();
    IPPool child = store.get(IPPool.class, "a", "child").orElseThrow();
    store.commit(List.of(Write.Delete.of(child), Write.Delete.of(low)));
    assertThat(store.rootPoolOverlapping("a", Cidr.parse("10.0.5.0/24"))).isEmpty();
  }

  // ---- change log ------------------------------------------------------------------------

  private static String describe(Change c) {
    return c.type()
        + " "
        + c.object().kind()
        + " "
        + c.object().metadata().key()
        + " @"
        + c.revision();
  }

  @Test
  void theChangeLogHasEveryCommitInOrderWithTheObjects() {
    long start = store.revision();
    IpamObject p =
        store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/8", Map.of())))).get(0);
    IpamObject p2 =
        store
            .commit(
                List.of(
                    Write.Put.replace(p.withMetadata(p.metadata().withLabels(Map.of("x", "y"))))))
            .get(0);
    store.commit(List.of(Write.Delete.of(p2)));
    long end = store.revision();
    ChangePage page = store.changesAfter(start, 100);
    assertThat(page.changes())
        .extracting(IpamStoreContract::describe)
        .containsExactly(
            "ADDED IPPool a/p @" + p.metadata().resourceVersion(),
            "MODIFIED IPPool a/p @" + p2.metadata().resourceVersion(),
            "DELETED IPPool a/p @" + end);
    assertThat(page.changes().get(0).object()).isEqualTo(p);
    assertThat(page.changes().get(1).object()).isEqualTo(p2);
    assertThat(page.changes().get(2).object())
        .as("a deletion carries the last state")
        .isEqualTo(p2);
    assertThat(page.through()).isEqualTo(end);
    assertThat(store.changesAfter(end, 100).changes()).isEmpty();
    assertThat(store.changesAfter(end, 100).through()).isEqualTo(end);
    assertThat(store.changesAfter(p.metadata().resourceVersion(), 100).changes()).hasSize(2);
  }

  @Test
  void theChangeLogHasEveryStateOfAClaimAndAnAllocationAfterTheyMovedOn() {
    IPPool p = pool("a", "p", "10.0.0.0/16", Map.of());
    store.commit(List.of(Write.Put.create(p)));
    long start = store.revision();
    // A commit of 100 changes: large enough for a store's bulk path (PostgreSQL copies 64 or more).
    List<Write> large = new java.util.ArrayList<>();
    large.add(Write.Put.create(claim("a", "c", ClaimPhase.Pending, Instant.EPOCH)));
    large.add(Write.Put.create(allocation("a", "x", PoolRef.of("p"), "10.0.1.0/24")));
    for (int i = 0; i < 98; i++) {
      large.add(Write.Put.create(claim("a", "more-" + i, ClaimPhase.Pending, Instant.EPOCH)));
    }
    List<IpamObject> first = store.commit(large);
    IPClaim c1 = (IPClaim) first.get(0);
    IPClaim c2 =
        (IPClaim) store.commit(List.of(Write.Put.replace(c1.withLabels(Map.of("x", "y"))))).get(0);
    store.commit(List.of(Write.Delete.of(c2), Write.Delete.of(first.get(1))));
    List<Change> changes =
        store.changesAfter(start, 100).changes().stream()
            .filter(change -> !change.object().metadata().name().startsWith("more-"))
            .toList();
    assertThat(changes)
        .extracting(IpamStoreContract::describe)
        .containsExactly(
            "ADDED IPClaim a/c @" + c1.metadata().resourceVersion(),
            "ADDED IPAllocation a/x @" + c1.metadata().resourceVersion(),
            "MODIFIED IPClaim a/c @" + c2.metadata().resourceVersion(),
            "DELETED IPClaim a/c @" + store.revision(),
            "DELETED IPAllocation a/x @" + store.revision());
    assertThat(changes)
        .extracting(Change::object)
        .as("each change carries its object as it was at that revision")
        .containsExactly(c1, first.get(1), c2, c2, first.get(1));
  }

  @Test
  void pagesHoldWholeCommits() {
    long start = store.revision();
    store.commit(
        List.of(
            Write.Put.create(pool("a", "p", "10.0.0.0/16", Map.of())),
            Write.Put.create(pool("a", "q", "10.1.0.0/16", Map.of())),
            Write.Put.create(pool("b", "r", "10.2.0.0/16", Map.of()))));
    store.commit(List.of(Write.Put.create(pool("a", "s", "10.3.0.0/16", Map.of()))));
    ChangePage first = store.changesAfter(start, 1);
    assertThat(first.changes())
        .extracting(c -> c.object().metadata().name())
        .containsExactly("p", "q", "r");
    assertThat(first.changes()).extracting(Change::revision).containsOnly(first.through());
    ChangePage second = store.changesAfter(first.through(), 1);
    assertThat(second.changes()).extracting(c -> c.object().metadata().name()).containsExactly("s");
    assertThat(second.through()).isEqualTo(store.revision());
  }

  @Test
  void aFilteredReadKeepsOnlyTheKindsAndProjectAskedForAndAdvancesAsFar() {
    long start = store.revision();
    store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/16", Map.of()))));
    store.commit(
        List.of(
            Write.Put.create(
                claim("a", "c", ClaimPhase.Pending, Instant.parse("2026-01-01T00:00:00Z")))));
    store.commit(
        List.of(
            Write.Put.create(
                claim("b", "d", ClaimPhase.Pending, Instant.parse("2026-01-01T00:00:00Z")))));
    ChangePage claimsOfA =
        store.changesAfter(start, 100, java.util.EnumSet.of(Kind.IPClaim), Optional.of("a"));
    assertThat(claimsOfA.changes())
        .extracting(c -> c.object().metadata().key())
        .containsExactly("a/c");
    assertThat(claimsOfA.through()).isEqualTo(store.revision());
  }

  @Test
  void aSnapshotIsExactAtItsRevisionAndTheLogGoesOnFromThere() {
    store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/16", Map.of()))));
    store.commit(List.of(Write.Put.create(pool("b", "q", "10.1.0.0/16", Map.of()))));
    store.commit(
        List.of(
            Write.Put.create(
                claim("a", "c", ClaimPhase.Pending, Instant.parse("2026-01-01T00:00:00Z")))));
    StoreSnapshot all = store.snapshot(java.util.EnumSet.allOf(Kind.class), Optional.empty());
    assertThat(all.revision()).isEqualTo(store.revision());
    assertThat(all.objects())
        .extracting(o -> o.kind() + " " + o.metadata().key())
        .containsExactly("IPPool a/p", "IPPool b/q", "IPClaim a/c");
    StoreSnapshot pools = store.snapshot(java.util.EnumSet.of(Kind.IPPool), Optional.of("b"));
    assertThat(pools.objects()).extracting(o -> o.metadata().key()).containsExactly("b/q");
    store.commit(List.of(Write.Put.create(pool("a", "r", "10.2.0.0/16", Map.of()))));
    assertThat(store.changesAfter(all.revision(), 100).changes())
        .extracting(c -> c.object().metadata().key())
        .containsExactly("a/r");
  }

  @Test
  void awaitChangeReturnsOnACommitAndOtherwiseWaitsItsTime() throws Exception {
    long at = store.revision();
    long started = System.nanoTime();
    store.awaitChange(at, java.time.Duration.ofMillis(300));
    assertThat(System.nanoTime() - started).as("waited").isGreaterThanOrEqualTo(250_000_000L);
    Thread writer =
        new Thread(
            () -> {
              sleep(200);
              store.commit(List.of(Write.Put.create(pool("a", "p", "10.0.0.0/16", Map.of()))));
            });
    writer.start();
    started = System.nanoTime();
    store.awaitChange(at, java.time.Duration.ofSeconds(20));
    assertThat(System.nanoTime() - started)
        .as("woken long before the timeout")
        .isLessThan(10_000_000_000L);
    writer.join();
    assertThat(store.changesAfter(at, 10).changes()).hasSize(1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void changesPastRetentionAreExpiredNeverSkipped() {
    try (IpamStore small = newStore(new ChangeRetention(java.time.Duration.ofHours(1), 3))) {
      long start = small.revision();
      for (int i = 0; i < 10; i++) {
        small.commit(
            List.of(Write.Put.create(pool("a", "p" + i, "10." + i + ".0.0/16", Map.of()))));
      }
      long end = small.revision();
      assertThatThrownBy(() -> small.changesAfter(start, 100))
          .isInstanceOfSatisfying(
              ExpiredException.class,
              e -> {
                assertThat(e.requested()).isEqualTo(start);
                assertThat(e.oldestKept()).isGreaterThan(start + 1);
                assertThat(e.statusCode()).isEqualTo(410);
              });
      ChangePage recent = small.changesAfter(end - 1, 100);
      assertThat(recent.changes())
          .extracting(c -> c.object().metadata().name())
          .containsExactly("p9");
    }
  }

  @Test
  void concurrentWritersChangesAreReadEachOnceInRevisionOrder() throws Exception {
    long start = store.revision();
    int writers = 4;
    int each = 40;
    List<Long> committed = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Change> read = new ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread reader =
        new Thread(
            () -> {
              long at = start;
              while (true) {
                boolean last = done.get();
                ChangePage page = store.changesAfter(at, 7);
                read.addAll(page.changes());
                at = page.through();
                if (last && page.changes().isEmpty()) {
                  return;
                }
              }
            });
    reader.start();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Thread t =
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  IpamObject o =
                      store
                          .commit(
                              List.of(
                                  Write.Put.create(
                                      pool(
                                          "w" + writer, "p" + i, "10." + i + ".0.0/16", Map.of()))))
                          .get(0);
                  committed.add(o.metadata().resourceVersion());
                }
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    done.set(true);
    reader.join(60_000);
    assertThat(reader.isAlive()).isFalse();
    List<Long> expected = new ArrayList<>(committed);
    expected.sort(null);
    assertThat(read).extracting(Change::revision).containsExactlyElementsOf(expected);
  }
}
