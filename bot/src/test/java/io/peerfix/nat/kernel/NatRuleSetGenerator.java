package io.peerfix.nat.kernel;

import inet.ipaddr.IPAddressString;
import io.peerfix.testbed.NatTestbed;
import io.peerfix.testbed.Origin;
import io.peerfix.testbed.Probe;
import io.peerfix.testbed.Receiver;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random nat rule sets for the kernel differential test, built around the {@link NatTestbed}
 * address plan so that matches hit as often as they miss.
 *
 * <p>Each case mixes addresses with {@code !}, interfaces with {@code +} wildcards, protocols,
 * ports, port ranges, multiport, comments, {@code addrtype LOCAL}, marks set in one chain and
 * matched in another, ipsets ({@code hash:net}, {@code hash:ip}), conntrack states, user chains
 * reached by jumps and gotos, RETURN, ACCEPT, MASQUERADE (with its options), SNAT and DNAT. User
 * chains belong to one hook (PREROUTING, OUTPUT or POSTROUTING) and only jump forward, so every set
 * is valid for the kernel: {@code -i} only where there is an in-interface, {@code -o} only where
 * there is an out-interface, NAT targets only in hooks that allow them. DNAT only rewrites to
 * another address of the same receiver, so the out-interface the packet was routed to stays right.
 * No {@code -m statistic}: its outcome is a coin toss.
 *
 * <p>Case {@code i} of seed {@code s} is always the same, whatever was generated before it.
 */
final class NatRuleSetGenerator {
  private static final String PRE = "PREROUTING";
  private static final String OUT = "OUTPUT";
  private static final String POST = "POSTROUTING";
  private static final String[] MARKS = {
    "0x1", "0x2", "0x4000", "0x8000", "0x4000/0x4000", "0x1/0xff", "0x0/0x4000"
  };
  private static final String[] MARK_TARGETS = {
    "--set-xmark 0x4000/0x4000",
    "--set-xmark 0x1/0xffffffff",
    "--set-mark 0x2",
    "--set-mark 0x8000/0x8000",
    "--or-mark 0x4000",
    "--and-mark 0xffffbfff",
    "--xor-mark 0x1",
  };
  private static final String[] IN_IFACES = {
    "cbr0", "cni0", "cbr+", "c+", "eth0", "eth+", "veth+", "cni0+"
  };
  private static final String[] OUT_IFACES = {
    "eth0", "eth1", "eth+", "e+", "cbr0", "eth1+", "docker0"
  };
  private static final String[] WIDE_CIDRS = {
    "10.0.0.0/8",
    "100.64.0.0/10",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "0.0.0.0/0",
    "10.244.0.0/16",
    "172.20.0.0/16"
  };
  private static final String[] CT_STATES = {
    "NEW",
    "ESTABLISHED",
    "RELATED,ESTABLISHED",
    "NEW,ESTABLISHED",
    "INVALID",
    "UNTRACKED",
    "DNAT",
    "SNAT",
    "NEW,DNAT"
  };

  /** {@code -m state} knows fewer states than {@code -m conntrack} (no DNAT, SNAT). */
  private static final String[] STATES = {"NEW", "ESTABLISHED", "RELATED,ESTABLISHED", "INVALID"};

  private final long seed;

  NatRuleSetGenerator(long seed) {
    this.seed = seed;
  }

  /** Case {@code index}; its probes use source ports {@code firstPort} onwards, one each. */
  GeneratedCase generate(int index, int firstPort, int probeCount) {
    return new Build(new Random(seed * 1_000_003L + index), firstPort).run(index, probeCount);
  }

  /** The state of one case being built. */
  private final class Build {
    private final Random random;
    private final int firstPort;
    private final List<Probe> probes = new ArrayList<>();
    private final List<String> sets = new ArrayList<>();
    private final StringBuilder ipsets = new StringBuilder();
    private final List<String> chains = new ArrayList<>();
    private final List<String> chainHook = new ArrayList<>();
    private final List<String> rules = new ArrayList<>();

    Build(Random random, int firstPort) {
      this.random = random;
      this.firstPort = firstPort;
    }

