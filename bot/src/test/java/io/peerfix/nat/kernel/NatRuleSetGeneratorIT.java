package io.peerfix.nat.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.testbed.NatTestbed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator only writes rule sets the kernel accepts, and the same seed writes the same sets.
 */
class NatRuleSetGeneratorIT {
  private static NatTestbed bed;

  @BeforeAll
  static void startTestbed() {
    bed = NatTestbed.start();
  }

  @AfterAll
  static void removeTestbed() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void everyGeneratedRuleSetIsAcceptedByIptablesRestore() {
    long seed = Long.getLong("peerfix.seed", System.nanoTime());
    NatRuleSetGenerator generator = new NatRuleSetGenerator(seed);
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      GeneratedCase c = generator.generate(i, 10000 + i * 16, 10);
      CommandResult result = bed.load(c.nat(), c.ipsets());
      if (!result.ok()) {
        refused.add(c.name() + ": " + result.describeFailure() + "\n" + c.ipsets() + c.nat());
      }
    }
    assertThat(refused).as("seed %d", seed).isEmpty();
  }

  @Test
  void theSameSeedAndIndexGiveTheSameCase() {
    GeneratedCase first = new NatRuleSetGenerator(42).generate(7, 10000, 10);
    GeneratedCase again = new NatRuleSetGenerator(42).generate(7, 10000, 10);

    assertThat(again).isEqualTo(first);
    assertThat(new NatRuleSetGenerator(43).generate(7, 10000, 10).nat()).isNotEqualTo(first.nat());
  }
}
