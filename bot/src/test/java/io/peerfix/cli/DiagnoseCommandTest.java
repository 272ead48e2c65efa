package io.peerfix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerfix.common.UserInputException;
import io.peerfix.diagnosis.AddressPlan;
import io.peerfix.diagnosis.NodeObservation;
import io.peerfix.diagnosis.Observations;
import io.peerfix.diagnosis.World;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisPorts;
import io.peerfix.orchestration.EnvironmentOpener;
import io.peerfix.orchestration.KnownTarget;
import io.peerfix.vpc.AwsQuery;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code peerfix diagnose} through its front door, over an environment of hand-built observations.
 */
class DiagnoseCommandTest {
  private final AddressPlan plan = AddressPlan.seed();
  private final World world = seedIncident();

  private static World seedIncident() {
    World w = World.of(AddressPlan.seed()).podsTimeOut();
    w.natTable = "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE";
    return w;
  }

  private EnvironmentOpener opener() {
    Observations obs = world.observations();
    Map<String, NodeObservation> byName =
        obs.nodes().stream().collect(Collectors.toMap(NodeObservation::name, Function.identity()));
    DiagnosisPorts ports =
        new DiagnosisPorts(
            () -> obs.nodes().stream().map(NodeObservation::node).toList(),
            (nodes, target) -> nodes.stream().map(n -> byName.get(n.name()).facts()).toList(),
            (node, request) -> byName.get(node.name()).podProbe(),
            query -> world.aws());
    KnownTarget target =
        new KnownTarget(
            world.target(), AwsQuery.byEndpoint(plan.clusterVpcId(), plan.host()), null);
    return (labName, scenarioFile) ->
        new DiagnosisEnvironment() {
          @Override
          public List<KnownTarget> targets() {
            return List.of(target);
          }

          @Override
          public DiagnosisPorts ports() {
            return ports;
          }
        };
  }

  private CliRun run(EnvironmentOpener opener, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DiagnoseCommand(opener));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExitCodeExceptionMapper(ExitCodes::forException);
    cli.setParameterExceptionHandler(ExitCodes::onBadParameters);
    cli.setExecutionExceptionHandler(ExitCodes::onFailure);
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Test
  void jsonCarriesRootCauseConfidenceNodesEvidenceAndFixes() throws Exception {
    CliRun run = run(opener(), "orders", "--lab", "--json");

    assertThat(run.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("rootCause").asText()).isEqualTo("POD_SOURCE_NOT_MASQUERADED");
    assertThat(json.get("confidence").asText()).isIn("HIGH", "MEDIUM", "LOW");
    assertThat(json.get("nodes")).hasSize(2);
    JsonNode node = json.get("nodes").get(0);
    assertThat(node.get("podProbe").asText()).isEqualTo("TIMED_OUT");
    assertThat(node.get("hostProbe").asText()).isEqualTo("CONNECTED");
    assertThat(node.has("sourceAfterNat")).isTrue();
    assertThat(json.get("evidence").isArray()).isTrue();
    JsonNode fix = json.get("fixes").get(0);
    assertThat(fix.get("kind").asText()).isEqualTo("NODE_NAT");
    assertThat(fix.get("scope").asText()).contains(plan.nodeName(1));
    assertThat(fix.get("description").asText()).isNotBlank();
    assertThat(fix.get("nodeFix").get("rules").get(0).get("destination").asText())
        .isEqualTo(plan.dbIp() + "/32");
    assertThat(json.get("nodeFix").get("nodeFixDigest").asText()).startsWith("sha256:");
    assertThat(json.get("nodeFix").has("digest"))
        .as("only the proposed fix has a digest")
        .isFalse();
  }

  @Test
  void theReportNamesTheCauseItsTextTheEvidenceTheNodesAndTheFixes() {
    CliRun run = run(opener(), "orders", "--lab");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("root cause: POD_SOURCE_NOT_MASQUERADED")
        .contains("pod traffic leaves the node with the pod's own address")
        .contains("confidence: ")
        .contains("evidence:")
        .contains(plan.nodeName(2))
        .contains("rule: -d " + plan.dbIp() + "/32 -o eth0 -j MASQUERADE")
        .doesNotContain("digest: sha256:");
  }

  @Test
  void anUnknownTargetExitsTwoNamingTheKnownTargets() {
    CliRun run = run(opener(), "nope", "--lab");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown target 'nope'").contains("orders");
  }

  @Test
  void withoutLabItExitsTwoSayingWhatToAdd() {
    CliRun run = run(opener(), "orders");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--lab");
  }

  @Test
  void aLabThatIsNotRunningExitsTwoWithItsReason() {
    EnvironmentOpener down =
        (name, file) -> {
          throw new UserInputException("lab '" + name + "' is not up");
        };

    CliRun run = run(down, "orders", "--lab", "--lab-name", "pfx1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("lab 'pfx1' is not up");
  }

  @Test
  void aBadTimeoutExitsTwo() {
    CliRun run = run(opener(), "orders", "--lab", "--timeout", "soon");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--timeout");
  }

  @Test
  void diagnoseIsASubcommandOfPeerfix() {
    CliRun run = CliRun.of("diagnose", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("TARGET").contains("--scenario-file").contains("--json");
  }
}