    GeneratedCase run(int index, int probeCount) {
      for (int i = 0; i < probeCount; i++) {
        probes.add(probe(firstPort + i));
      }
      int setCount = chance(45) ? 1 + random.nextInt(2) : 0;
      for (int i = 0; i < setCount; i++) {
        ipset("pfset-" + (char) ('a' + i));
      }
      int userChains = random.nextInt(5);
      for (int i = 0; i < userChains; i++) {
        String hook = pick(POST, POST, PRE, OUT);
        chains.add("PF-" + hook.substring(0, 3) + "-" + (i + 1));
        chainHook.add(hook);
      }
      fill(PRE, -1, 0, 5);
      fill(OUT, -1, 0, 4);
      fill(POST, -1, 1, 7);
      for (int i = 0; i < chains.size(); i++) {
        fill(chains.get(i), i, 0, 5);
      }
      return new GeneratedCase(seed, index, text(), ipsets.toString(), probes);
    }

    private Probe probe(int srcPort) {
      Origin origin = pick(NatTestbed.ORIGINS.toArray(Origin[]::new));
      Receiver receiver = pick(NatTestbed.RECEIVERS.toArray(Receiver[]::new));
      return new Probe(
          origin.name(),
          chance(75) ? "tcp" : "udp",
          pick(origin.addresses()),
          srcPort,
          pick(receiver.addresses()),
          pick(receiver.ports()));
    }

    private void ipset(String name) {
      sets.add(name);
      boolean net = chance(60);
      ipsets
          .append("create ")
          .append(name)
          .append(net ? " hash:net" : " hash:ip")
          .append(" family inet hashsize 1024 maxelem 65536\n");
      Set<String> members = new LinkedHashSet<>();
      int count = 1 + random.nextInt(3);
      for (int i = 0; i < count; i++) {
        String address = chance(50) ? pick(probes).src() : pick(probes).dst();
        if (!net && i == 0 && chance(15)) {
          // hash:ip takes a range and stores its addresses; alone, so nothing is added twice.
          members.add(network(address, 30));
          break;
        }
        String member = net ? cidr(address) : address;
        // hash:net cannot hold /0
        members.add(member.endsWith("/0") ? address : canonical(member));
      }
      members.forEach(m -> ipsets.append("add ").append(name).append(' ').append(m).append('\n'));
      if (net && chance(20)) {
        // A more specific exception inside a member: ipset's "nomatch".
        String address = chance(50) ? pick(probes).src() : pick(probes).dst();
        String exception = canonical(network(address, 28 + random.nextInt(5)));
        if (!members.contains(exception)) {
          ipsets.append("add ").append(name).append(' ').append(exception).append(" nomatch\n");
        }
      }
    }

    /** Rules of {@code chain} (user chain number {@code self}, or -1 for a built-in one). */
    private void fill(String chain, int self, int min, int max) {
      String hook = self < 0 ? chain : chainHook.get(self);
      int count = min + random.nextInt(max - min + 1);
      for (int i = 0; i < count; i++) {
        rules.add("-A " + chain + " " + rule(hook, self, i));
      }
    }

