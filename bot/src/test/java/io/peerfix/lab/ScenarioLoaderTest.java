package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.common.UserInputException;
import io.peerfix.diagnosis.RootCause;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioLoaderTest {
  static java.util.List<String> builtIn() {
    return ScenarioCatalog.NAMES;
  }

  private static final String SEED = ScenarioCatalog.text("seed-incident");

  @ParameterizedTest
  @MethodSource("builtIn")
  void everyBuiltInScenarioLoadsUnderItsOwnNameWithADescription(String name) {
    Scenario scenario = ScenarioCatalog.builtIn(name);

    assertThat(scenario.name()).isEqualTo(name);
    assertThat(scenario.description()).isNotBlank();
    assertThat(scenario.expect().rootCause()).isNotNull();
  }

  @Test
  void theSeedScenarioKeepsTheIncidentsAddressPlan() {
    Scenario seed = ScenarioCatalog.builtIn("seed-incident");

    assertThat(seed.cluster().vpc().cidrs()).containsExactly("172.20.0.0/16");
    assertThat(seed.cluster().podCidr()).isEqualTo("10.244.0.0/16");
    assertThat(seed.peer().target().ip()).isEqualTo("10.0.5.20");
    assertThat(seed.peer().peering().active()).isTrue();
    assertThat(seed.expect().rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
  }

  @Test
  void anExpectedDecidingRuleMustBeALineOfTheNatRules() {
    Scenario seed = ScenarioCatalog.builtIn("seed-incident");
    assertThat(seed.expect().decidingRule())
        .isEqualTo("-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE");

    String typo =
        SEED.replace("decidingRule: \"-A POSTROUTING ! -d", "decidingRule: \"-A POSTROUTING -d");
    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", typo))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("my.yaml: expect.decidingRule:")
        .hasMessageContaining("is not a line of cluster.natRules");
  }

  @Test
  void aMissingKeyIsNamedWithItsPathAndTheFile() {
    String yaml = SEED.replace("  routesBack: [172.20.0.0/16]\n", "");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .isInstanceOf(UserInputException.class)
        .hasMessage("my.yaml: peer.routesBack: missing");
  }

  @Test
  void aMisspeltKeyIsRejectedRatherThanIgnored() {
    String yaml = SEED.replace("routesBack:", "routeBack:");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .hasMessageContaining("my.yaml: peer.");
  }

  @Test
  void anUnknownKeyIsNamed() {
    String yaml = SEED.replace("  nodes: 2\n", "  nodes: 2\n  nodez: 3\n");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .hasMessage("my.yaml: cluster.nodez: unknown key");
  }

  @Test
  void aCidrThatIsNotANetworkAddressSuggestsTheNetwork() {
    String yaml = SEED.replace("cidrs: [172.20.0.0/16]", "cidrs: [172.20.1.0/16]");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .hasMessageContaining("cluster.vpc.cidrs[0]")
        .hasMessageContaining("did you mean 172.20.0.0/16");
  }

  @Test
  void anAddressThatIsNotIpv4IsRejected() {
    String yaml = SEED.replace("ip: 10.0.5.20", "ip: 10.0.5.300");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .hasMessageContaining("peer.target.ip: '10.0.5.300' is not an IPv4 address");
  }

  @Test
  void aTargetOutsideThePeerVpcIsRejected() {
    String yaml = SEED.replace("ip: 10.0.5.20", "ip: 10.1.5.20");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .hasMessageContaining("peer.target.ip: 10.1.5.20 is not inside the peer VPC");
  }

  @Test
  void moreNodesThanThePodRangeHoldsAreRejected() {
    String yaml = SEED.replace("podCidr: 10.244.0.0/16", "podCidr: 10.244.0.0/23");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .hasMessageContaining("cluster.nodes: pod range 10.244.0.0/23 holds only 1 node /24s");
  }

  @Test
  void anUnknownRootCauseListsTheKnownOnes() {
    String yaml = SEED.replace("POD_SOURCE_NOT_MASQUERADED", "GREMLINS");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .hasMessageContaining("expect.rootCause: unknown root cause 'GREMLINS'")
        .hasMessageContaining("CIDR_OVERLAP");
  }

  @Test
  void aNatLineThatIsNotInIptablesSaveFormIsRejected() {
    String yaml = SEED.replace("-A POSTROUTING ! -d", "iptables -t nat -A POSTROUTING ! -d");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .hasMessageContaining(
            "my.yaml: cluster.natRules line 1 (line 8 of the scenario file): each line is an"
                + " iptables-save nat line");
  }

  @Test
  void aBadNatLineFurtherDownNamesItsOwnLineOfTheFile() {
    String yaml =
        SEED.replace(
            "    -A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n",
            "    -A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n\n    oops\n");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .hasMessageContaining("cluster.natRules line 3 (line 10 of the scenario file)");
  }

  @Test
  void aScenarioFileMayLeaveOutExpectAndThenExpectsNothing() {
    String yaml = SEED.substring(0, SEED.indexOf("expect:"));

    Scenario scenario = ScenarioLoader.parse("my.yaml", yaml);

    assertThat(scenario.expect().known()).isFalse();
    assertThat(scenario.expect()).isEqualTo(Scenario.Expect.NONE);
  }

  @ParameterizedTest
  @MethodSource("builtIn")
  void everyBuiltInScenarioStatesItsExpectedRootCause(String name) {
    assertThat(ScenarioCatalog.builtIn(name).expect().known()).isTrue();
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> impossiblePlans() {
    return java.util.stream.Stream.of(
        plan(
            "peer VPC equal to the cluster VPC",
            "vpc: {id: vpc-prod, cidrs: [10.0.0.0/16]}",
            "vpc: {id: vpc-prod, cidrs: [172.20.0.0/16]}",
            "peer.vpc.cidrs[0]"),
        plan(
            "peer VPC inside the cluster VPC",
            "vpc: {id: vpc-prod, cidrs: [10.0.0.0/16]}",
            "vpc: {id: vpc-prod, cidrs: [10.0.0.0/16, 172.20.64.0/18]}",
            "peer.vpc.cidrs[1]"),
        plan(
            "two CIDRs of one VPC overlap",
            "vpc: {id: vpc-k8s, cidrs: [172.20.0.0/16]}",
            "vpc: {id: vpc-k8s, cidrs: [172.20.0.0/16, 172.20.128.0/17]}",
            "cluster.vpc.cidrs[1]"),
        plan(
            "pod range equal to the cluster VPC",
            "podCidr: 10.244.0.0/16",
            "podCidr: 172.20.0.0/16",
            "cluster.podCidr"),
        plan(
            "pod range containing the cluster VPC",
            "podCidr: 10.244.0.0/16",
            "podCidr: 172.0.0.0/8",
            "cluster.podCidr"),
        plan(
            "loopback pod range",
            "podCidr: 10.244.0.0/16",
            "podCidr: 127.0.0.0/16",
            "cluster.podCidr"),
        plan("target outside the peer VPC", "ip: 10.0.5.20,", "ip: 10.1.5.20,", "peer.target.ip"),
        plan(
            "target on the peer VPC's network address",
            "ip: 10.0.5.20,",
            "ip: 10.0.0.0,",
            "peer.target.ip"),
        plan(
            "target on the peer VPC's router", "ip: 10.0.5.20,", "ip: 10.0.0.1,", "peer.target.ip"),
        plan(
            "public address inside the peer VPC",
            "publicIp: 203.0.113.20",
            "publicIp: 10.0.9.9",
            "peer.target.publicIp"),
        plan(
            "DNS server on the cluster VPC's router",
            "dns: {answer: private}",
            "dns: {answer: private, serverIp: 172.20.0.1}",
            "dns.serverIp"),
        plan(
            "DNS server outside the cluster VPC",
            "dns: {answer: private}",
            "dns: {answer: private, serverIp: 10.0.0.53}",
            "dns.serverIp"));
  }

  private static org.junit.jupiter.params.provider.Arguments plan(
      String what, String from, String to, String key) {
    return org.junit.jupiter.params.provider.Arguments.of(what, from, to, key);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("impossiblePlans")
  void anAddressPlanTheLabCannotBuildIsBadInputNamingTheKey(
      String what, String from, String to, String key) {
    assertThat(SEED).contains(from);
    String yaml = SEED.replace(from, to);

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith("my.yaml: " + key + ": ");
  }

  @Test
  void aPodRangeOverlappingThePeerVpcIsTheCidrOverlapScenarioAndAllowed() {
    Scenario overlap =
        ScenarioLoader.parse(
            "my.yaml", SEED.replace("podCidr: 10.244.0.0/16", "podCidr: 10.0.0.0/16"));

    assertThat(overlap.cluster().podCidr()).isEqualTo("10.0.0.0/16");
  }

  @Test
  void aPublicDnsAnswerNeedsAPublicAddress() {
    String yaml =
        SEED.replace(", publicIp: 203.0.113.20", "").replace("answer: private", "answer: public");

    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", yaml))
        .hasMessage("my.yaml: peer.target.publicIp: required when dns.answer is public");
  }

  @Test
  void brokenYamlSaysSoWithTheLine() {
    assertThatThrownBy(() -> ScenarioLoader.parse("my.yaml", "name: x\ncluster: [\n"))
        .hasMessageStartingWith("my.yaml: not valid YAML (line");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> ScenarioLoader.fromFile(Path.of("/nonexistent/s.yaml")))
        .hasMessage("scenario file /nonexistent/s.yaml does not exist");
  }

  @Test
  void optionalKeysTakeTheirDefaults() {
    String yaml = SEED.replace("  nodes: 2\n", "").replace("dns: {answer: private}\n", "");

    Scenario scenario = ScenarioLoader.parse("my.yaml", yaml);

    assertThat(scenario.cluster().nodes()).isEqualTo(2);
    assertThat(scenario.dns().answer()).isEqualTo(Scenario.DnsAnswer.PRIVATE);
    assertThat(scenario.dns().serverIp()).isEqualTo("172.20.0.2");
    assertThat(scenario.cluster().firstNodeIp()).isEqualTo("172.20.1.10");
  }

  @Test
  void naclEntriesReadPortRangesAndActions() {
    Scenario nacl = ScenarioCatalog.builtIn("nacl-blocks");

    Scenario.NaclEntry in = nacl.peer().nacl().inbound().get(0);
    assertThat(in.fromPort()).isEqualTo(5432);
    assertThat(in.toPort()).isEqualTo(5432);
    assertThat(in.allows()).isTrue();
  }
}
