package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The published slice ({@link NatSlicer}) agrees with the whole table on generated tables of every
 * shape the slicer must handle, not only kube-proxy's: user chains reached by jumps and gotos from
 * several hooks, rules to the Service range and to the node's own addresses (plain and negated),
 * marks set in PREROUTING and matched in POSTROUTING, DNAT into the Service range or to the node
 * (which must keep what the slicer would otherwise drop), SNAT, MASQUERADE and RETURN. For each
 * table, packets from a pod to addresses outside the Service range and not the node's get the same
 * verdict (action, addresses and port after NAT, deciding rule) from the slice as from the whole
 * table.
 *
 * <p>Comparing the two evaluations of the engine is enough: the whole table's evaluation is the one
 * proven against the kernel (NatKernelDifferentialIT runs generated tables through real iptables in
 * network namespaces), so a slice that agrees with it agrees with the kernel.
 *
 * <p>The seed is printed; {@code -Dpeerfix.slicer.seed=N} replays one (default: a fixed seed, so
 * the build is reproducible; CI may pass a random one).
 */
class NatSlicerAgreementTest {
  private static final String NODE_IP = "172.20.1.10";
  private static final NodeContext NODE =
      new NodeContext(List.of(NODE_IP), NODE_IP, IpSets.empty());
  private static final Cidr SERVICES = Cidr.parse("10.96.0.0/12");
  private static final String[] OUTSIDE = {
    "10.0.5.20",
    "10.0.9.9",
    "10.95.255.255",
    "10.112.0.1",
    "52.94.133.131",
    "172.31.4.4",
    "198.51.100.7",
    "192.168.1.1",
    "10.244.3.7",
    "172.20.9.9"
  };

  @Test
  void theSliceGivesTheWholeTablesVerdictOnGeneratedTables() {
    long base = Long.getLong("peerfix.slicer.seed", 20261201L);
    System.out.println("NatSlicerAgreementTest seed " + base);
    int compared = 0;
    for (int t = 0; t < 60; t++) {
      long seed = base + t;
      Random random = new Random(seed);
      String whole = table(random);
      NatSlice slice =
          NatSlicer.slice(whole, random.nextBoolean() ? SERVICES : null, nodes(), 1 << 20);
      assertThat(slice.overLimit()).as("seed %d", seed).isFalse();
      NatTable full = NatDump.parse(whole);
      NatTable cut;
      try {
        cut = NatDump.parse(slice.table());
      } catch (NatParseException e) {
        throw new AssertionError(
            "seed "
                + seed
                + ": the slice does not parse ("
                + e.getMessage()
                + ")\nwhole:\n"
                + whole
                + "slice:\n"
                + slice.table(),
            e);
      }
      for (Packet packet : packets(random)) {
        NatVerdict expected = NatEvaluator.evaluate(full, packet, NODE);
        NatVerdict actual = NatEvaluator.evaluate(cut, packet, NODE);
        String what =
            "seed "
                + seed
                + ": "
                + packet.src()
                + " -> "
                + packet.dst()
                + ":"
                + packet.dstPort()
                + "\n"
                + whole;
        assertThat(actual.action()).as(what).isEqualTo(expected.action());
        assertThat(actual.sourceAfter()).as(what).isEqualTo(expected.sourceAfter());
        assertThat(actual.destinationAfter()).as(what).isEqualTo(expected.destinationAfter());
        assertThat(actual.destinationPortAfter())
            .as(what)
            .isEqualTo(expected.destinationPortAfter());
        assertThat(text(actual.decidingRule())).as(what).isEqualTo(text(expected.decidingRule()));
        compared++;
      }
    }
    // Every table got its packets compared: the test cannot pass by comparing nothing.
    assertThat(compared).isGreaterThanOrEqualTo(60 * 20);
  }

  private static List<Ipv4> nodes() {
    return List.of(Ipv4.parse(NODE_IP));
  }

  private static String text(RuleRef rule) {
    return rule == null ? null : rule.text();
  }

  /** Pod packets to addresses outside the Service range and not the node's own. */
  static List<Packet> packets(Random random) {
    List<Packet> packets = new ArrayList<>();
    for (String dst : OUTSIDE) {
      int port = random.nextBoolean() ? 5432 : 443;
      packets.add(Packet.builder().src("10.244.1.5").dst(dst).dstPort(port).srcPort(40000).build());
    }
    for (int i = 0; i < 10; i++) {
      String dst;
      do {
        dst =
            (1 + random.nextInt(223))
                + "."
                + random.nextInt(256)
                + ".0."
                + (1 + random.nextInt(250));
      } while (SERVICES.contains(Ipv4.parse(dst)) || dst.equals(NODE_IP));
      packets.add(
          Packet.builder()
              .src("10.244.1.5")
              .dst(dst)
              .dstPort(80 + random.nextInt(9000))
              .srcPort(40000)
              .build());
    }
    return packets;
  }