    private String rule(String hook, int self, int position) {
      String target = target(hook, self);
      StringBuilder r = new StringBuilder();
      if (target.startsWith("-j DNAT")) {
        return dnat(r, hook);
      }
      if (chance(30)) {
        r.append(address("-s", cidr(pick(probes).src())));
      }
      if (chance(35)) {
        r.append(address("-d", cidr(pick(probes).dst())));
      }
      if (PRE.equals(hook) && chance(30)) {
        r.append(neg(30)).append("-i ").append(pick(IN_IFACES)).append(' ');
      }
      if (!PRE.equals(hook) && chance(35)) {
        r.append(neg(30)).append("-o ").append(pick(OUT_IFACES)).append(' ');
      }
      boolean needsPorts = target.contains("--to-ports") || target.matches(".*:\\d+(-\\d+)?$");
      String protocol =
          needsPorts
              ? pick("tcp", "udp")
              : chance(35) ? pick("tcp", "udp", "tcp", "all", "icmp", "6", "17") : null;
      if (protocol != null) {
        boolean withPorts = ("tcp".equals(protocol) || "udp".equals(protocol)) && chance(60);
        // A negated protocol cannot carry port matches or --to-ports: the kernel refuses them.
        r.append(needsPorts || withPorts || "all".equals(protocol) ? "" : neg(15))
            .append("-p ")
            .append(protocol)
            .append(' ');
        if (withPorts) {
          r.append(ports(protocol));
        }
      }
      if (chance(rules.stream().anyMatch(x -> x.contains("MARK")) ? 25 : 5)) {
        r.append("-m mark ").append(neg(25)).append("--mark ").append(pick(MARKS)).append(' ');
      }
      // Calico-style rules carry two set matches.
      for (int k = 0; k < 2 && !sets.isEmpty() && chance(k == 0 ? 35 : 30); k++) {
        r.append("-m set ")
            .append(neg(30))
            .append("--match-set ")
            .append(pick(sets))
            .append(pick(" src ", " dst "));
      }
      if (chance(12)) {
        r.append("-m addrtype ")
            .append(neg(40))
            .append(pick("--src-type", "--dst-type"))
            .append(" LOCAL ");
      }
      if (chance(10)) {
        r.append(
                chance(70)
                    ? "-m conntrack " + neg(20) + "--ctstate "
                    : "-m state " + neg(20) + "--state ")
            .append(r.toString().endsWith("--state ") ? pick(STATES) : pick(CT_STATES))
            .append(' ');
      }
      if (chance(15)) {
        r.append("-m comment --comment ")
            .append(
                pick(
                    "\"pf rule " + position + "\"",
                    "kube-proxy",
                    "\"masquerade: pod -> outside\"",
                    "\"don't \\\"masq\\\" this # not a comment line\"",
                    "\"-j MASQUERADE\""))
            .append(' ');
      }
      return r.append(target).toString().replaceAll(" +", " ").trim();
    }

    private String ports(String protocol) {
      int lo = firstPort + random.nextInt(Math.max(1, probes.size()));
      int hi = lo + random.nextInt(probes.size());
      // multiport refuses a range whose ends are equal; a single port says the same.
      String range = lo == hi || chance(50) ? String.valueOf(lo) : lo + ":" + hi;
      return switch (random.nextInt(4)) {
        case 0 -> "-m " + protocol + " " + neg(25) + "--sport " + range + " ";
        case 1 ->
            "-m "
                + protocol
                + " "
                + neg(25)
                + "--dport "
                + pick("80", "443", "5432", "80:443", "443:8080", "1:1024")
                + " ";
        case 2 ->
            "tcp".equals(protocol) && chance(50)
                ? "-m tcp "
                    + pick(
                        "--syn",
                        "! --syn",
                        "--tcp-flags SYN,ACK SYN",
                        "--tcp-flags FIN,SYN,RST,ACK ACK")
                    + " "
                : neg(25) + "--dport " + pick("80", "5432", "8080") + " ";
        default ->
            "-m multiport "
                + neg(25)
                + pick(
                    "--dports 80,443",
                    "--dports 5432,8080:8081",
                    "--sports " + range + "," + (hi + 1),
                    "--ports 443," + range)
                + " ";
      };
    }

    private String dnat(StringBuilder r, String hook) {
      if (PRE.equals(hook) && chance(20)) {
        // To the node itself (like a NodePort to a host-network pod): delivered, not forwarded.
        r.append("-d ").append(cidr(pick(probes).dst())).append(' ');
        if (chance(50)) {
          r.append("-p ").append(pick("tcp", "udp"));
          return r.append(" -j DNAT --to-destination 172.20.1.10:8080").toString();
        }
        return r.append("-j DNAT --to-destination 172.20.1.10").toString();
      }
      Receiver receiver = pick(NatTestbed.RECEIVERS.toArray(Receiver[]::new));
      String from = chance(70) ? pick(probes).dst() : pick(receiver.addresses());
      receiver =
          NatTestbed.RECEIVERS.stream()
              .filter(x -> x.addresses().contains(from))
              .findFirst()
              .orElseThrow();
      String to = pick(receiver.addresses());
      r.append("-d ").append(from).append("/32 ");
      if (chance(50)) {
        String protocol = pick("tcp", "udp");
        r.append("-p ")
            .append(protocol)
            .append(" -m ")
            .append(protocol)
            .append(" --dport ")
            .append(pick(receiver.ports()));
        return r.append(" -j DNAT --to-destination ")
            .append(to)
            .append(':')
            .append(pick(receiver.ports()))
            .toString();
      }
      return r.append("-j DNAT --to-destination ").append(to).toString();
    }

