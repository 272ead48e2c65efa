package io.peerfix.nat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a node's nat table down to what can decide a packet from a pod to an address outside the
 * cluster's Service range and not the node's own, so a node's published facts stay well under
 * etcd's object limit (a 10,000-Service kube-proxy table is 17 MB).
 *
 * <p>Two kinds of rule can never match such a packet and are dropped: a rule whose (not negated)
 * {@code -d} lies inside the Service range (kube-proxy's per-Service jumps in KUBE-SERVICES and
 * their KUBE-MARK-MASQ rules), and a rule whose (not negated) {@code -m addrtype --dst-type LOCAL}
 * matches only the node's own addresses (the jump to KUBE-NODEPORTS, Docker's to DOCKER). Then
 * every chain no built-in chain reaches any more goes (KUBE-SVC-*, KUBE-SEP-*, KUBE-EXT-*, ...). A
 * rule not reached is not evaluated, and a rule that cannot match only adds "no match" to a trace,
 * so the slice gives the same verdict as the whole table for such packets. That holds only while no
 * kept DNAT rewrites a destination into the dropped range or to a node address: then nothing of
 * that kind is dropped.
 *
 * <p>The Service range is given, or else inferred from kube-proxy's own comments ({@code
 * "ns/svc:port cluster IP"} rules with a {@code /32}): the smallest network covering those
 * addresses. The result is bounded: a slice over the limit keeps no table and says so. The whole
 * table's SHA-256 and counts are kept either way.
 */
public final class NatSlicer {
  /** The default limit: a third of etcd's 1.5 MB object limit. */
  public static final int DEFAULT_MAX_BYTES = 512 << 10;

  private static final Pattern CLUSTER_IP =
      Pattern.compile(
          "-d (\\d+\\.\\d+\\.\\d+\\.\\d+)/32 .*cluster IP|cluster IP.* -d (\\d+\\.\\d+\\.\\d+\\.\\d+)/32");

  private NatSlicer() {}

  /**
   * Slices {@code saveText} (as {@code iptables-save -t nat} prints it).
   *
   * @param serviceRange the cluster's Service range, or null to infer it from kube-proxy's rules
   * @param nodeAddresses the node's own addresses (DNAT to one of them keeps addrtype LOCAL rules)
   * @param maxBytes the largest slice kept
   * @throws NatParseException when the table cannot be read
   */
  public static NatSlice slice(
      String saveText, Cidr serviceRange, Collection<Ipv4> nodeAddresses, int maxBytes) {
    byte[] bytes = saveText.getBytes(StandardCharsets.UTF_8);
    NatTable table = NatDump.parse(bytes);
    Cidr range = serviceRange != null ? serviceRange : inferServiceRange(table).orElse(null);
    List<Target.Dnat> dnats = dnats(table);
    boolean dropRange = range != null && dnats.stream().noneMatch(d -> overlaps(d, range));
    boolean dropLocal = dnats.stream().noneMatch(d -> toAny(d, nodeAddresses));
    Map<String, List<Rule>> kept = new LinkedHashMap<>();
    for (Chain chain : table.chains()) {
      List<Rule> rules = new ArrayList<>();
      for (Rule rule : chain.rules()) {
        if (!(dropRange && onlyTo(rule, range)) && !(dropLocal && onlyToNode(rule))) {
          rules.add(rule);
        }
      }
      kept.put(chain.name(), rules);
    }
    // Only chains that the dropped rules alone reached go: a chain nothing reaches in the whole
    // table stays, so nodes that differ only in their Services still slice to the same text.
    Map<String, List<Rule>> whole = new LinkedHashMap<>();
    table.chains().forEach(c -> whole.put(c.name(), c.rules()));
    Set<String> reachedBefore = reached(whole, TableBuilder.BUILTINS);
    // What those unreached chains jump to stays too, or the slice would jump to a chain it left
    // out (a table the parser, as the kernel, refuses): found by NatSlicerAgreementTest.
    List<String> roots = new ArrayList<>(TableBuilder.BUILTINS);
    whole.keySet().stream().filter(name -> !reachedBefore.contains(name)).forEach(roots::add);
    Set<String> keep = reached(kept, roots);
    kept.keySet().retainAll(keep);
    int keptRules = kept.values().stream().mapToInt(List::size).sum();
    String droppedRange = dropRange ? range.toString() : null;
    boolean droppedLocal = dropLocal;
    String text = render(table, kept, droppedRange, sha256(bytes), bytes.length);
    int size = text.getBytes(StandardCharsets.UTF_8).length;
    int chains = table.chains().size();
    if (size > maxBytes) {
      return new NatSlice(
          "",
          sha256(bytes),
          bytes.length,
          table.ruleCount(),
          0,
          chains,
          0,
          droppedRange,
          droppedLocal,
          true,
          "the nat table's slice is "
              + size
              + " bytes, over the limit of "
              + maxBytes
              + " bytes: no table is published (the whole table is "
              + bytes.length
              + " bytes, "
              + table.ruleCount()
              + " rules)");
    }
    return new NatSlice(
        text,
        sha256(bytes),
        bytes.length,
        table.ruleCount(),
        keptRules,
        chains,
        kept.size(),
        droppedRange,
        droppedLocal,
        false,
        keptRules == table.ruleCount()
            ? "the whole table"
            : "kept "
                + keptRules
                + " of "
                + table.ruleCount()
                + " rules and "
                + kept.size()
                + " of "
                + chains
                + " chains: "
                + (droppedRange == null
                    ? ""
                    : "rules that match only destinations in " + droppedRange)
                + (droppedRange != null && droppedLocal ? " or " : "")
                + (droppedLocal ? "only the node's own addresses" : "")
                + ", and the chains only they reached, were left out");
  }

