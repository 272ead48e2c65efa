package io.peerfix.nat.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.Netns;
import io.peerfix.nat.NatDump;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Broken dumps against the kernel: a nat table that {@code iptables-restore} refuses (really
 * loading it, in a namespace of its own) should, mostly, be refused by our parser too (with an
 * error, not a guess). Not exact by design: the parser reads what people paste and may forgive what
 * iptables-restore does not, so the test asks for three in four and prints the outcome for every
 * kind of damage. By design the parser takes unknown matches (they make answers indeterminate).
 */
class NatBadDumpKernelIT {
  private static final Netns NETNS = new Netns(new ProcessCommandRunner());
  private static String namespace;

  @BeforeAll
  static void createNamespace() {
    byte[] id = new byte[3];
    new SecureRandom().nextBytes(id);
    namespace = "pf" + HexFormat.of().formatHex(id) + "-bad";
    NETNS.add(namespace);
  }

  @AfterAll
  static void deleteNamespace() {
    NETNS.delete(namespace);
  }

  /**
   * The other direction, exact: every mutation the kernel accepts (restore syntax people and agents
   * write, not what iptables-save prints) must be accepted by the parser, and must give the table
   * the kernel then holds.
   */
  @Test
  void everyMutationTheKernelAcceptsIsAcceptedByTheParser() {
    long seed = Long.getLong("peerfix.seed", System.nanoTime());
    System.out.printf("accepted mutations: seed %d (rerun with -Dpeerfix.seed=%d)%n", seed, seed);
    Random random = new Random(seed);
    Map<String, int[]> byMutation = new TreeMap<>();
    List<String> refusedByParser = new ArrayList<>();
    for (String dump : validDumps(seed)) {
      for (Accepted mutation : Accepted.values()) {
        String changed = mutation.apply.apply(dump, random);
        boolean kernelAccepts =
            NETNS
                .exec(namespace, List.of("iptables-restore"), changed, Duration.ofSeconds(20))
                .ok();
        // counts: kernel accepted, parser accepted of those, kernel refused (a test design slip)
        int[] counts = byMutation.computeIfAbsent(mutation.name(), m -> new int[3]);
        if (!kernelAccepts) {
          counts[2]++;
          continue;
        }
        counts[0]++;
        try {
          NatDump.parse(changed);
          counts[1]++;
        } catch (RuntimeException e) {
          if (refusedByParser.size() < 10) {
            refusedByParser.add(mutation + ": " + e.getMessage() + "\n" + changed);
          }
        }
      }
    }
    byMutation.forEach(
        (m, c) ->
            System.out.printf(
                "  %s: kernel accepted %d, parser accepted %d of them; kernel refused %d%n",
                m, c[0], c[1], c[2]));
    int accepted = byMutation.values().stream().mapToInt(c -> c[0]).sum();

    assertThat(refusedByParser).as("seed %d", seed).isEmpty();
    assertThat(accepted).isGreaterThan(200);
    byMutation.forEach((m, c) -> assertThat(c[0]).as("kernel accepted %s", m).isGreaterThan(0));
  }

  private static List<String> validDumps(long seed) {
    List<String> valid = new ArrayList<>();
    Fixtures.NAMES.stream()
        .filter(n -> !n.equals("calico"))
        .forEach(n -> valid.add(Fixtures.resource(n + ".rules")));
    NatRuleSetGenerator generator = new NatRuleSetGenerator(seed);
    for (int i = 0; i < 30; i++) {
      GeneratedCase c = generator.generate(i, 10000, 4);
      if (c.ipsets().isBlank()) {
        valid.add(c.nat());
      }
    }
    return valid;
  }

