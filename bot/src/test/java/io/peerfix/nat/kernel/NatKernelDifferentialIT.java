package io.peerfix.nat.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.nat.IpSets;
import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatDump;
import io.peerfix.nat.NatEvaluator;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import io.peerfix.testbed.NatTestbed;
import io.peerfix.testbed.Probe;
import io.peerfix.testbed.ProbeOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NAT model against the real kernel: real-world nat tables and generated ones are loaded into
 * an isolated node with iptables-restore, real TCP and UDP connections show which source address
 * really arrived, and the model must predict it (and the destination) for every packet.
 *
 * <p>System properties: {@code peerfix.seed} (default: random, printed), {@code
 * peerfix.differential.sets} (generated rule sets, default 300) and {@code
 * peerfix.differential.packets} (packets per set, default 10, at most 16). Totals are printed and
 * written to {@code target/nat-differential-totals.txt}.
 */
class NatKernelDifferentialIT {
  private static final int FIXTURE_FIRST_PORT = 40000;
  private static final int GENERATED_FIRST_PORT = 10000;
  private static final double MAX_INDETERMINATE_PERCENT = 0.5;
  private static final double MAX_INDETERMINATE_LISTING_PERCENT = 2.0;
  private static NatTestbed bed;
  private static final DifferentialTally FIXTURES = new DifferentialTally();
  private static final DifferentialTally GENERATED = new DifferentialTally();
  private static long seed;
  private static long startNanos;

  @BeforeAll
  static void startTestbed() {
    startNanos = System.nanoTime();
    seed = Long.getLong("peerfix.seed", startNanos ^ System.currentTimeMillis());
    // Printed first too, so a run that dies half-way can still be repeated.
    System.out.printf(
        "NAT kernel differential: seed %d (rerun with -Dpeerfix.seed=%d)%n", seed, seed);
    bed = NatTestbed.start();
  }

  @AfterAll
  static void removeTestbedAndPrintTotals() {
    try {
      if (bed != null) {
        bed.close();
      }
    } finally {
      String totals =
          String.format(
              "NAT kernel differential, seed %d, %.1f s%n  fixtures:  %s%n  generated: %s%n"
                  + "  fixture indeterminate reasons: %s%n  generated indeterminate reasons: %s%n",
              seed,
              (System.nanoTime() - startNanos) / 1e9,
              FIXTURES.totals(),
              GENERATED.totals(),
              FIXTURES.indeterminateReasons.stream().distinct().toList(),
              GENERATED.indeterminateReasons.stream().distinct().toList());
      System.out.print(totals);
      try {
        Files.writeString(Path.of("target", "nat-differential-totals.txt"), totals);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void theModelPredictsWhatTheKernelDoesWithEveryRealWorldTable() {
    ModelVersusKernel run = new ModelVersusKernel(bed, FIXTURES);
    Fixtures.load(FIXTURE_FIRST_PORT).forEach(run::run);

    assertThat(FIXTURES.failures).as(FIXTURES.totals()).isEmpty();
    assertThat(FIXTURES.agreements).isGreaterThan(0);
    assertWithinIndeterminateBound(FIXTURES, FIXTURES.indeterminateFixture, FIXTURES.totals());
  }

  @Test
  void theModelPredictsWhatTheKernelDoesWithGeneratedTables() {
    int sets = Integer.getInteger("peerfix.differential.sets", 300);
    int packets = Math.min(16, Integer.getInteger("peerfix.differential.packets", 10));
    NatRuleSetGenerator generator = new NatRuleSetGenerator(seed);
    ModelVersusKernel run = new ModelVersusKernel(bed, GENERATED);
    RestoreForms.Form[] forms = RestoreForms.Form.values();
    for (int i = 0; i < sets; i++) {
      GeneratedCase generated = generator.generate(i, GENERATED_FIRST_PORT + i * 16, packets);
      // Every restore form in turn, each rewrite as reproducible as the case itself.
      run.run(DifferentialCase.of(generated, forms[i % forms.length], new Random(seed * 31 + i)));
    }

    String why =
        String.format("seed %d (rerun with -Dpeerfix.seed=%d); %s", seed, seed, GENERATED.totals());
    assertThat(GENERATED.failures).as(why).isEmpty();
    assertThat(
            GENERATED.agreements
                + GENERATED.indeterminateGenerated
                + GENERATED.indeterminateListing)
        .as(why)
        .isEqualTo(GENERATED.comparisons);
    assertWithinIndeterminateBound(GENERATED, GENERATED.indeterminateGenerated, why);
    for (RestoreForms.Form form : forms) {
      assertThat(GENERATED.byForm).as(why).containsKey(form.name());
      assertThat(GENERATED.byForm.get(form.name())[0]).as(why).isGreaterThan(0);
    }
    assertThat(GENERATED.portsCompared).as(why).isGreaterThan(GENERATED.comparisons / 2);
  }

  /**
   * An INDETERMINATE answer is neither an agreement nor a failure; more than {@link
   * #MAX_INDETERMINATE_PERCENT} percent of the comparisons (outside the lossy -L listing, which has
   * its own bound {@link #MAX_INDETERMINATE_LISTING_PERCENT}) fails the run: a model that shrugs at
   * everything must not pass.
   */
  private static void assertWithinIndeterminateBound(
      DifferentialTally tally, int indeterminate, String why) {
    assertThat(indeterminate * 100.0 / tally.comparisons)
        .as(
            "INDETERMINATE answers in %% of comparisons; %s; reasons %s",
            why, tally.indeterminateReasons)
        .isLessThanOrEqualTo(MAX_INDETERMINATE_PERCENT);
    assertThat(tally.indeterminateListing * 100.0 / tally.comparisons)
        .as("INDETERMINATE answers from the -L listing in %% of comparisons; %s", why)
        .isLessThanOrEqualTo(MAX_INDETERMINATE_LISTING_PERCENT);
  }

  @Test
  void aStatisticRuleSplitsRealTrafficAndTheModelSaysItCannotTell() {
    String nat =
        "*nat\n-A POSTROUTING -o eth0 -m statistic --mode random --probability 0.5 -j MASQUERADE\nCOMMIT\n";
    bed.load(nat, "").orThrow();
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      probes.add(new Probe(NatTestbed.POD_A, "tcp", "10.244.1.5", 39000 + i, "203.0.113.10", 80));
    }

    List<String> seen =
        bed.probe(probes).stream().map(ProbeOutcome::peerAddress).distinct().sorted().toList();
    NatVerdict verdict =
        NatEvaluator.evaluate(
            NatDump.parse(nat),
            Packet.builder()
                .src("10.244.1.5")
                .dst("203.0.113.10")
                .dstPort(80)
                .srcPort(39000)
                .build(),
            new NodeContext(bed.nodeLocalAddresses(), "172.20.1.10", IpSets.empty()));

    assertThat(seen).containsExactly("10.244.1.5", "172.20.1.10");
    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).containsIgnoringCase("statistic");
  }
}
