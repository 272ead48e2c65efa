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

    private static String insertRule(String dump, String line) {
      int at = dump.lastIndexOf("COMMIT");
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
}
