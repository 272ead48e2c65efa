package io.peerfix.orchestration;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.peerfix.aws.AwsStubs.CLUSTER_VPC;
import static io.peerfix.aws.AwsStubs.DB_GROUP;
import static io.peerfix.aws.AwsStubs.DB_HOST;
import static io.peerfix.aws.AwsStubs.action;
import static io.peerfix.aws.AwsStubs.ok;
import static io.peerfix.aws.AwsStubs.xml;
import static io.peerfix.facts.FactsFixtures.NatConfig.KUBENET_10_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.aws.AwsClients;
import io.peerfix.aws.AwsStubs;
import io.peerfix.diagnosis.Confidence;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.diagnosis.EvidenceKind;
import io.peerfix.diagnosis.Fix;
import io.peerfix.diagnosis.FixKind;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.diagnosis.ProbeView;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.DnsLookup;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.FactsFixtures;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.facts.ProtocolCheck;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.k8s.FakeKubelet;
import io.peerfix.k8s.KubernetesNodeDirectoryTest;
import io.peerfix.k8s.NodeNetworkFactsPublisher;
import io.peerfix.k8s.NodeNetworkFactsSpec;
import io.peerfix.nat.RuleRef;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.probe.ProbeJson;
import io.peerfix.vpc.AwsQuery;
import io.peerfix.vpc.Hop;
import io.peerfix.vpc.HopFinding;
import io.peerfix.vpc.HopOutcome;
import io.peerfix.vpc.PathVerdict;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

/**
 * A whole diagnosis through the cluster ports ({@link ClusterPorts}): the nodes, their agents'
 * NodeNetworkFacts and probe pods in the fabric8 mock server (CRUD mode, with a fake kubelet that
 * completes each probe pod with a result in its termination message), and EC2/RDS answered by
 * WireMock from the seed-incident account's XML. Both servers listen on loopback only.
 *
 * <p>The cluster: two nodes with kubelet's old rule {@code ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE}
 * in the node subnet 172.20.1.0/24, pods in 10.244.200.0/24 and 10.244.201.0/24; the database
 * orders-db at 10.0.5.20:5432 in the peered VPC 10.0.0.0/16.
 */
@EnableKubernetesMockClient(crud = true)
public class ClusterDiagnosisIT {
  /** Not the manifests' namespaces: proves each setting reaches its adapter. */
  public static final String NS = "peerfix-test-probes";

  public static final String AGENT_NS = "peerfix-test-agent";