  /**
   * A table the kernel accepts: D-chains reached from PREROUTING and OUTPUT (DNAT, marks, jumps to
   * later D-chains), S-chains reached from POSTROUTING (SNAT, MASQUERADE, RETURN, jumps and gotos
   * to later S-chains), so jumps never loop and every target sits in a hook that allows it.
   */
  static String table(Random random) {
    int dChains = 1 + random.nextInt(4);
    int sChains = 1 + random.nextInt(4);
    StringBuilder t = new StringBuilder("*nat\n");
    t.append(":PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
    t.append(":POSTROUTING ACCEPT [0:0]\n");
    for (int i = 0; i < dChains; i++) {
      t.append(":D").append(i).append(" - [0:0]\n");
    }
    for (int i = 0; i < sChains; i++) {
      t.append(":S").append(i).append(" - [0:0]\n");
    }
    List<String> rules = new ArrayList<>();
    for (String hook : new String[] {"PREROUTING", "OUTPUT"}) {
      int n = 1 + random.nextInt(4);
      for (int r = 0; r < n; r++) {
        rules.add("-A " + hook + match(random) + dTarget(random, -1, dChains));
      }
    }
    for (int i = 0; i < dChains; i++) {
      int n = random.nextInt(6);
      for (int r = 0; r < n; r++) {
        rules.add("-A D" + i + match(random) + dTarget(random, i, dChains));
      }
    }
    int n = 1 + random.nextInt(5);
    for (int r = 0; r < n; r++) {
      rules.add("-A POSTROUTING" + match(random) + sTarget(random, -1, sChains));
    }
    for (int i = 0; i < sChains; i++) {
      int m = random.nextInt(6);
      for (int r = 0; r < m; r++) {
        rules.add("-A S" + i + match(random) + sTarget(random, i, sChains));
      }
    }
    rules.forEach(rule -> t.append(rule).append('\n'));
    return t.append("COMMIT\n").toString();
  }

  private static String match(Random random) {
    StringBuilder m = new StringBuilder();
    switch (random.nextInt(9)) {
      case 0 -> m.append(" -d 10.96.0.0/12");
      case 1 ->
          m.append(" -d 10.")
              .append(96 + random.nextInt(16))
              .append(".0.")
              .append(1 + random.nextInt(200))
              .append("/32");
      case 2 -> m.append(" ! -d 10.96.0.0/12");
      case 3 -> m.append(" -d 10.0.0.0/8");
      case 4 -> m.append(" ! -d 10.0.0.0/8");
      case 5 -> m.append(" -d 10.0.5.20/32");
      case 6 -> m.append(" -d ").append(NODE_IP).append("/32");
      default -> {}
    }
    switch (random.nextInt(6)) {
      case 0 -> m.append(" -m addrtype --dst-type LOCAL");
      case 1 -> m.append(" -m addrtype ! --dst-type LOCAL");
      default -> {}
    }
    switch (random.nextInt(6)) {
      case 0 -> m.append(" -s 10.244.0.0/16");
      case 1 -> m.append(" ! -s 10.244.0.0/16");
      default -> {}
    }
    switch (random.nextInt(6)) {
      case 0 -> m.append(" -p tcp -m tcp --dport 5432");
      case 1 -> m.append(" -m mark --mark 0x4000/0x4000");
      case 2 -> m.append(" -m mark ! --mark 0x4000/0x4000");
      default -> {}
    }
    return m.toString();
  }

  /** A target for PREROUTING/OUTPUT or chain D{@code at}: jumps only to later D-chains. */
  private static String dTarget(Random random, int at, int dChains) {
    int pick = random.nextInt(8);
    if (pick < 3 && at + 1 < dChains) {
      return " -j D" + (at + 1 + random.nextInt(dChains - at - 1));
    }
    return switch (pick) {
      case 3 ->
          " -j DNAT --to-destination 10.0.7."
              + (1 + random.nextInt(9))
              + ":"
              + (1000 + random.nextInt(9));
      case 4 -> " -j DNAT --to-destination 10.96.0." + (1 + random.nextInt(9));
      case 5 -> " -j MARK --set-xmark 0x4000/0x4000";
      case 6 -> " -j RETURN";
      default -> " -j ACCEPT";
    };
  }

  /** A target for POSTROUTING or chain S{@code at}: jumps and gotos only to later S-chains. */
  private static String sTarget(Random random, int at, int sChains) {
    int pick = random.nextInt(9);
    if (pick < 3 && at + 1 < sChains) {
      return (pick == 0 ? " -g S" : " -j S") + (at + 1 + random.nextInt(sChains - at - 1));
    }
    return switch (pick) {
      case 3, 4 -> " -j MASQUERADE";
      case 5 -> " -j SNAT --to-source 172.20.1." + (10 + random.nextInt(3));
      case 6 -> " -j RETURN";
      case 7 -> " -j MARK --set-xmark 0x0/0x4000";
      default -> " -j ACCEPT";
    };
  }
}
