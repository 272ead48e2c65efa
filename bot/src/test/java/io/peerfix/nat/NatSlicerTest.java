package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The slice of a node's nat table gives the same verdict as the whole table for every packet from a
 * pod (or the node) to an address outside the Service range and not the node's own, on generated
 * kube-proxy tables; it is much smaller; and it never claims to decide what it cannot.
 */
class NatSlicerTest {
  private static final NodeContext NODE =
      new NodeContext(List.of("172.20.1.10"), "172.20.1.10", IpSets.empty());
  private static final List<Ipv4> NODE_ADDRESSES = List.of(Ipv4.parse("172.20.1.10"));
  private static final Cidr SERVICES = Cidr.parse(KubeProxyTables.SERVICE_RANGE);

  private static List<Packet> outsidePackets(Random random) {
    List<String> destinations =
        new ArrayList<>(
            List.of(
                "10.0.5.20",
                "10.95.255.255",
                "10.112.0.1",
                "52.94.133.131",
                "172.31.4.4",
                "198.51.100.1",
                "198.51.100.2",
                "198.51.100.9",
                "10.244.3.7",
                "192.168.1.1"));
    for (int i = 0; i < 10; i++) {
      destinations.add(
          (1 + random.nextInt(223))
              + "."
              + random.nextInt(256)
              + ".0."
              + (1 + random.nextInt(250)));
    }
    List<Packet> packets = new ArrayList<>();
    for (String dst : destinations) {
      if (SERVICES.contains(Ipv4.parse(dst))) {
        continue;
      }
      for (int port : new int[] {5432, 80 + random.nextInt(9000), 443}) {
        packets.add(
            Packet.builder().src("10.244.1.5").dst(dst).dstPort(port).srcPort(40000).build());
        packets.add(
            Packet.builder()
                .src("172.20.1.10")
                .dst(dst)
                .dstPort(port)
                .srcPort(40001)
                .inIface("")
                .origin(Packet.Origin.LOCAL)
                .build());
      }
    }
    return packets;
  }

  private static void assertSameVerdicts(String whole, NatSlice slice, Random random) {
    NatTable full = NatDump.parse(whole);
    NatTable cut = NatDump.parse(slice.table());
    for (Packet packet : outsidePackets(random)) {
      NatVerdict expected = NatEvaluator.evaluate(full, packet, NODE);
      NatVerdict actual = NatEvaluator.evaluate(cut, packet, NODE);
      String what = packet.src() + " -> " + packet.dst() + ":" + packet.dstPort();
      assertThat(actual.action()).as(what).isEqualTo(expected.action());
      assertThat(actual.sourceAfter()).as(what).isEqualTo(expected.sourceAfter());
      assertThat(actual.destinationAfter()).as(what).isEqualTo(expected.destinationAfter());
      assertThat(actual.destinationPortAfter()).as(what).isEqualTo(expected.destinationPortAfter());
      assertThat(actual.decidingRule() == null ? null : actual.decidingRule().text())
          .as(what)
          .isEqualTo(expected.decidingRule() == null ? null : expected.decidingRule().text());
      assertThat(slice.decides(Ipv4.parse(packet.dst()))).as(what).isTrue();
    }
  }

  @Test
  void theSliceDecidesEveryPodToOutsidePacketAsTheWholeTableDoes() {
    for (long seed = 1; seed <= 12; seed++) {
      Random random = new Random(seed);
      String extra =
          seed % 3 == 0
              ? "-A POSTROUTING -d 10.0.5.20/32 -o eth0 -j MASQUERADE\n"
              : seed % 3 == 1 ? "-A POSTROUTING -d 10.96.0.0/12 -j RETURN\n" : "";
      String whole = KubeProxyTables.generate(50 + random.nextInt(400), seed, extra);
      // Half with the range given, half inferred from kube-proxy's comments.
      NatSlice slice =
          NatSlicer.slice(whole, seed % 2 == 0 ? SERVICES : null, NODE_ADDRESSES, 1 << 20);

      assertThat(slice.overLimit()).isFalse();
      assertThat(slice.keptRules()).isLessThan(slice.wholeRules() / 3);
      assertSameVerdicts(whole, slice, random);
    }
  }

