package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.ipam4j.IpamException;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.IpFamily;
import org.ipam4j.testsupport.EngineInvariants;
import org.ipam4j.testsupport.Histories;

/**
 * Random sets of pools and claims applied to stores built by random histories: the dry run changes
 * nothing and answers exactly what the real apply then does (outcomes, phases, blocks, problems); a
 * set with any problem stores nothing; after a set applied, the invariants hold.
 */
class SetApplyProperties {

  private static final String P = "p";
  private static final List<String> ROOT_CIDRS =
      List.of("10.0.0.0/24", "10.0.1.0/25", "10.0.0.0/23", "2001:db8::/120", "10.0.2.0/24");
  private static final List<String> POOL_NAMES =
      List.of("r0", "r1", "r2", "r3", "r4", "c0", "c1", "d0", "d1", "d2", "d3");

  sealed interface Item {}

  record Root(int slot, boolean web) implements Item {}

  record Child(int index, int parent, int length) implements Item {}

  record Claim(int index, IpFamily family, int length, boolean bySelector, int target)
      implements Item {}

  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void aDryRunAnswersWhatTheRealApplyDoes(
      @ForAll("histories") List<Histories.Op> history, @ForAll("sets") List<Item> items) {
    IpamEngine engine = IpamEngine.inMemory();
    for (Histories.Op op : history) {
      try {
        Histories.apply(engine, op);
      } catch (IpamException e) {
        // A history step the engine refused; the store is as before it.
      }
    }
    List<IpamObject> set = items.stream().map(SetApplyProperties::object).toList();
    long before = engine.store().revision();
    SetOutcome dry = engine.applyAll(set, ApplyOption.DRY_RUN);
    assertThat(engine.store().revision()).as("a dry run stores nothing").isEqualTo(before);
    SetOutcome real = engine.applyAll(set);
    assertThat(describe(real)).isEqualTo(describe(dry));
    Statistics.label("outcome").collect(real.isApplied() ? "applied" : "refused");
    Statistics.label("outcome")
        .coverage(
            c -> {
              c.check("applied").percentage(p -> p > 15);
              c.check("refused").percentage(p -> p > 15);
            });
    if (!real.isApplied()) {
      assertThat(engine.store().revision())
          .as("a set with problems stores nothing: %s", real.problems())
          .isEqualTo(before);
    }
    EngineInvariants.check(engine);
  }

  /** What a user compares: problems, or each object's outcome, phase and block. */
  private static List<String> describe(SetOutcome outcome) {
    List<String> out = new ArrayList<>();
    outcome
        .problems()
        .forEach(
            p ->
                out.add(
                    p.index()
                        + " "
                        + p.error().getClass().getSimpleName()
                        + " "
                        + p.error().getMessage()));
    for (Applied<IpamObject> a : outcome.applied()) {
      IpamObject o = a.object();
      String state =
          o instanceof IPClaim c
              ? c.status().phase()
                  + " "
                  + c.status().allocatedCIDR()
                  + " "
                  + c.status().conditions().stream()
                      .map(x -> x.reason() + ":" + x.message())
                      .toList()
              : ((IPPool) o).status().allocatedCIDR()
                  + " "
                  + ((IPPool) o).status().capacity()
                  + " "
                  + ((IPPool) o).status().phase();
      out.add(o.kind() + " " + o.metadata().key() + " " + a.outcome() + " " + state);
    }
    return out;
  }

  private static IpamObject object(Item item) {
    if (item instanceof Root r) {
      return IPPool.of(P, "r" + r.slot(), IPPoolSpec.root(ROOT_CIDRS.get(r.slot())))
          .withLabels(Map.of("tier", r.web() ? "web" : "db"));
    }
    if (item instanceof Child c) {
      return IPPool.of(
          P, "d" + c.index(), IPPoolSpec.child(POOL_NAMES.get(c.parent()), c.length()));
    }
    Claim c = (Claim) item;
    IPClaimSpec spec =
        c.bySelector()
            ? IPClaimSpec.fromSelector(
                c.family(),
                c.length(),
                c.target() == 0
                    ? PoolSelector.matching(Map.of())
                    : PoolSelector.matching(Map.of("tier", c.target() % 2 == 0 ? "web" : "db")))
            : IPClaimSpec.fromPool(c.family(), c.length(), POOL_NAMES.get(c.target()));
    return IPClaim.of(P, "s" + c.index(), spec);
  }

  @Provide
  Arbitrary<List<Histories.Op>> histories() {
    return Histories.histories();
  }

  @Provide
  Arbitrary<List<Item>> sets() {
    Arbitrary<Integer> target = Arbitraries.integers().between(0, POOL_NAMES.size() - 1);
    Arbitrary<Item> item =
        Arbitraries.frequencyOf(
            Tuple.of(
                2,
                Combinators.combine(
                        Arbitraries.integers().between(0, 4), Arbitraries.of(true, false))
                    .as(Root::new)),
            Tuple.of(
                2,
                Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.frequency(
                            Tuple.of(3, 0),
                            Tuple.of(3, 1),
                            Tuple.of(2, 4),
                            Tuple.of(1, 5),
                            Tuple.of(2, 7)),
                        Arbitraries.frequency(
                            Tuple.of(1, 23), Tuple.of(8, 25), Tuple.of(8, 26), Tuple.of(4, 28)))
                    .as(Child::new)),
            Tuple.of(
                6,
                Combinators.combine(
                        Arbitraries.integers().between(0, 29),
                        Arbitraries.frequency(
                            Tuple.of(6, IpFamily.IPv4), Tuple.of(1, IpFamily.IPv6)),
                        Arbitraries.frequency(
                                Tuple.of(6, 24),
                                Tuple.of(24, 26),
                                Tuple.of(24, 28),
                                Tuple.of(1, 33))
                            .map(l -> l),
                        Arbitraries.frequency(Tuple.of(3, true), Tuple.of(1, false)),
                        target)
                    .as(
                        (index, family, length, bySelector, to) ->
                            new Claim(
                                index,
                                family,
                                family == IpFamily.IPv6 ? length + 96 : length,
                                bySelector,
                                to))));
    return item.list().ofMinSize(1).ofMaxSize(8);
  }
}