  private static final String IMAGE = "ghcr.io/peerfix/peerfix:0.1.0";
  private static final Instant NOW = Instant.parse("2026-11-24T21:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final Ipv4 DB_IP = Ipv4.parse("10.0.5.20");
  private static final String KUBELET_RULE = "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE";
  private static final DiagnosisTarget TARGET =
      new DiagnosisTarget("orders-db", DB_HOST, 5432, ProbeProtocol.POSTGRES);
  private static final ProbeRequest PROBE =
      new ProbeRequest(DB_HOST, 5432, ProbeProtocol.POSTGRES, PROBE_TIMEOUT.toMillis());

  /** FactsFixtures' nodes 200 and 201: 172.20.1.10 and 172.20.1.11, in the node subnet. */
  private static final List<Integer> NODES = List.of(200, 201);

  @RegisterExtension
  static WireMockExtension aws =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  KubernetesClient client;

  @BeforeEach
  void seedAccount() {
    AwsStubs.seedAccount(aws);
  }

  // The seed incident: pods time out, nodes connect, AWS carries only the cluster VPC's range.

  @Test
  void theSeedIncidentIsAPodSourceNotMasqueradedByKubeletsRule() {
    Diagnosis d = diagnoseCluster(true);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(d.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.rule().map(RuleRef::text)).contains(KUBELET_RULE);
              assertThat(e.addresses()).contains(DB_IP);
            })
        .anySatisfy(
            e -> {
              assertThat(e.hop().map(HopFinding::hop)).contains(Hop.SOURCE_CARRIED_BY_PEERING);
              assertThat(e.hop().orElseThrow().resourceIds())
                  .containsExactly("pcx-0cc3333333333333c");
            });
  }

  @Test
  void theSeedIncidentsFirstFixMasqueradesTheDatabaseAddressOnBothNodes() {
    Diagnosis d = diagnoseCluster(true);

    assertThat(d.fixes().get(0).kind()).isEqualTo(FixKind.NODE_NAT);
    NodeFix fix = d.nodeFix().orElseThrow();
    assertThat(fix.rules()).containsExactly(NatRule.masquerade(Cidr.parse(DB_IP + "/32"), "eth0"));
    assertThat(fix.nodes()).containsExactlyInAnyOrder(nodeName(200), nodeName(201));
  }

  @Test
  void theSeedIncidentGivesEachNodeItsVerdictFromItsOwnPodAndHostProbes() {
    Diagnosis d = diagnoseCluster(true);

    assertThat(d.nodes())
        .extracting(NodeVerdict::node)
        .containsExactlyInAnyOrder(nodeName(200), nodeName(201));
    assertThat(d.nodes())
        .allSatisfy(
            n -> {
              int i = indexOf(n.node());
              assertThat(n.podProbe()).isEqualTo(ProbeView.TIMED_OUT);
              assertThat(n.podProbeNode()).isEqualTo(n.node());
              assertThat(n.hostProbe()).isEqualTo(ProbeView.CONNECTED);
              assertThat(n.podSource()).contains(Ipv4.parse(podIp(i)));
              assertThat(n.sourceAfterNat()).contains(Ipv4.parse(podIp(i)));
              assertThat(n.podPath()).isEqualTo(PathVerdict.SOURCE_NOT_CARRIED_BY_PEERING);
              assertThat(n.hostPath()).isEqualTo(PathVerdict.REACHABLE);
              // kube-proxy's KUBE-POSTROUTING mark RETURN comes first but decides nothing here.
              assertThat(n.natDecidingRule())
                  .isEqualTo("-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE");
            });
  }

  @Test
  void aProbePodRanOnEachNodeAndNoneIsLeftBehind() {
    try (FakeKubelet kubelet = cluster(true)) {
      run();

      assertThat(kubelet.created())
          .extracting(p -> p.getSpec().getNodeName())
          .containsExactlyInAnyOrder(nodeName(200), nodeName(201));
      assertThat(kubelet.created())
          .allSatisfy(
              p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE));
      assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
    }
  }

  // The AWS side is the cause: the database's group admits only an old cluster's range.

  @Test
  void aSecurityGroupThatDoesNotAdmitTheNodesIsTheCauseWhenPodsAndNodesTimeOut() {
    aws.stubFor(
        action("DescribeSecurityGroups")
            .withRequestBody(WireMock.containing(DB_GROUP))
            .atPriority(1)
            .willReturn(ok("ec2/describe-security-groups-old-cluster-range.xml")));

    Diagnosis d = diagnoseCluster(false);

    assertThat(d.rootCause()).isEqualTo(RootCause.SECURITY_GROUP_BLOCKS);
    assertThat(d.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.hop().map(HopFinding::hop)).contains(Hop.TARGET_SECURITY_GROUP_IN);
              assertThat(e.hop().orElseThrow().outcome()).isEqualTo(HopOutcome.BLOCK);
              assertThat(e.hop().orElseThrow().resourceIds()).containsExactly(DB_GROUP);
            });
    assertThat(d.nodes())
        .allSatisfy(n -> assertThat(n.hostPath()).isEqualTo(PathVerdict.SECURITY_GROUP_BLOCKS));
    Fix first = d.fixes().get(0);
    assertThat(first.kind()).isEqualTo(FixKind.AWS);
    assertThat(first.command())
        .containsExactly(
            "aws",
            "ec2",
            "authorize-security-group-ingress",
            "--group-id",
            DB_GROUP,
            "--protocol",
            "tcp",
            "--port",
            "5432",
            "--cidr",
            "172.20.0.0/16");
  }

  // AWS denies one describe call: the diagnosis still answers and names the IAM action.

  @Test
  void aDeniedEc2CallStillGivesTheAnswerAndItsFixWithAGapNamingTheMissingIamAction() {
    aws.stubFor(
        action("DescribeRouteTables")
            .atPriority(1)
            .willReturn(xml(403, "ec2/error-unauthorized.xml")));

    Diagnosis d = diagnoseCluster(true);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(d.fixes().get(0).kind()).isEqualTo(FixKind.NODE_NAT);
    assertThat(d.evidence(EvidenceKind.GAP))
        .anySatisfy(e -> assertThat(e.headline()).contains("ec2:DescribeRouteTables"));
  }

  /** Builds the cluster, runs one diagnosis, and returns it. */
  private Diagnosis diagnoseCluster(boolean nodesConnect) {
    try (FakeKubelet kubelet = cluster(nodesConnect)) {
      return run().diagnosis();
    }
  }

  private DiagnosisRun run() {
    DiagnosisPorts ports =
        ClusterPorts.of(
            client,
            AwsClients.readerFor(
                URI.create(aws.baseUrl()),
                Region.US_EAST_1,
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/EXAMPLEKEY"),
            ClusterPorts.Settings.defaults(NS, AGENT_NS, IMAGE),
            CLOCK);
    return new DiagnosisRunner(ports, Diagnoser.standard(), 8, Clock.systemUTC())
        .run(
            new DiagnosisRequest(
                TARGET, PROBE_TIMEOUT, AwsQuery.byEndpoint(CLUSTER_VPC, DB_HOST), null));
  }

  /**
   * Registers the nodes, publishes each agent's facts with its host probe (connected, or timed
   * out), and starts a kubelet whose probe pods time out from the pod's address.
   */
  private FakeKubelet cluster(boolean nodesConnect) {
    return cluster(client, NS, AGENT_NS, nodesConnect);
  }

  /** As below with the agents' facts and the probe pods in the one namespace {@code ns}. */
  public static FakeKubelet cluster(KubernetesClient client, String ns, boolean nodesConnect) {
    return cluster(client, ns, ns, nodesConnect);
  }

  /**
   * The cluster of these tests in {@code client}'s server: the agents' facts in {@code agentNs},
   * the probe pods in {@code probeNs}.
   */
  public static FakeKubelet cluster(
      KubernetesClient client, String probeNs, String agentNs, boolean nodesConnect) {
    NodeNetworkFactsPublisher agents = new NodeNetworkFactsPublisher(client, agentNs);
    for (int i : NODES) {
      client
          .nodes()
          .resource(
              KubernetesNodeDirectoryTest.node(
                  nodeName(i), FactsFixtures.nodeIp(i), FactsFixtures.podCidr(i), Map.of()))
          .create();
      ProbeResult host =
          nodesConnect
              ? connected("host", FactsFixtures.nodeIp(i))
              : timedOut("host", FactsFixtures.nodeIp(i));
      agents.publish(
          new NodeNetworkFactsSpec(
              nodeName(i), NOW, FactsFixtures.facts(i, KUBENET_10_8), List.of(host)),
          null);
    }
    return new FakeKubelet(client, probeNs, podProbesTimeOut());
  }

  /** The probe in each pod resolves the database and times out from the pod's own address. */
  private static Function<Pod, PodStatus> podProbesTimeOut() {
    return pod -> {
      int i = indexOf(pod.getSpec().getNodeName());
      return FakeKubelet.terminatesWith(ProbeJson.write(timedOut("pod", podIp(i))), 1).apply(pod);
    };
  }

  private static ProbeResult connected(String origin, String sourceText) {
    Ipv4 source = Ipv4.parse(sourceText);
    return new ProbeResult(
        origin,
        PROBE,
        source,
        resolved(),
        List.of(new ConnectAttempt(DB_IP, 5432, ConnectOutcome.CONNECTED, 3, source, null)),
        new ProtocolCheck(ProbeProtocol.POSTGRES, true, "SSLRequest answered 'S'"),
        true,
        9,
        null);
  }

  private static ProbeResult timedOut(String origin, String sourceText) {
    Ipv4 source = Ipv4.parse(sourceText);
    return new ProbeResult(
        origin,
        PROBE,
        source,
        resolved(),
        List.of(
            new ConnectAttempt(
                DB_IP, 5432, ConnectOutcome.TIMED_OUT, PROBE_TIMEOUT.toMillis(), source, null)),
        null,
        false,
        PROBE_TIMEOUT.toMillis() + 4,
        "connect to " + DB_IP + ":5432 timed out");
  }

  private static DnsLookup resolved() {
    return new DnsLookup(DB_HOST, DnsStatus.RESOLVED, List.of(DB_IP), 3, null);
  }

  private static String nodeName(int i) {
    return FactsFixtures.nodeName(i);
  }

  /** The pod's address: .5 in node {@code i}'s pod range. */
  private static String podIp(int i) {
    return FactsFixtures.podCidr(i).replace(".0/24", ".5");
  }

  private static int indexOf(String nodeName) {
    return NODES.stream().filter(i -> nodeName(i).equals(nodeName)).findFirst().orElseThrow();
  }
}