    private String target(String hook, int self) {
      List<String> reachable = new ArrayList<>();
      for (int j = self + 1; j < chains.size(); j++) {
        if (chainHook.get(j).equals(hook)) {
          reachable.add(chains.get(j));
        }
      }
      int roll = random.nextInt(100);
      if (!reachable.isEmpty() && roll < 22) {
        return (roll < 16 ? "-j " : "-g ") + pick(reachable);
      }
      roll = random.nextInt(100);
      if (POST.equals(hook)) {
        if (roll < 28) {
          return "-j MASQUERADE"
              + pick("", "", "", " --random", " --random-fully", " --to-ports 20000-30000");
        }
        if (roll < 48) {
          return "-j SNAT --to-source "
              + pick(NatTestbed.SNAT_ADDRESSES)
              + (chance(15) ? ":20000-30000" : "");
        }
      } else if (roll < 12) {
        return "-j DNAT";
      } else if (PRE.equals(hook) && roll < 18) {
        // Delivered to the node itself: the packet never reaches POSTROUTING.
        return "-j REDIRECT" + pick("", " --to-ports 8080");
      }
      if (roll < 62) {
        return "-j MARK " + pick(MARK_TARGETS);
      }
      if (roll < 74) {
        return "-j RETURN";
      }
      if (roll < 84) {
        return "-j ACCEPT";
      }
      return "";
    }

    private String text() {
      StringBuilder t = new StringBuilder("# Generated by peerfix NatRuleSetGenerator\n");
      if (chance(20)) {
        // Whole-node dumps hold other tables too; these rules do not touch addresses or marks.
        t.append("*mangle\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n");
        t.append(
            "-A POSTROUTING -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu\n");
        t.append(
            "COMMIT\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        t.append("-A FORWARD -s 10.244.0.0/16 -m comment --comment \"pod traffic\" -j ACCEPT\n");
        t.append("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
      }
      t.append("*nat\n");
      boolean counters = chance(50);
      // iptables-save -c puts each rule's counters in front of it.
      boolean ruleCounters = chance(15);
      for (String builtin : List.of(PRE, "INPUT", OUT, POST)) {
        t.append(':')
            .append(builtin)
            .append(" ACCEPT")
            .append(counters ? " [0:0]" : "")
            .append('\n');
      }
      for (String chain : chains) {
        t.append(':').append(chain).append(" -").append(counters ? " [0:0]" : "").append('\n');
      }
      rules.forEach(r -> t.append(ruleCounters ? "[0:0] " : "").append(r).append('\n'));
      return t.append("COMMIT\n").toString();
    }

    /** A CIDR around {@code address}: the host, its /24 or /16, or a wide private range. */
    private String cidr(String address) {
      return switch (random.nextInt(5)) {
        case 0 -> address + (chance(50) ? "/32" : "");
        case 1 -> network(address, 24);
        case 2 -> network(address, 16);
        case 3 -> chance(20) ? address + "/24" : network(address, 20 + random.nextInt(12));
        default -> pick(WIDE_CIDRS);
      };
    }

    /** The form the kernel keys a hash:net member on, so duplicates show as duplicates. */
    private String canonical(String cidr) {
      var block = new IPAddressString(cidr).getAddress().toPrefixBlock();
      return block.getNetworkPrefixLength() == null || block.getNetworkPrefixLength() == 32
          ? block.withoutPrefixLength().toCanonicalString()
          : block.toCanonicalString();
    }

    private String network(String address, int bits) {
      return new IPAddressString(address + "/" + bits)
          .getAddress()
          .toPrefixBlock()
          .toCanonicalString();
    }

    /**
     * {@code [!] -s|-d CIDR}; never {@code ! 0.0.0.0/0}, which iptables-nft turns into a
     * zero-length compare the kernel refuses (Invalid argument), while iptables-legacy takes it.
     */
    private String address(String option, String cidr) {
      return (cidr.endsWith("/0") ? "" : neg(30)) + option + " " + cidr + " ";
    }

    private String neg(int percent) {
      return chance(percent) ? "! " : "";
    }

    private boolean chance(int percent) {
      return random.nextInt(100) < percent;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
      return options[random.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
      return options.get(random.nextInt(options.size()));
    }
  }
}
