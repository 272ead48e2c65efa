package io.peerfix.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.peerfix.common.UserInputException;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.net.Cidr;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerfixConfigTest {
  private static final String GOOD =
      """
      targets:
        - name: rds-prod
          rds: orders-prod
          protocol: postgres
        - name: ledger
          host: ledger.abc.ap-southeast-2.rds.amazonaws.com
          port: 15432
          region: ap-southeast-2
      cluster:
        vpcId: vpc-0a1b2c
        podCidr: 100.64.0.0/16
      aws:
        region: eu-west-1
        endpoint: http://127.0.0.1:8089
      """;

  private static PeerfixConfig parse(String yaml) {
    return PeerfixConfig.parse("peerfix.yaml", yaml, Map.of());
  }

  private static ConfigException failure(String yaml) {
    return catchThrowableOfType(() -> parse(yaml), ConfigException.class);
  }

  @Test
  void readsEverySectionIntoTypedValues() {
    PeerfixConfig config = parse(GOOD);

    assertThat(config.targets().get("rds-prod"))
        .isEqualTo(
            new TargetConfig(
                "rds-prod",
                Optional.of("orders-prod"),
                Optional.empty(),
                Optional.empty(),
                ProbeProtocol.POSTGRES,
                Optional.empty()));
    assertThat(config.targets().get("ledger").port()).contains(15432);
    assertThat(config.targets().get("ledger").protocol()).isEqualTo(ProbeProtocol.TCP);
    assertThat(config.targets().get("ledger").region()).contains("ap-southeast-2");
    assertThat(config.cluster().vpcId()).contains("vpc-0a1b2c");
    assertThat(config.cluster().podCidr()).contains(Cidr.parse("100.64.0.0/16"));
    assertThat(config.cluster().probeNamespace()).isEqualTo("peerfix-probes");
    assertThat(config.cluster().agentNamespace()).isEqualTo("peerfix-agent");
    assertThat(config.aws().region()).contains("eu-west-1");
    assertThat(config.aws().endpoint()).contains(URI.create("http://127.0.0.1:8089"));
  }

  @Test
  void theProbeAndAgentNamespacesAreSetApartAndTheOldSingleKeyIsUnknown() {
    PeerfixConfig config =
        parse("cluster:\n  probeNamespace: team-probes\n  agentNamespace: team-agent\n");

    assertThat(config.cluster().probeNamespace()).isEqualTo("team-probes");
    assertThat(config.cluster().agentNamespace()).isEqualTo("team-agent");
    ConfigException old = failure("cluster:\n  namespace: peerfix\n");
    assertThat(old.key()).isEqualTo("cluster.namespace");
    assertThat(old.getMessage()).contains("probeNamespace", "agentNamespace");
    ConfigException bad = failure("cluster:\n  agentNamespace: Peerfix_Agent\n");
    assertThat(bad.key()).isEqualTo("cluster.agentNamespace");
  }

  @Test
  void anEmptyFileGivesEverySectionWithItsDefaults() {
    PeerfixConfig config = parse("");

    assertThat(config.targets().targets()).isEmpty();
    assertThat(config.cluster().vpcId()).isEmpty();
    assertThat(config.cluster().probeImage()).isEqualTo("peerfix");
    assertThat(config.aws().region()).isEmpty();
  }

  @Test
  void aHostOnThePostgresPortIsProbedAsPostgres() {
    PeerfixConfig config = parse("targets:\n  - name: db\n    host: 10.0.5.20\n    port: 5432\n");

    assertThat(config.targets().get("db").protocol()).isEqualTo(ProbeProtocol.POSTGRES);
  }

  @Test
  void anUnknownKeyFailsWithItsLineAndTheKnownKeys() {
    ConfigException e =
        failure("targets:\n  - name: db\n    host: 10.0.5.20\n    prot: tcp\n    port: 1\n");

    assertThat(e.key()).isEqualTo("targets[0].prot");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.getMessage()).contains("unknown key").contains("host").contains("protocol");
  }

  @Test
  void anUnknownTopLevelKeyFails() {
    ConfigException e = failure("aws:\n  region: eu-west-1\nslak:\n  channel: C1\n");

    assertThat(e.key()).isEqualTo("slak");
    assertThat(e.line()).isEqualTo(3);
  }

  @Test
  void aMisspeltKeyIsReportedRatherThanTheMissingOneItStandsFor() {
    ConfigException e = failure("targets:\n  - name: db\n    hots: 10.0.5.20\n");

    assertThat(e.key()).isEqualTo("targets[0].hots");
    assertThat(e.line()).isEqualTo(3);
  }

  @Test
  void aBadValueFailsWithItsKeyAndLine() {
    ConfigException e = failure("targets:\n  - name: db\n    host: 10.0.5.20\n    port: 70000\n");

    assertThat(e.key()).isEqualTo("targets[0].port");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.getMessage()).startsWith("peerfix.yaml:4: targets[0].port: expected 1 to 65535");
  }

  @Test
  void aBadCidrFailsWithTheNetworkToGiveInstead() {
    ConfigException e = failure("cluster:\n  podCidr: 10.244.1.0/8\n");

    assertThat(e.key()).isEqualTo("cluster.podCidr");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.getMessage()).contains("10.0.0.0/8");
  }

  @Test
  void anUnknownProtocolNamesTheValidOnes() {
    ConfigException e =
        failure("targets:\n  - name: db\n    host: db.example\n    protocol: oracle\n");

    assertThat(e.key()).isEqualTo("targets[0].protocol");
    assertThat(e.getMessage()).contains("tcp, postgres, mysql");
  }

  @Test
  void aTargetNeedsExactlyOneWayToFindTheDatabase() {
    assertThat(failure("targets:\n  - name: db\n").line()).isEqualTo(2);
    assertThat(failure("targets:\n  - name: db\n    rds: a\n    host: b\n").key())
        .isEqualTo("targets[0].host");
    assertThat(failure("targets:\n  - name: db\n    host: db.example\n").key())
        .isEqualTo("targets[0].port");
  }

  @Test
  void twoTargetsWithOneNameFailAtTheSecond() {
    ConfigException e =
        failure("targets:\n  - name: db\n    host: a\n    port: 1\n  - name: db\n    rds: b\n");

    assertThat(e.key()).isEqualTo("targets[1].name");
    assertThat(e.line()).isEqualTo(5);
  }

  @Test
  void aKeyGivenTwiceFails() {
    ConfigException e = failure("aws:\n  region: eu-west-1\n  region: us-east-1\n");

    assertThat(e.key()).isEqualTo("region");
    assertThat(e.line()).isEqualTo(3);
  }

  @Test
  void aListWhereAMappingBelongsFails() {
    ConfigException e = failure("aws:\n  - eu-west-1\n");

    assertThat(e.key()).isEqualTo("aws");
    assertThat(e.getMessage()).contains("expected a mapping");
  }

  @Test
  void brokenYamlFailsWithItsLine() {
    ConfigException e = failure("aws:\n  region: [eu-west-1\n");

    assertThat(e.line()).isGreaterThan(0);
    assertThat(e.getMessage()).contains("not valid YAML");
  }

  @Test
  void aValueWrittenAsAnEnvironmentVariableTakesItsValue() {
    PeerfixConfig config =
        PeerfixConfig.parse(
            "peerfix.yaml",
            "aws:\n  region: ${PEERFIX_REGION}\n",
            Map.of("PEERFIX_REGION", "us-east-2"));

    assertThat(config.aws().region()).contains("us-east-2");
  }

  @Test
  void anUnsetEnvironmentVariableFailsNamingIt() {
    ConfigException e = failure("aws:\n  region: ${PEERFIX_REGION}\n");

    assertThat(e.key()).isEqualTo("aws.region");
    assertThat(e.getMessage()).contains("PEERFIX_REGION is not set");
  }

  @Test
  void anUnsetEnvironmentVariableIsNamedEvenWithSectionsAfterIt() {
    ConfigException e =
        failure(
            "cluster:\n  vpcId: vpc-0a1b2c\n  probeImage: ${PEERFIX_PROBE_IMAGE}\n"
                + "aws:\n  region: eu-west-1\n");

    assertThat(e.key()).isEqualTo("cluster.probeImage");
    assertThat(e.getMessage()).contains("PEERFIX_PROBE_IMAGE is not set");
  }

  @Test
  void aMisspeltKeyInALaterSectionIsStillReportedAfterAnEarlierFailure() {
    ConfigException e =
        failure("cluster:\n  probeImage: ${PEERFIX_PROBE_IMAGE}\naws:\n  regoin: eu-west-1\n");

    assertThat(e.key()).isEqualTo("aws.regoin");
  }

  @Test
  void anUnknownTargetNamesTheConfiguredOnes() {
    UserInputException e =
        catchThrowableOfType(() -> parse(GOOD).targets().get("rds-prd"), UserInputException.class);

    assertThat(e.getMessage()).contains("rds-prod, ledger");
  }

  @Test
  void loadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("peerfix.yaml");
    Files.writeString(file, "aws:\n  region: mars\n");

    ConfigException e =
        catchThrowableOfType(() -> PeerfixConfig.load(file, Map.of()), ConfigException.class);

    assertThat(e.getMessage()).startsWith(file + ":2: aws.region:");
  }

  @Test
  void aMissingFileIsBadInputNamingIt(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");

    UserInputException e =
        catchThrowableOfType(() -> PeerfixConfig.load(file, Map.of()), UserInputException.class);

    assertThat(e.getMessage()).contains(file.toString());
  }
}