  @Test
  void dumpsTheKernelRefusesAreMostlyRefusedByTheParser() {
    long seed = Long.getLong("peerfix.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> valid = new ArrayList<>();
    Fixtures.NAMES.stream()
        .filter(n -> !n.equals("calico"))
        .forEach(n -> valid.add(Fixtures.resource(n + ".rules")));
    NatRuleSetGenerator generator = new NatRuleSetGenerator(seed);
    for (int i = 0; i < 30; i++) {
      GeneratedCase c = generator.generate(i, 10000, 4);
      if (c.ipsets().isBlank()) {
        valid.add(c.nat());
      }
    }
    int[][] matrix = new int[2][2];
    List<String> forgiven = new ArrayList<>();
    Map<String, String> byMutation = new TreeMap<>();
    for (String dump : valid) {
      for (Mutation mutation : Mutation.values()) {
        String broken = mutation.apply.apply(dump, random);
        boolean kernelRefuses =
            !NETNS
                .exec(
                    namespace,
                    // A real load: --test skips the kernel's own checks (undeclared chains,
                    // policies).
                    List.of("iptables-restore"),
                    broken,
                    Duration.ofSeconds(20))
                .ok();
        boolean parserRefuses = parserRefuses(broken);
        matrix[kernelRefuses ? 1 : 0][parserRefuses ? 1 : 0]++;
        // kernel/parser: R refused, a accepted; e.g. "Ra" = kernel refused, parser accepted.
        byMutation.merge(
            mutation.name(),
            (kernelRefuses ? "R" : "a") + (parserRefuses ? "R" : "a"),
            (x, y) -> x + " " + y);
        if (kernelRefuses && !parserRefuses && forgiven.size() < 10) {
          forgiven.add(mutation + ":\n" + broken);
        }
      }
    }
    int refusedByKernel = matrix[1][0] + matrix[1][1];
    System.out.printf(
        "bad dumps (seed %d): kernel refused %d, of which parser refused %d; kernel accepted %d, of which parser refused %d%n",
        seed, refusedByKernel, matrix[1][1], matrix[0][0] + matrix[0][1], matrix[0][1]);
    byMutation.forEach(
        (mutation, outcomes) ->
            System.out.printf("  %s (kernel/parser): %s%n", mutation, summary(outcomes)));

    assertThat(refusedByKernel).isGreaterThan(100);
    assertThat(matrix[1][1])
        .as("forgiven by the parser, e.g. %s", forgiven)
        .isGreaterThanOrEqualTo(refusedByKernel * 3 / 4);
  }

  private static String summary(String outcomes) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String o : outcomes.split(" ")) {
      counts.merge(o, 1, Integer::sum);
    }
    return counts.toString();
  }

  private static boolean parserRefuses(String dump) {
    try {
      NatDump.parse(dump);
      return false;
    } catch (RuntimeException e) {
      // Any refusal counts here; the parser's unit tests check the error names the line.
      return true;
    }
  }

  /** Ways people's pastes break. */
  private enum Mutation {
    NO_COMMIT((d, r) -> d.replace("COMMIT\n", "")),
    CUT_MID_RULE((d, r) -> cutInsideARule(d, r)),
    JUMP_TO_UNDECLARED_CHAIN((d, r) -> insertRule(d, "-A POSTROUTING -j KUBE-NOT-DECLARED")),
    RULE_IN_UNDECLARED_CHAIN((d, r) -> insertRule(d, "-A NOT-DECLARED -j RETURN")),
    UNKNOWN_OPTION((d, r) -> insertRule(d, "-A POSTROUTING -o eth0 --frobnicate 3 -j MASQUERADE")),
    UNKNOWN_TARGET((d, r) -> insertRule(d, "-A POSTROUTING -j FROBNICATE --hard")),
    UNKNOWN_MATCH((d, r) -> insertRule(d, "-A POSTROUTING -m frobnicate --level 3 -j RETURN")),
    MISSING_VALUE((d, r) -> insertRule(d, "-A POSTROUTING -o eth0 -s")),
    BAD_ADDRESS((d, r) -> insertRule(d, "-A POSTROUTING -s 10.300.0.0/16 -j MASQUERADE")),
    BAD_PREFIX((d, r) -> insertRule(d, "-A POSTROUTING -d 10.0.0.0/33 -j MASQUERADE")),
    PORT_WITHOUT_PROTOCOL((d, r) -> insertRule(d, "-A POSTROUTING --dport 5432 -j MASQUERADE")),
    BAD_PORT((d, r) -> insertRule(d, "-A POSTROUTING -p tcp --dport 70000 -j MASQUERADE")),
    GARBAGE_LINE((d, r) -> insertRule(d, "this is not a rule")),
    UNKNOWN_TABLE((d, r) -> d.replace("*nat", "*natt")),
    BAD_POLICY((d, r) -> d.replace(":POSTROUTING ACCEPT", ":POSTROUTING MAYBE")),
    SNAT_WITHOUT_ADDRESS((d, r) -> insertRule(d, "-A POSTROUTING -j SNAT")),
    MASQUERADE_IN_PREROUTING((d, r) -> insertRule(d, "-A PREROUTING -j MASQUERADE"));

    private final BiFunction<String, Random, String> apply;

    Mutation(BiFunction<String, Random, String> apply) {
      this.apply = apply;
    }

    /** Inserts {@code line} at the end of the nat section. */
    private static String insertRule(String dump, String line) {
      int at = dump.indexOf("\nCOMMIT", dump.indexOf("*nat")) + 1;
      return dump.substring(0, at) + line + "\n" + dump.substring(at);
    }

    /** Cuts the text inside an option of the last rule line, as a paste cut short would. */
    private static String cutInsideARule(String dump, Random random) {
      int start = dump.lastIndexOf("\n-A ");
      int end = dump.indexOf('\n', start + 1);
      int cut = dump.indexOf(" -", start + 4);
      if (start < 0 || cut < 0 || cut >= end) {
        return dump.substring(0, dump.length() / 2);
      }
      return dump.substring(0, cut + 2 + random.nextInt(2));
    }
  }

  /** Ways of writing a table that the restore syntax allows: the kernel takes them all. */
  private enum Accepted {
    COMMENT_LINES((d, r) -> d.replaceAll("(?m)^(-A .*)$", "# was: $1\n$1")),
    RULE_COUNTERS((d, r) -> d.replaceAll("(?m)^-A ", "[" + r.nextInt(1 << 20) + ":77] -A ")),
    DASH_C_COUNTERS((d, r) -> d.replaceAll("(?m)^(-A [^\n]*)$", "$1 -c 5 " + r.nextInt(9999))),
    LONG_COMMANDS((d, r) -> d.replaceAll("(?m)^-A ", "--append ")),
    EXTRA_SPACES((d, r) -> d.replaceAll("(?m)^-A (\\S+) ", "-A  $1   ")),
    BLANK_LINES((d, r) -> d.replace("\n-A ", "\n\n-A ")),
    INSERTS((d, r) -> RestoreForms.rewrite(d, RestoreForms.Form.INSERTS, r).payload()),
    DECORATED((d, r) -> RestoreForms.rewrite(d, RestoreForms.Form.DECORATED, r).payload()),
    REPLACED_NAT_SECTION(
        (d, r) -> "*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n" + d),
    ADDED_THEN_DELETED(
        (d, r) ->
            Mutation.insertRule(
                d,
                "-A POSTROUTING -s 192.0.2.0/24 -j RETURN\n"
                    + (r.nextBoolean()
                        ? "-D POSTROUTING -s 192.0.2.0/24 -j RETURN"
                        : "-I POSTROUTING -j RETURN\n-D POSTROUTING 1\n"
                            + "-D POSTROUTING -s 192.0.2.0/24 -j RETURN"))),
    CHAIN_MADE_AND_DROPPED(
        (d, r) ->
            Mutation.insertRule(
                d, "-N PF-SCRATCH\n-A PF-SCRATCH -j RETURN\n-F PF-SCRATCH\n-X PF-SCRATCH")),
    // No -E here: iptables-nft refuses to rename a chain created in the same restore, and a full
    // restore creates every chain. The differential test's --noflush payloads rename instead.
    LOOKING_COMMANDS((d, r) -> Mutation.insertRule(d, "-Z\n-L -n\n-S POSTROUTING\n-Z POSTROUTING")),
    OTHER_TABLE_AFTER(
        (d, r) -> d + "*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -j ACCEPT\nCOMMIT\n");

    private final BiFunction<String, Random, String> apply;

    Accepted(BiFunction<String, Random, String> apply) {
      this.apply = apply;
    }
  }
}
