package io.peerfix.nat.kernel;

import io.peerfix.testbed.NatTestbed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Rewrites a generated nat table (iptables-save text) into another form of the {@code
 * iptables-restore} syntax that makes the same table, so the differential test covers every form
 * the restore syntax allows, not only what iptables-save prints:
 *
 * <ul>
 *   <li>{@link Form#INSERTS}: every rule placed by {@code -I CHAIN [POS]} in a random order.
 *   <li>{@link Form#DECORATED}: comment lines anywhere, {@code [p:b]} counters and {@code -c p b},
 *       long options ({@code --append}), a first {@code *nat} section that the second replaces,
 *       another table after {@code *nat}'s {@code COMMIT}.
 *   <li>{@link Form#NOFLUSH}: a base table holding part of the rules plus decoys (rules and a chain
 *       that would change the answer if left), and a payload for {@code iptables-restore --noflush}
 *       that deletes the decoys ({@code -D} by number and by rule, {@code -F}, {@code -X}), empties
 *       a chain by declaring it again, renames a chain ({@code -E}), creates chains ({@code -N},
 *       {@code :X - [0:0]}) and adds the rest ({@code -A}, {@code -I} at positions).
 * </ul>
 *
 * Every rewrite is simulated here and checked to give the original chains, so a wrong rewrite fails
 * as a test bug, not as a disagreement.
 */
final class RestoreForms {
  static final String DECOY_CHAIN = "PF-DECOY";
  private static final String DECOY_MARK = "-m comment --comment pf-decoy";
  private static final List<String> BUILTINS =
      List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");

  /** The forms; {@link #AS_SAVED} is the generator's own text. */
  enum Form {
    AS_SAVED,
    INSERTS,
    DECORATED,
    NOFLUSH
  }

  /** A restore: {@code base} is loaded first (null unless NOFLUSH), then {@code payload}. */
  record Restore(Form form, String base, String payload) {}

  private final String prefix;
  private final String suffix;
  private final Map<String, List<String>> chains = new LinkedHashMap<>();
  private final Random random;

  private RestoreForms(String nat, Random random) {
    this.random = random;
    int at = nat.indexOf("*nat\n");
    int end = nat.indexOf("\nCOMMIT\n", at) + "\nCOMMIT\n".length();
    prefix = nat.substring(0, at);
    suffix = nat.substring(end);
    for (String line : nat.substring(at, end).split("\n")) {
      if (line.startsWith(":")) {
        chains.put(line.substring(1).split(" ")[0], new ArrayList<>());
      } else if (line.matches("(\\[\\d+:\\d+\\] )?-A .*")) {
        String rule = line.substring(line.indexOf("-A ") + 3);
        int space = rule.indexOf(' ');
        chains.get(rule.substring(0, space)).add(rule.substring(space + 1));
      }
    }
  }

  static Restore rewrite(String nat, Form form, Random random) {
    RestoreForms forms = new RestoreForms(nat, random);
    return switch (form) {
      case AS_SAVED -> new Restore(form, null, nat);
      case INSERTS -> new Restore(form, null, forms.inserts());
      case DECORATED -> new Restore(form, null, forms.decorated());
      case NOFLUSH -> forms.noflush();
    };
  }

  private String declarations(boolean counters) {
    StringBuilder t = new StringBuilder();
    chains
        .keySet()
        .forEach(
            c ->
                t.append(':')
                    .append(c)
                    .append(BUILTINS.contains(c) ? " ACCEPT" : " -")
                    .append(
                        counters
                            ? " [" + random.nextInt(500) + ":" + random.nextInt(9000) + "]"
                            : "")
                    .append('\n'));
    return t.toString();
  }

  private String inserts() {
    StringBuilder t = new StringBuilder(prefix).append("*nat\n").append(declarations(false));
    Map<String, List<String>> built = new LinkedHashMap<>();
    List<String> order = new ArrayList<>(chains.keySet());
    java.util.Collections.shuffle(order, random);
    for (String chain : order) {
      List<String> rules = chains.get(chain);
      List<Integer> permutation = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        permutation.add(i);
      }
      java.util.Collections.shuffle(permutation, random);
      TreeSet<Integer> placed = new TreeSet<>();
      List<String> now = new ArrayList<>();
      for (int index : permutation) {
        int position = placed.headSet(index).size() + 1;
        placed.add(index);
        now.add(position - 1, rules.get(index));
        String command = random.nextInt(4) == 0 ? "--insert " : "-I ";
        String at = position == 1 && random.nextBoolean() ? "" : position + " ";
        t.append(command)
            .append(chain)
            .append(' ')
            .append(at)
            .append(rules.get(index))
            .append('\n');
      }
      built.put(chain, now);
    }
    check(built);
    return t.append("COMMIT\n").append(suffix).toString();
  }

  private String decorated() {
    StringBuilder t = new StringBuilder(prefix);
    if (random.nextBoolean()) {
      // Replaced by the next *nat section: iptables-restore flushes the table for each one.
      t.append("*nat\n:POSTROUTING ACCEPT [0:0]\n:")
          .append(DECOY_CHAIN)
          .append(" - [0:0]\n-A ")
          .append(DECOY_CHAIN)
          .append(" -j MASQUERADE\n-A POSTROUTING -j ")
          .append(DECOY_CHAIN)
          .append("\nCOMMIT\n");
    }
    t.append("# restored by peerfix RestoreForms\n*nat\n")
        .append(declarations(random.nextBoolean()));
    for (Map.Entry<String, List<String>> chain : chains.entrySet()) {
      for (String rule : chain.getValue()) {
        if (random.nextInt(6) == 0) {
          t.append("# a comment line: -A POSTROUTING -j MASQUERADE\n");
        }
        int counters = random.nextInt(4);
        if (counters == 1) {
          t.append('[')
              .append(random.nextInt(1 << 20))
              .append(':')
              .append(random.nextInt(1 << 30))
              .append("] ");
        }
        t.append(random.nextBoolean() ? "--append " : "-A ").append(chain.getKey()).append(' ');
        t.append(rule);
        if (counters == 2) {
          t.append(" -c ").append(random.nextInt(1000)).append(' ').append(random.nextInt(100000));
        }
        t.append('\n');
      }
    }
    t.append("COMMIT\n").append(suffix);
    if (random.nextBoolean()) {
      t.append("*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -j ACCEPT\nCOMMIT\n");
    }
    return t.toString();
  }

  private Restore noflush() {
    Map<String, List<String>> base = new LinkedHashMap<>();
    Map<String, List<String>> rest = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> chain : chains.entrySet()) {
      List<String> rules = chain.getValue();
      int cut = random.nextInt(rules.size() + 1);
      base.put(chain.getKey(), new ArrayList<>(rules.subList(0, cut)));
      rest.put(chain.getKey(), new ArrayList<>(rules.subList(cut, rules.size())));
    }
    List<String> users = chains.keySet().stream().filter(c -> !BUILTINS.contains(c)).toList();
    // A user chain the base lacks (created by the payload): only if no base rule jumps to it.
    List<String> created = new ArrayList<>();
    for (String chain : users) {
      if (random.nextInt(3) == 0 && !jumpedTo(base, chain)) {
        created.add(chain);
        rest.get(chain).addAll(0, base.remove(chain));
      }
    }
    // A user chain the base fills with decoys, emptied by declaring it again.
    String refilled = null;
    for (String chain : users) {
      if (!created.contains(chain) && random.nextBoolean()) {
        refilled = chain;
        rest.get(chain).addAll(0, base.get(chain));
        base.get(chain).clear();
        base.get(chain).add(DECOY_MARK + " -j RETURN");
        break;
      }
    }
    // A chain the base calls by another name, renamed by the payload. iptables-nft cannot use the
    // new name in the same restore, so the chain is whole in the base and only base rules jump to
    // it.
    String renamed = null;
    for (String chain : users) {
      if (!created.contains(chain)
          && !chain.equals(refilled)
          && rest.get(chain).isEmpty()
          && !jumpedTo(rest, chain)
          && random.nextBoolean()) {
        renamed = chain;
        break;
      }
    }
    List<String[]> decoys = placeDecoys(base);

    StringBuilder b = new StringBuilder(prefix).append("*nat\n");
    for (String chain : base.keySet()) {
      b.append(':')
          .append(chain)
          .append(BUILTINS.contains(chain) ? " ACCEPT" : " -")
          .append(" [0:0]\n");
    }
    base.forEach(
        (chain, rules) ->
            rules.forEach(r -> b.append("-A ").append(chain).append(' ').append(r).append('\n')));
    b.append("COMMIT\n").append(suffix);
    String baseText = renamed == null ? b.toString() : renameIn(b.toString(), renamed, "PF-OLD");

    Map<String, List<String>> now = new LinkedHashMap<>();
    base.forEach((chain, rules) -> now.put(chain, new ArrayList<>(rules)));
    StringBuilder p = new StringBuilder("# a payload for iptables-restore --noflush\n*nat\n");
    if (random.nextBoolean()) {
      p.append(":POSTROUTING ACCEPT [0:0]\n");
    }
    if (renamed != null) {
      p.append("-E PF-OLD ").append(renamed).append('\n');
    }
    for (String chain : created) {
      p.append(random.nextBoolean() ? "-N " + chain : ":" + chain + " - [0:0]").append('\n');
      now.put(chain, new ArrayList<>());
    }
    if (refilled != null) {
      p.append(':').append(refilled).append(" - [0:0]\n");
      now.get(refilled).clear();
    }
    for (String[] decoy : decoys) {
      List<String> rules = now.get(decoy[0]);
      int index = rules.indexOf(decoy[1]);
      if (random.nextBoolean()) {
        p.append("-D ").append(decoy[0]).append(' ').append(index + 1).append('\n');
      } else {
        p.append("-D ").append(decoy[0]).append(' ').append(decoy[1]).append('\n');
      }
      rules.remove(index);
    }
    if (now.containsKey(DECOY_CHAIN)) {
      p.append("-F ").append(DECOY_CHAIN).append("\n-X ").append(DECOY_CHAIN).append('\n');
      now.remove(DECOY_CHAIN);
    }
    for (Map.Entry<String, List<String>> chain : rest.entrySet()) {
      List<String> rules = now.get(chain.getKey());
      for (String rule : chain.getValue()) {
        if (random.nextInt(5) == 0) {
          p.append("[0:0] ");
        }
        // iptables-nft 1.8.9 resolves an -I position in a chain that this restore emptied by
        // declaring it again as if the emptied rules were still there (legacy counts what is
        // left, as peerfix does): the refilled chain is appended to only.
        if (chain.getKey().equals(refilled) || random.nextBoolean()) {
          p.append("-A ").append(chain.getKey());
        } else {
          p.append("-I ").append(chain.getKey()).append(' ').append(rules.size() + 1);
        }
        p.append(' ').append(rule).append('\n');
        rules.add(rule);
      }
    }
    p.append("COMMIT\n");
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    chains.keySet().forEach(c -> ordered.put(c, now.get(c)));
    if (!now.keySet().equals(chains.keySet())) {
      throw new IllegalStateException("noflush rewrite lost chains: " + now.keySet());
    }
    check(ordered);
    return new Restore(Form.NOFLUSH, baseText, p.toString());
  }

  /** Decoys in the base's built-in chains at random positions: {chain, rule} in placing order. */
  private List<String[]> placeDecoys(Map<String, List<String>> base) {
    List<String[]> decoys = new ArrayList<>();
    for (String chain : List.of("PREROUTING", "OUTPUT", "POSTROUTING")) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      String rule =
          chain.equals("POSTROUTING")
              ? DECOY_MARK + " -j " + (random.nextBoolean() ? "MASQUERADE" : DECOY_CHAIN)
              : DECOY_MARK + " -j ACCEPT";
      if (rule.endsWith(DECOY_CHAIN) && !base.containsKey(DECOY_CHAIN)) {
        String snat = NatTestbed.SNAT_ADDRESSES.get(0);
        base.put(DECOY_CHAIN, new ArrayList<>(List.of("-j SNAT --to-source " + snat)));
      }
      List<String> rules = base.get(chain);
      rules.add(random.nextInt(rules.size() + 1), rule);
      decoys.add(new String[] {chain, rule});
    }
    return decoys;
  }

  private static boolean jumpedTo(Map<String, List<String>> rules, String chain) {
    return rules.values().stream()
        .flatMap(List::stream)
        .anyMatch(r -> r.endsWith("-j " + chain) || r.endsWith("-g " + chain));
  }

  private static String renameIn(String text, String from, String to) {
    return text.replaceAll(
        "(?m)(^:|^-A |-j |-g )" + java.util.regex.Pattern.quote(from) + "(?=\\s|$)", "$1" + to);
  }

  private void check(Map<String, List<String>> built) {
    if (!built.equals(chains)) {
      throw new IllegalStateException(
          "rewrite does not make the same table: " + built + " vs " + chains);
    }
  }
}
