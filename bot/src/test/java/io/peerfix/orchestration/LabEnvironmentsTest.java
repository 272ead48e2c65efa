package io.peerfix.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.common.UserInputException;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.ScenarioCatalog;
import io.peerfix.net.Cidr;
import io.peerfix.testing.FakeCommandRunner;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabEnvironmentsTest {

  @Test
  void aScenariosTargetBecomesTheDiagnosisTargetWithItsAwsQueryAndPodRange() {
    KnownTarget target = LabEnvironments.target(ScenarioCatalog.builtIn("aws-cni-excluded-snat"));

    assertThat(target.name()).isEqualTo("orders-db");
    assertThat(target.target().host()).isEqualTo("orders-db.c9akciq32.eu-west-1.rds.amazonaws.com");
    assertThat(target.target().port()).isEqualTo(5432);
    assertThat(target.target().protocol()).isEqualTo(ProbeProtocol.POSTGRES);
    assertThat(target.awsQuery().clusterVpcId()).isEqualTo("vpc-eks");
    assertThat(target.awsQuery().dbEndpointHost()).isEqualTo(target.target().host());
    assertThat(target.clusterPodCidr()).isEqualTo(Cidr.parse("100.64.0.0/16"));
  }

  @Test
  void aLabThatIsNotUpIsBadInputSayingHowToStartIt(@TempDir Path dir) {
    Lab lab = new Lab(new FakeCommandRunner(), new LabPaths(dir, dir, dir), Clock.systemUTC());
    LabEnvironments environments =
        new LabEnvironments(
            lab,
            (l, name) -> {
              throw new AssertionError("ports are not needed");
            });

    assertThatThrownBy(() -> environments.open("pfzz", null))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("lab 'pfzz' is not up")
        .hasMessageContaining("peerfix lab up");
  }
}
