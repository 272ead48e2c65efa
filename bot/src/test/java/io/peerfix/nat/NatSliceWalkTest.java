package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The slice read chain by chain ({@link NatSliceWalk}) gives the whole table's verdict for pod
 * packets outside the Service range, on NatSlicerAgreementTest's generated tables and on generated
 * kube-proxy tables; it lists only the chains it needs, and its bounds hold.
 */
class NatSliceWalkTest {
  private static final String NODE_IP = "172.20.1.10";
  private static final NodeContext NODE =
      new NodeContext(List.of(NODE_IP), NODE_IP, IpSets.empty());
  private static final List<Ipv4> NODES = List.of(Ipv4.parse(NODE_IP));
  private static final Cidr SERVICES = Cidr.parse("10.96.0.0/12");

  /** A lister over a whole table that counts what it was asked for. */
  private static final class Counting implements ChainLister {
    final SavedChains saved;
    final List<String> asked = new ArrayList<>();

    Counting(String whole) {
      saved = new SavedChains(whole);
    }

    @Override
    public Optional<String> list(String chain) {
      asked.add(chain);
      return saved.list(chain);
    }
  }

  private static NatSlice walk(ChainLister lister, Cidr range) {
    return NatSliceWalk.walk(
        lister, range, NODES, new NatSliceWalk.Limits(2000, 64L << 20, 1 << 20), Optional.empty());
  }

  private static void assertSameVerdicts(
      String whole, NatSlice slice, List<Packet> packets, long seed) {
    NatTable full = NatDump.parse(whole);
    NatTable cut = NatDump.parse(slice.table());
    for (Packet packet : packets) {
      NatVerdict expected = NatEvaluator.evaluate(full, packet, NODE);
      NatVerdict actual = NatEvaluator.evaluate(cut, packet, NODE);
      String what =
          "seed " + seed + ": " + packet.dst() + "\n" + whole + "\nslice:\n" + slice.table();
      assertThat(actual.action()).as(what).isEqualTo(expected.action());
      assertThat(actual.sourceAfter()).as(what).isEqualTo(expected.sourceAfter());
      assertThat(actual.destinationAfter()).as(what).isEqualTo(expected.destinationAfter());
      assertThat(actual.destinationPortAfter()).as(what).isEqualTo(expected.destinationPortAfter());
      assertThat(text(actual.decidingRule())).as(what).isEqualTo(text(expected.decidingRule()));
    }
  }

  private static String text(RuleRef rule) {
    return rule == null ? null : rule.text();
  }

  @Test
  void theWalkGivesTheWholeTablesVerdictOnGeneratedTables() {
    long base = Long.getLong("peerfix.slicer.seed", 20261201L);
    int compared = 0;
    for (int t = 0; t < 60; t++) {
      long seed = base + t;
      Random random = new Random(seed);
      String whole = NatSlicerAgreementTest.table(random);
      NatSlice slice = walk(new SavedChains(whole), random.nextBoolean() ? SERVICES : null);
      assertThat(slice.overLimit()).as("seed %d", seed).isFalse();
      List<Packet> packets = NatSlicerAgreementTest.packets(random);
      assertSameVerdicts(whole, slice, packets, seed);
      compared += packets.size();
    }
    assertThat(compared).isGreaterThanOrEqualTo(60 * 20);
  }

  @Test
  void onAKubeProxyTableItListsOnlyTheChainsOutsideTheServiceRangeReaches() {
    String whole =
        KubeProxyTables.generate(
            2_000, 3, "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n");
    Counting lister = new Counting(whole);

    NatSlice slice = walk(lister, null);

    assertThat(slice.droppedDestinations()).isNotNull();
    assertThat(Cidr.parse(slice.droppedDestinations()).contains(Ipv4.parse("10.96.0.10"))).isTrue();
    // Only Services with an external IP (every 50th) are followed past KUBE-SERVICES.
    assertThat(lister.asked.stream().filter(c -> c.startsWith("KUBE-SVC-")).count())
        .isPositive()
        .isLessThanOrEqualTo(2_000 / 50);
    assertThat(slice.table()).contains("-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE");
    assertThat(slice.wholeSha256()).isNull();
    assertThat(slice.wholeRules()).isEqualTo(-1);
    assertThat(slice.partial()).isTrue();
    List<Packet> packets = new ArrayList<>();
    for (String dst : new String[] {"10.0.5.20", "198.51.100.1", "198.51.100.7", "52.94.133.131"}) {
      packets.add(Packet.builder().src("10.244.1.5").dst(dst).dstPort(5432).srcPort(40000).build());
    }
    assertSameVerdicts(whole, slice, packets, 3);
  }

  @Test
  void itKeepsWhatNatSlicerKeepsOfTheChainsTheBuiltInOnesReach() {
    String whole = KubeProxyTables.generate(500, 5, "");
    NatSlice walked = walk(new SavedChains(whole), SERVICES);
    NatSlice sliced = NatSlicer.slice(whole, SERVICES, NODES, 1 << 20);

    // NatSlicer also keeps chains nothing reaches (KUBE-KUBELET-CANARY ...): those decide nothing.
    List<String> reachedRules =
        NatDump.parse(sliced.table()).chains().stream()
            .filter(c -> NatDump.parse(walked.table()).chain(c.name()) != null)
            .flatMap(c -> c.rules().stream().map(Rule::text))
            .sorted()
            .toList();
    assertThat(
            NatDump.parse(walked.table()).chains().stream()
                .flatMap(c -> c.rules().stream().map(Rule::text))
                .sorted()
                .toList())
        .isEqualTo(reachedRules);
  }

  @Test
  void aWalkThatWouldListTooManyChainsKeepsNoTableAndSaysSo() {
    String whole = KubeProxyTables.generate(2_000, 3, "");

    NatSlice slice =
        NatSliceWalk.walk(
            new SavedChains(whole),
            null,
            NODES,
            new NatSliceWalk.Limits(10, 64L << 20, 1 << 20),
            Optional.empty());

    assertThat(slice.overLimit()).isTrue();
    assertThat(slice.table()).isEmpty();
    assertThat(slice.note()).contains("more than 10 chains");
  }

  @Test
  void aWholeTableReadOnceIsRecordedWithItsSha256AndCounts() {
    String whole = KubeProxyTables.generate(200, 2, "");
    SavedChains saved = new SavedChains(whole);

    NatSlice slice =
        NatSliceWalk.walk(
            saved, null, NODES, NatSliceWalk.Limits.standard(), Optional.of(saved.whole()));

    NatTable parsed = NatDump.parse(whole);
    assertThat(slice.wholeRules()).isEqualTo(parsed.ruleCount());
    assertThat(slice.wholeChains()).isEqualTo(parsed.chains().size());
    assertThat(slice.wholeSha256())
        .isEqualTo(NatSlicer.slice(whole, null, NODES, 1 << 20).wholeSha256());
    assertThat(slice.table()).contains(slice.wholeSha256());
  }
}