  /** The smallest network covering kube-proxy's ClusterIP rules' addresses, if there are any. */
  static Optional<Cidr> inferServiceRange(NatTable table) {
    Chain services = table.chain("KUBE-SERVICES");
    return services == null ? Optional.empty() : inferServiceRange(services);
  }

  /** The smallest network covering the ClusterIP rules' addresses of chain KUBE-SERVICES. */
  static Optional<Cidr> inferServiceRange(Chain services) {
    List<Cidr> addresses = new ArrayList<>();
    for (Rule rule : services.rules()) {
      Matcher m = CLUSTER_IP.matcher(rule.text());
      if (m.find()) {
        addresses.add(Cidr.of(Ipv4.parse(m.group(1) != null ? m.group(1) : m.group(2))));
      }
    }
    return Cidr.cover(addresses);
  }

  static boolean onlyTo(Rule rule, Cidr range) {
    for (Match match : rule.matches()) {
      if (match instanceof Match.Address a && !a.source() && !a.negated()) {
        int bits = Integer.bitCount(a.cidr().mask());
        if (bits >= range.prefix() && range.contains(Ipv4.of(a.cidr().address()))) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean onlyToNode(Rule rule) {
    for (Match match : rule.matches()) {
      if (match instanceof Match.AddrType t
          && !t.source()
          && !t.negated()
          && t.types().equals(List.of("LOCAL"))) {
        return true;
      }
    }
    return false;
  }

  private static List<Target.Dnat> dnats(NatTable table) {
    List<Target.Dnat> dnats = new ArrayList<>();
    for (Chain chain : table.chains()) {
      for (Rule rule : chain.rules()) {
        if (rule.target() instanceof Target.Dnat d && d.from() >= 0) {
          dnats.add(d);
        }
      }
    }
    return dnats;
  }

  static boolean overlaps(Target.Dnat d, Cidr range) {
    return range.first().unsigned() <= d.to() && d.from() <= range.last().unsigned();
  }

  static boolean toAny(Target.Dnat d, Collection<Ipv4> addresses) {
    return addresses.stream().anyMatch(a -> d.from() <= a.unsigned() && a.unsigned() <= d.to());
  }

  /** The chains reached from the built-in ones through the kept rules. */
  /** The chains {@code roots} reach through the rules in {@code kept}, the roots included. */
  private static Set<String> reached(Map<String, List<Rule>> kept, List<String> roots) {
    Set<String> reached = new HashSet<>(roots);
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      List<Rule> rules = kept.get(todo.pop());
      if (rules == null) {
        continue;
      }
      for (Rule rule : rules) {
        String to =
            rule.target() instanceof Target.Jump j
                ? j.chain()
                : rule.target() instanceof Target.Goto g ? g.chain() : null;
        if (to != null && reached.add(to)) {
          todo.push(to);
        }
      }
    }
    return reached;
  }

  private static String render(
      NatTable table, Map<String, List<Rule>> kept, String droppedRange, String sha, long bytes) {
    StringBuilder out = new StringBuilder();
    out.append("# peerfix slice of a nat table of ")
        .append(bytes)
        .append(" bytes, ")
        .append(table.ruleCount())
        .append(" rules, sha256 ")
        .append(sha)
        .append('\n');
    if (droppedRange != null) {
      out.append("# left out: rules matching only destinations in ")
          .append(droppedRange)
          .append('\n');
    }
    out.append("*nat\n");
    for (Chain chain : table.chains()) {
      if (kept.containsKey(chain.name())) {
        out.append(':')
            .append(chain.name())
            .append(' ')
            .append(chain.builtin() ? chain.policy() : "-")
            .append(" [0:0]\n");
      }
    }
    for (List<Rule> rules : kept.values()) {
      for (Rule rule : rules) {
        out.append(rule.text()).append('\n');
      }
    }
    return out.append("COMMIT\n").toString();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
