package io.peerfix.nat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The slice of {@link NatSlicer} (what can decide a packet from a pod to an address outside the
 * Service range and not the node's own) found by reading only the chains it needs: the built-in
 * chains first, then each chain a kept rule jumps or goes to, listed one at a time through a {@link
 * ChainLister}. On nf_tables a one-chain listing costs milliseconds whatever the table's size,
 * while reading the whole 140,000-line table of a 9,200-Service node takes iptables-nft-save tens
 * of seconds of CPU; so a node's facts never wait for a whole-table read.
 *
 * <p>The rules dropped are NatSlicer's: a (not negated) {@code -d} inside the Service range (given,
 * or inferred from the listed {@code KUBE-SERVICES} as NatSlicer infers it), and a (not negated)
 * {@code --dst-type LOCAL}; neither kind is dropped while a listed DNAT rewrites into the range or
 * to a node address. The chains behind dropped rules (KUBE-SVC-*, KUBE-SEP-*, ...) are never
 * listed, so their DNATs are not seen: they run only for packets those dropped rules match, which
 * the slice's packets never are. Unlike NatSlicer over a whole table, chains that nothing reaches
 * are not seen either and so are not kept: they decide no packet.
 *
 * <p>Bounded: at most {@link Limits#maxChains} chains and {@link Limits#maxListedBytes} bytes are
 * listed, and a slice over {@link Limits#maxBytes} keeps no table; each says so in the slice's
 * note.
 */
public final class NatSliceWalk {
  private static final List<String> BUILTINS = TableBuilder.BUILTINS;

  private NatSliceWalk() {}

  /** How far a walk may go: chains listed, bytes listed, bytes of the slice kept. */
  public record Limits(int maxChains, long maxListedBytes, int maxBytes) {
    /** 2,000 chains, 32 MiB listed, {@link NatSlicer#DEFAULT_MAX_BYTES} kept. */
    public static Limits standard() {
      return new Limits(2000, 32L << 20, NatSlicer.DEFAULT_MAX_BYTES);
    }
  }

  /** What the whole table is, when it was read once (legacy iptables): SHA-256, size, counts. */
  public record Whole(String sha256, long bytes, int rules, int chains) {}

  /**
   * Walks the table {@code lister} lists. {@code serviceRange} may be null (inferred); {@code
   * whole} is empty when the table was read chain by chain (its SHA-256 and counts are then
   * unknown: -1 and null in the slice).
   *
   * @throws NatParseException when a listed chain cannot be read
   */
  public static NatSlice walk(
      ChainLister lister,
      Cidr serviceRange,
      Collection<Ipv4> nodeAddresses,
      Limits limits,
      Optional<Whole> whole) {
    Map<String, Chain> listed = new LinkedHashMap<>();
    Set<String> absent = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(BUILTINS);
    long listedBytes = 0;
    Mode mode;
    while (true) {
      while (!todo.isEmpty()) {
        String name = todo.poll();
        if (listed.containsKey(name) || absent.contains(name)) {
          continue;
        }
        if (listed.size() + absent.size() >= limits.maxChains()) {
          return over(whole, "more than " + limits.maxChains() + " chains would have to be listed");
        }
        Optional<String> lines = lister.list(name);
        if (lines.isEmpty()) {
          absent.add(name);
          continue;
        }
        listedBytes += lines.get().length();
        if (listedBytes > limits.maxListedBytes()) {
          return over(
              whole,
              "more than " + limits.maxListedBytes() + " bytes of chains would have to be listed");
        }
        listed.put(name, parse(name, lines.get()));
      }
      mode = mode(listed, serviceRange, nodeAddresses);
      for (Chain chain : listed.values()) {
        for (Rule rule : chain.rules()) {
          String to = jumpsTo(rule);
          if (to != null && mode.keeps(rule) && !listed.containsKey(to) && !absent.contains(to)) {
            todo.add(to);
          }
        }
      }
      if (todo.isEmpty()) {
        break;
      }
    }
    return slice(listed, mode, whole, limits.maxBytes());
  }

  /** What the walk drops, decided on what it has listed so far. */
  private record Mode(Cidr range, boolean dropRange, boolean dropLocal) {
    boolean keeps(Rule rule) {
      return !(dropRange && NatSlicer.onlyTo(rule, range))
          && !(dropLocal && NatSlicer.onlyToNode(rule));
    }
  }

  private static Mode mode(
      Map<String, Chain> listed, Cidr serviceRange, Collection<Ipv4> nodeAddresses) {
    Chain services = listed.get("KUBE-SERVICES");
    Cidr range =
        serviceRange != null
            ? serviceRange
            : services == null ? null : NatSlicer.inferServiceRange(services).orElse(null);
    List<Target.Dnat> dnats = new ArrayList<>();
    for (Chain chain : listed.values()) {
      for (Rule rule : chain.rules()) {
        if (rule.target() instanceof Target.Dnat d && d.from() >= 0) {
          dnats.add(d);
        }
      }
    }
    boolean dropRange =
        range != null && dnats.stream().noneMatch(d -> NatSlicer.overlaps(d, range));
    boolean dropLocal = dnats.stream().noneMatch(d -> NatSlicer.toAny(d, nodeAddresses));
    return new Mode(range, dropRange, dropLocal);
  }

  /**
   * One chain's listing parsed alone: declared with its policy, and every chain its rules jump to
   * declared empty beside it (the parser, as the kernel, refuses a jump to an undeclared chain).
   */
  static Chain parse(String name, String listing) {
    String policy = "-";
    Set<String> targets = new LinkedHashSet<>();
    StringBuilder rules = new StringBuilder();
    for (String line : listing.split("\n")) {
      if (line.startsWith("-P ")) {
        String[] parts = line.split(" ");
        policy = parts.length > 2 ? parts[2] : "ACCEPT";
      } else if (line.startsWith("-A ")) {
        rules.append(line).append('\n');
        String to = RuleTokens.jumpName(line);
        if (to != null && !to.equals(name) && !RuleTokens.isTargetName(to)) {
          targets.add(to);
        }
      }
    }
    StringBuilder text = new StringBuilder("*nat\n");
    text.append(':').append(name).append(' ').append(policy).append(" [0:0]\n");
    for (String target : targets) {
      if (!BUILTINS.contains(target)) {
        text.append(':').append(target).append(" - [0:0]\n");
      }
    }
    text.append(rules).append("COMMIT\n");
    return NatDump.parse(text.toString()).chain(name);
  }

  private static String jumpsTo(Rule rule) {
    if (rule.target() instanceof Target.Jump j) {
      return j.chain();
    }
    return rule.target() instanceof Target.Goto g ? g.chain() : null;
  }

  private static NatSlice slice(
      Map<String, Chain> listed, Mode mode, Optional<Whole> whole, int maxBytes) {
    // The chains the built-in ones reach through kept rules, built-in ones first, then by name:
    // the same text on every node whose chains are the same, whatever order they were made in.
    Set<String> reached = new HashSet<>(BUILTINS);
    Deque<String> todo = new ArrayDeque<>(BUILTINS);
    while (!todo.isEmpty()) {
      Chain chain = listed.get(todo.pop());
      if (chain == null) {
        continue;
      }
      for (Rule rule : chain.rules()) {
        String to = jumpsTo(rule);
        if (to != null && mode.keeps(rule) && reached.add(to)) {
          todo.push(to);
        }
      }
    }
    Map<String, Chain> ordered = new LinkedHashMap<>();
    Map<String, Chain> users = new TreeMap<>();
    for (String name : reached) {
      Chain chain = listed.getOrDefault(name, new Chain(name, null, List.of()));
      if (BUILTINS.contains(name)) {
        continue;
      }
      users.put(name, chain);
    }
    for (String name : BUILTINS) {
      ordered.put(name, listed.getOrDefault(name, new Chain(name, "ACCEPT", List.of())));
    }
    ordered.putAll(users);
    StringBuilder out = new StringBuilder();
    out.append(
        whole
            .map(
                w ->
                    "# peerfix slice of a nat table of "
                        + w.bytes()
                        + " bytes, "
                        + w.rules()
                        + " rules, sha256 "
                        + w.sha256()
                        + "\n")
            .orElse("# peerfix slice of a nat table read chain by chain\n"));
    if (mode.dropRange()) {
      out.append("# left out: rules matching only destinations in ")
          .append(mode.range())
          .append('\n');
    }
    out.append("*nat\n");
    for (Chain chain : ordered.values()) {
      String policy = BUILTINS.contains(chain.name()) ? chain.policy() : "-";
      out.append(':').append(chain.name()).append(' ').append(policy).append(" [0:0]\n");
    }
    int kept = 0;
    for (Chain chain : ordered.values()) {
      for (Rule rule : chain.rules()) {
        if (mode.keeps(rule)) {
          out.append(rule.text()).append('\n');
          kept++;
        }
      }
    }
    String text = out.append("COMMIT\n").toString();
    int size = text.getBytes(StandardCharsets.UTF_8).length;
    if (size > maxBytes) {
      return over(
          whole,
          "the nat table's slice is "
              + size
              + " bytes, over the limit of "
              + maxBytes
              + " bytes: no table is published");
    }
    String dropped = mode.dropRange() ? mode.range().toString() : null;
    return new NatSlice(
        text,
        whole.map(Whole::sha256).orElse(null),
        whole.map(Whole::bytes).orElse(-1L),
        whole.map(Whole::rules).orElse(-1),
        kept,
        whole.map(Whole::chains).orElse(-1),
        ordered.size(),
        dropped,
        mode.dropLocal(),
        false,
        "kept "
            + kept
            + " rules in "
            + ordered.size()
            + " chains, read "
            + (whole.isPresent() ? "from one whole-table read" : "chain by chain")
            + " ("
            + listed.size()
            + " chains listed)"
            + (dropped == null ? "" : "; rules that match only destinations in " + dropped)
            + (mode.dropLocal() ? "; rules that match only the node's own addresses" : "")
            + (dropped == null && !mode.dropLocal()
                ? ""
                : ", and the chains only they reach, left out"));
  }

  private static NatSlice over(Optional<Whole> whole, String why) {
    return new NatSlice(
        "",
        whole.map(Whole::sha256).orElse(null),
        whole.map(Whole::bytes).orElse(-1L),
        whole.map(Whole::rules).orElse(-1),
        0,
        whole.map(Whole::chains).orElse(-1),
        0,
        null,
        false,
        true,
        why + ": no table is published");
  }
}
