package io.peerfix.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerfix.diagnosis.AddressPlan;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.Observations;
import io.peerfix.diagnosis.World;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.Hop;
import io.peerfix.vpc.HopFinding;
import io.peerfix.vpc.HopOutcome;
import io.peerfix.vpc.PeeringStatus;
import io.peerfix.vpc.Route;
import io.peerfix.vpc.RouteState;
import io.peerfix.vpc.RouteTargetKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The AWS hop a diagnosis reports, as the JSON renderer's fields and the terminal's line. */
class HopRenderingTest {
  private static final AddressPlan PLAN = AddressPlan.seed();

  private static DiagnosisRun run(World world) {
    world.natTable = "-A POSTROUTING ! -d " + PLAN.podRange() + " -o eth0 -j MASQUERADE";
    Observations observations = world.observations();
    Diagnosis d = Diagnoser.standard().diagnose(observations);
    return new DiagnosisRun(
        d, observations, Instant.parse("2026-12-01T10:00:00Z"), Duration.ZERO, Duration.ZERO);
  }

  private static JsonNode blockingHopJson(DiagnosisRun run) {
    List<JsonNode> hops = new ArrayList<>();
    StreamSupport.stream(DiagnosisJson.tree(run).get("evidence").spliterator(), false)
        .map(e -> e.get("hop"))
        .filter(h -> !h.isNull() && h.get("outcome").asText().equals("BLOCK"))
        .forEach(hops::add);
    assertThat(hops).isNotEmpty();
    return hops.get(0);
  }

  @Test
  void aSecurityGroupBlockIsFieldsInJson() {
    World world = World.of(PLAN).allTimeOut();
    world.securityGroupCidr = PLAN.peerCidr();

    JsonNode hop = blockingHopJson(run(world));

    assertThat(hop.get("hop").asText()).isEqualTo("TARGET_SECURITY_GROUP_IN");
    assertThat(hop.get("direction").asText()).isEqualTo("REQUEST");
    assertThat(hop.get("verdict").asText()).isEqualTo("SECURITY_GROUP_BLOCKS");
    assertThat(hop.get("resourceIds")).extracting(JsonNode::asText).containsExactly("sg-rds");
    assertThat(hop.get("entry").isNull()).as("no rule admits the node").isTrue();
    assertThat(hop.get("addresses").get(1).asText()).isEqualTo(PLAN.dbIp());
  }

  @Test
  void aStatelessAclsDenyIsDecidedByItsCatchAllEntryInJson() {
    JsonNode hop = blockingHopJson(run(World.of(PLAN).allTimeOut().aclForgetsReplies()));

    assertThat(hop.get("hop").asText()).isEqualTo("TARGET_SUBNET_ACL_OUT");
    assertThat(hop.get("direction").asText()).isEqualTo("REPLY");
    assertThat(hop.get("resourceIds")).extracting(JsonNode::asText).containsExactly("acl-db");
    JsonNode entry = hop.get("entry");
    assertThat(entry.get("kind").asText()).isEqualTo("NETWORK_ACL_ENTRY");
    assertThat(entry.get("ruleNumber").asInt()).isEqualTo(32767);
    assertThat(entry.get("direction").asText()).isEqualTo("EGRESS");
    assertThat(entry.get("action").asText()).isEqualTo("DENY");
    assertThat(hop.get("addresses").get(0).asText())
        .as("the reply leaves the database")
        .isEqualTo(PLAN.dbIp());
  }

  @Test
  void aPeeringAwaitingAcceptanceIsDecidedByItsState() {
    World world = World.of(PLAN).allTimeOut();
    world.peering = PeeringStatus.PENDING_ACCEPTANCE;
    DiagnosisRun run = run(world);

    JsonNode hop = blockingHopJson(run);
    assertThat(hop.get("hop").asText()).isEqualTo("PEERING");
    assertThat(hop.get("resourceIds")).extracting(JsonNode::asText).containsExactly("pcx-1");
    assertThat(hop.get("entry").get("kind").asText()).isEqualTo("PEERING_STATE");
    assertThat(hop.get("entry").get("state").asText()).isEqualTo("pending-acceptance");
    assertThat(DiagnosisReport.text(run))
        .contains("\nblocked at: peering connection (pcx-1), by pending-acceptance\n");
  }

  @Test
  void theTerminalReportSaysWhereTheSecurityGroupBlocks() {
    World world = World.of(PLAN).allTimeOut();
    world.securityGroupCidr = PLAN.peerCidr();

    String report = DiagnosisReport.text(run(world));

    assertThat(report)
        .contains(
            "confidence: HIGH (the probes and the model agree)\n"
                + "blocked at: database security groups, inbound (sg-rds)\n\nevidence:\n");
  }

  @Test
  void aHealthyReportHasNoBlockedAtLine() {
    assertThat(DiagnosisReport.text(run(World.of(PLAN)))).doesNotContain("blocked at");
  }

  @Test
  void aRouteEntryIsWrittenAsItsFields() {
    Route route =
        new Route(
            Cidr.parse("10.0.0.0/16"), RouteTargetKind.PEERING, "pcx-1", RouteState.BLACKHOLE);
    HopFinding finding =
        HopFinding.blocking(Hop.ROUTE_TO_PEER, io.peerfix.vpc.PathVerdict.NO_ROUTE_TO_PEER)
            .citing("rtb-k8s", "pcx-1")
            .decidedBy(route)
            .between(Ipv4.parse("172.20.1.10"), Ipv4.parse("10.0.5.20"));
    com.fasterxml.jackson.databind.node.ObjectNode o =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();

    HopJson.write(o, finding);

    assertThat(o.get("outcome").asText()).isEqualTo(HopOutcome.BLOCK.name());
    assertThat(o.get("resourceIds"))
        .extracting(JsonNode::asText)
        .containsExactly("rtb-k8s", "pcx-1");
    JsonNode entry = o.get("entry");
    assertThat(entry.get("kind").asText()).isEqualTo("ROUTE");
    assertThat(entry.get("destinationCidr").asText()).isEqualTo("10.0.0.0/16");
    assertThat(entry.get("targetKind").asText()).isEqualTo("PEERING");
    assertThat(entry.get("targetId").asText()).isEqualTo("pcx-1");
    assertThat(entry.get("state").asText()).isEqualTo("BLACKHOLE");
    assertThat(o.get("addresses"))
        .extracting(JsonNode::asText)
        .containsExactly("172.20.1.10", "10.0.5.20");
  }
}
