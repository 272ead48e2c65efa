package io.peerfix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzzing kept as a test: a fixed corpus (real tables of every form, non-ASCII names) and the
 * hand-built hostile shapes, each mutated by a seeded generator, all run through {@code peerfix nat
 * explain}. Every input must end with an answer (0) or a one-line bad-input message (2), never a
 * failure or a stack trace; the evaluation budget keeps each one bounded. The seed is printed and
 * can be set with {@code -Dpeerfix.fuzz.seed=N} to replay a run.
 */
class NatExplainFuzzTest {
  private static final int MUTATIONS_PER_INPUT = 150;

  /** The generated hostile inputs are large: a few mutations each keep the test short. */
  private static final int MUTATIONS_PER_LARGE_INPUT = 3;

  @TempDir Path dir;

  private static long seed() {
    String given = System.getProperty("peerfix.fuzz.seed");
    return given == null ? 20261201L : Long.parseLong(given);
  }

  private static List<byte[]> corpus() throws IOException {
    List<byte[]> inputs = new ArrayList<>();
    Path root = Path.of("src/test/resources/nat/fuzz");
    try (Stream<Path> files = Files.list(root).sorted()) {
      for (Path file : (Iterable<Path>) files::iterator) {
        inputs.add(Files.readAllBytes(file));
      }
    }
    assertThat(inputs).as("corpus in %s", root).hasSizeGreaterThan(5);
    inputs.add(hostileWalk().getBytes(StandardCharsets.UTF_8));
    inputs.add(deepChain(30_000).getBytes(StandardCharsets.UTF_8));
    return inputs;
  }

  /** Random forks, then 2,000 jumps into a chain of 1,000 rules (471 s and 6.2 GB before). */
  static String hostileWalk() {
    StringBuilder out = new StringBuilder("-N BIG\n");
    for (int i = 0; i < 6; i++) {
      out.append("-A PREROUTING -m statistic --mode random --probability 0.5 -j MARK --xor-mark ")
          .append(1 << i)
          .append('\n');
    }
    out.append("-A PREROUTING -j BIG\n".repeat(2_000));
    for (int i = 0; i < 1_000; i++) {
      out.append("-A BIG -s 192.0.2.").append(i % 250).append("/32 -j MARK --set-mark 1\n");
    }
    return out.toString();
  }

  /** A chain of jumps {@code depth} levels deep (quadratic before: 30,000 levels took 7 s). */
  static String deepChain(int depth) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      out.append("-N C").append(i).append('\n');
    }
    out.append("-A POSTROUTING -j C0\n");
    for (int i = 0; i + 1 < depth; i++) {
      out.append("-A C").append(i).append(" -j C").append(i + 1).append('\n');
    }
    return out.append("-A C").append(depth - 1).append(" -o eth0 -j MASQUERADE\n").toString();
  }

  private static final String[] WORDS = {
    "-A",
    "-I",
    "-N",
    "-P",
    "!",
    "-j",
    "-g",
    "RETURN",
    "MASQUERADE",
    "DNAT",
    "SNAT",
    "DROP",
    "--to-destination",
    "10.0.5.20:5432",
    "-m",
    "statistic",
    "--mode",
    "random",
    "tcp",
    "--dport",
    "-p",
    "udp",
    "Chain",
    "(policy",
    "COMMIT",
    "*nat",
    ":X",
    "-",
    "[0:0]",
    "€",
    "\u0000",
    "\r",
    "0x0a000001",
    "010.0.0.1",
    "10.1",
    "/33",
    "-d",
    "-s",
    "POSTROUTING",
    "PREROUTING",
    "KUBE-€",
    "# [...]",
    "$ iptables-save",
    "\uFEFF",
    "\\xff",
    "--noflush"
  };

  /** One mutation: flip, insert, delete or duplicate bytes, lines or words. */
  static byte[] mutate(byte[] input, Random random) {
    List<String> lines =
        new ArrayList<>(List.of(new String(input, StandardCharsets.UTF_8).split("\n", -1)));
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && !lines.isEmpty(); e++) {
      int at = random.nextInt(lines.size());
      switch (random.nextInt(7)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, lines.get(random.nextInt(lines.size())));
        case 2 -> lines.set(at, lines.get(at) + " " + WORDS[random.nextInt(WORDS.length)]);
        case 3 -> lines.add(at, WORDS[random.nextInt(WORDS.length)] + " " + lines.get(at));
        case 4 -> {
          String line = lines.get(at);
          int cut = line.isEmpty() ? 0 : random.nextInt(line.length());
          lines.set(at, line.substring(0, cut));
        }
        case 5 -> {
          String[] tokens = lines.get(at).split(" ");
          if (tokens.length > 1) {
            int i = random.nextInt(tokens.length);
            tokens[i] = WORDS[random.nextInt(WORDS.length)];
            lines.set(at, String.join(" ", tokens));
          }
        }
        default -> Collections2.swap(lines, at, random.nextInt(lines.size()));
      }
    }
    byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(10) == 0 && bytes.length > 0) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  /** {@link java.util.Collections#swap}, named apart so the switch above reads as a list. */
  private static final class Collections2 {
    static void swap(List<String> list, int i, int j) {
      java.util.Collections.swap(list, i, j);
    }
  }

  @Test
  void everyInputAndMutationEndsWithAnAnswerOrAOneLineBadInputMessage() throws IOException {
    long seed = seed();
    System.out.println("NatExplainFuzzTest seed " + seed + " (-Dpeerfix.fuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    List<String> failures = new ArrayList<>();
    int runs = 0;
    int answered = 0;
    for (byte[] original : corpus()) {
      List<byte[]> inputs = new ArrayList<>();
      inputs.add(original);
      int mutations = original.length > 20_000 ? MUTATIONS_PER_LARGE_INPUT : MUTATIONS_PER_INPUT;
      for (int m = 0; m < mutations; m++) {
        inputs.add(mutate(original, random));
      }
      for (byte[] input : inputs) {
        Path file = Files.write(dir.resolve("rules.txt"), input);
        CliRun run =
            CliRun.of(
                "nat",
                "explain",
                "--rules",
                file.toString(),
                "--src",
                "10.244.1.5",
                "--dst",
                "10.0.5.20:5432",
                "--node-ip",
                "172.20.1.10");
        runs++;
        answered += run.exitCode() == 0 ? 1 : 0;
        boolean clean =
            (run.exitCode() == 0 || run.exitCode() == 2 && run.err().lines().count() == 1)
                && !run.err().contains("Exception")
                && !run.err().contains("\tat ");
        if (!clean && failures.size() < 5) {
          failures.add(
              "exit "
                  + run.exitCode()
                  + ": "
                  + run.err()
                  + "\n for input:\n"
                  + new String(input, 0, Math.min(input.length, 600), StandardCharsets.UTF_8));
        }
      }
    }
    System.out.println("NatExplainFuzzTest " + runs + " inputs, " + answered + " answered");
    assertThat(failures).as("seed %d", seed).isEmpty();
    assertThat(answered).as("some mutations must still be answered").isGreaterThan(runs / 10);
  }
}
