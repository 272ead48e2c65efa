package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.common.UserInputException;
import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisPorts;
import io.peerfix.orchestration.EnvironmentOpener;
import io.peerfix.orchestration.KnownTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabTargetsTest {
  @TempDir Path dir;

  private final AtomicInteger opens = new AtomicInteger();

  /** Opens "the lab" from the scenario file: its first line is the one target's name. */
  private final EnvironmentOpener opener =
      (lab, scenarioFile) -> {
        opens.incrementAndGet();
        Path scenario = dir.resolve("scenario.yaml");
        if (!Files.exists(scenario)) {
          throw new UserInputException("lab " + lab + " is not up");
        }
        String name = read(scenario);
        return new DiagnosisEnvironment() {
          @Override
          public List<KnownTarget> targets() {
            return List.of(
                new KnownTarget(
                    new DiagnosisTarget(name, "10.0.5.20", 5432, ProbeProtocol.POSTGRES),
                    null,
                    null));
          }

          @Override
          public DiagnosisPorts ports() {
            throw new UnsupportedOperationException();
          }
        };
      };

  private LabTargets targets() {
    return new LabTargets(
        opener, "pfslack", List.of(dir.resolve("state.json"), dir.resolve("scenario.yaml")));
  }

  @Test
  void theLabIsOpenedOnceWhileItsFilesStayAsTheyAre() throws Exception {
    Files.writeString(dir.resolve("state.json"), "{}");
    Files.writeString(dir.resolve("scenario.yaml"), "rds-prod");
    LabTargets targets = targets();

    assertThat(targets.names()).containsExactly("rds-prod");
    assertThat(targets.names()).containsExactly("rds-prod");
    assertThat(targets.names()).containsExactly("rds-prod");
    assertThat(opens).hasValue(1);
  }

  @Test
  void aLabRebuiltFromAnotherScenarioIsSeenAtTheNextCommand() throws Exception {
    Files.writeString(dir.resolve("state.json"), "{}");
    Files.writeString(dir.resolve("scenario.yaml"), "rds-prod");
    LabTargets targets = targets();
    assertThat(targets.names()).containsExactly("rds-prod");

    Files.delete(dir.resolve("scenario.yaml"));
    Files.writeString(dir.resolve("scenario.yaml"), "orders-db");

    assertThat(targets.names()).containsExactly("orders-db");
    assertThat(opens).hasValue(2);
  }

  @Test
  void aLabThatIsDownHasNoTargetsAndOneThatComesUpIsSeen() throws Exception {
    LabTargets targets = targets();
    assertThat(targets.names()).isEmpty();
    assertThat(targets.names()).isEmpty();
    assertThat(opens).hasValue(1);

    Files.writeString(dir.resolve("state.json"), "{}");
    Files.writeString(dir.resolve("scenario.yaml"), "rds-prod");

    assertThat(targets.names()).containsExactly("rds-prod");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