  @Test
  void recordsTheWholeTablesFingerprintAndWhatWasLeftOut() {
    String whole = KubeProxyTables.generate(200, 3, "");
    NatSlice slice = NatSlicer.slice(whole, null, NODE_ADDRESSES, 1 << 20);

    assertThat(slice.wholeBytes())
        .isEqualTo(whole.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(slice.wholeSha256()).hasSize(64).isEqualTo(sha256(whole));
    assertThat(slice.wholeRules()).isEqualTo(NatDump.parse(whole).ruleCount());
    assertThat(slice.droppedDestinations()).isNotNull();
    assertThat(SERVICES.contains(Cidr.parse(slice.droppedDestinations()))).isTrue();
    assertThat(slice.droppedNodeLocal()).isTrue();
    assertThat(slice.table()).contains(slice.wholeSha256());
    assertThat(slice.decides(Ipv4.parse("10.96.0.17"))).isFalse();
    assertThat(slice.decides(Ipv4.parse("10.0.5.20"))).isTrue();
    // An external IP's chains are kept: a pod reaching 198.51.100.1 is DNATed by them.
    assertThat(NatDump.parse(slice.table()).chains())
        .anyMatch(c -> c.name().startsWith("KUBE-SEP-"));
  }

  @Test
  void aTableWithoutServicesIsKeptWhole() {
    String seed =
        "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + ":POSTROUTING ACCEPT [0:0]\n-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\nCOMMIT\n";
    NatSlice slice = NatSlicer.slice(seed, null, NODE_ADDRESSES, 1 << 20);

    assertThat(slice.partial()).isFalse();
    assertThat(slice.keptRules()).isEqualTo(1);
    assertThat(slice.droppedDestinations()).isNull();
    assertThat(slice.decides(Ipv4.parse("10.96.0.17"))).isTrue();
  }

  @Test
  void aDnatIntoTheServiceRangeKeepsTheServiceRules() {
    String whole =
        KubeProxyTables.generate(30, 5, "")
            .replace("-A POSTROUTING ! -d", "-A POSTROUTING -j ACCEPT\n-A POSTROUTING ! -d")
            .replace(
                "-A PREROUTING -m comment",
                "-A PREROUTING -d 203.0.113.9/32 -p tcp -j DNAT --to-destination 10.96.0.17:80\n"
                    + "-A PREROUTING -m comment");
    NatSlice slice = NatSlicer.slice(whole, SERVICES, NODE_ADDRESSES, 1 << 20);

    assertThat(slice.droppedDestinations()).isNull();
    assertThat(slice.decides(Ipv4.parse("10.96.0.17"))).isTrue();
    assertSameVerdicts(whole, slice, new Random(5));
  }

  @Test
  void aSliceOverTheLimitKeepsNoTableAndSaysSo() {
    String whole = KubeProxyTables.generate(100, 2, "");
    NatSlice slice = NatSlicer.slice(whole, SERVICES, List.of(), 2_000);

    assertThat(slice.overLimit()).isTrue();
    assertThat(slice.table()).isEmpty();
    assertThat(slice.decides(Ipv4.parse("10.0.5.20"))).isFalse();
    assertThat(slice.note()).contains("over the limit of 2000 bytes");
    assertThat(slice.wholeRules()).isGreaterThan(100);
  }

  @Test
  void aChainNothingReachesInTheWholeTableIsKept() {
    String whole =
        KubeProxyTables.generate(5, 6, "")
            .replace(":KUBE-MARK-MASQ - [0:0]\n", ":KUBE-MARK-MASQ - [0:0]\n:PF-UNUSED - [0:0]\n")
            .replace("COMMIT\n", "-A PF-UNUSED -j MASQUERADE\nCOMMIT\n");
    NatSlice slice = NatSlicer.slice(whole, SERVICES, NODE_ADDRESSES, 1 << 20);

    assertThat(NatDump.parse(slice.table()).chain("PF-UNUSED").rules()).hasSize(1);
    assertThat(NatDump.parse(slice.table()).chains())
        .noneMatch(c -> c.name().startsWith("KUBE-SVC-"));
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
