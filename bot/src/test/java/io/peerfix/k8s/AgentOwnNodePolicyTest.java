package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicySpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fixstore.KubernetesFixStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The admission policy's CEL expressions, evaluated (with cel-java, the language's reference
 * implementation for Java) on the admission requests the API server would send: an agent may write
 * its own node's NodeNetworkFacts and NodeFixStatuses and nothing else. Kubernetes' own CEL library
 * extensions are not used by the policy, so standard CEL evaluates it as the API server does.
 */
@EnableKubernetesMockClient(crud = true)
class AgentOwnNodePolicyTest {
  // One mock API server for the class: only the tests of what the store writes use it.
  static KubernetesClient client;

  static {
    QuietMockServer.quiet();
  }

  private static final String AGENT = "system:serviceaccount:peerfix-agent:peerfix-agent";
  private static final String NODE_CLAIM = "authentication.kubernetes.io/node-name";
  private static final String FACTS = "nodenetworkfacts";
  private static final String STATUSES = "nodefixstatuses";
  private static final ValidatingAdmissionPolicySpec POLICY =
      RenderedManifests.named(
              RenderedManifests.INFRA.resolve("base"),
              ValidatingAdmissionPolicy.class,
              "peerfix-agent-own-node")
          .getSpec();
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("request", SimpleType.DYN)
          .addVar("object", SimpleType.DYN)
          .addVar("oldObject", SimpleType.DYN)
          .addVar("variables", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  /** The policy's answer: empty when admitted (or not applicable), else the denial message. */
  static Optional<String> admit(
      String user, List<String> nodeClaim, String operation, Map<String, Object> object)
      throws Exception {
    return admit(user, nodeClaim, operation, FACTS, object);
  }

  /** As above, for an object of {@code resource} (the plural the request names). */
  static Optional<String> admit(
      String user,
      List<String> nodeClaim,
      String operation,
      String resource,
      Map<String, Object> object)
      throws Exception {
    Map<String, Object> userInfo = new HashMap<>();
    userInfo.put("username", user);
    userInfo.put(
        "extra",
        nodeClaim == null ? Map.of() : Map.of(NODE_CLAIM, ImmutableList.copyOf(nodeClaim)));
    Map<String, Object> vars = new HashMap<>();
    vars.put(
        "request",
        Map.of(
            "operation",
            operation,
            "userInfo",
            userInfo,
            "resource",
            Map.of("group", "peerfix.io", "version", "v1alpha1", "resource", resource)));
    boolean delete = operation.equals("DELETE");
    vars.put("object", delete ? com.google.protobuf.NullValue.NULL_VALUE : object);
    vars.put("oldObject", delete ? object : com.google.protobuf.NullValue.NULL_VALUE);
    Map<String, Object> variables = new LinkedHashMap<>();
    vars.put("variables", variables);

    for (var condition : POLICY.getMatchConditions()) {
      if (!Boolean.TRUE.equals(eval(condition.getExpression(), vars))) {
        return Optional.empty();
      }
    }
    for (Variable v : POLICY.getVariables()) {
      variables.put(v.getName(), eval(v.getExpression(), vars));
    }
    for (Validation v : POLICY.getValidations()) {
      if (!Boolean.TRUE.equals(eval(v.getExpression(), vars))) {
        return Optional.of(
            v.getMessageExpression() != null
                ? String.valueOf(eval(v.getMessageExpression(), vars))
                : v.getMessage());
      }
    }
    return Optional.empty();
  }

  private static Object eval(String expression, Map<String, Object> vars)
      throws CelValidationException, CelEvaluationException {
    CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
    return RUNTIME.createProgram(ast).eval(vars);
  }

  static Map<String, Object> facts(String name, String nodeName) {
    return Map.of(
        "metadata", Map.of("name", name, "namespace", "peerfix-agent"),
        "spec", Map.of("nodeName", nodeName));
  }

  /** A NodeFixStatus as the agent writes it: named FIX.NODE, about {@code node}. */
  static Map<String, Object> status(String name, String fix, String node) {
    return Map.of(
        "metadata", Map.of("name", name, "namespace", "peerfix-agent"),
        "spec", Map.of("fix", fix, "node", node, "state", "APPLIED"));
  }

  @Test
  void anAgentMayWriteItsOwnNodesFacts() throws Exception {
    assertThat(admit(AGENT, List.of("node-a"), "CREATE", facts("node-a", "node-a"))).isEmpty();
    assertThat(admit(AGENT, List.of("node-a"), "UPDATE", facts("node-a", "node-a"))).isEmpty();
  }

  @Test
  void anAgentMayNotWriteAnotherNodesFactsAndIsToldWhichNodeItIsOn() throws Exception {
    assertThat(admit(AGENT, List.of("node-a"), "UPDATE", facts("node-b", "node-b")))
        .hasValueSatisfying(m -> assertThat(m).contains("runs on node node-a").contains("node-b"));
  }

  @Test
  void anObjectNamedAfterItsNodeButAboutAnotherIsRefused() throws Exception {
    assertThat(admit(AGENT, List.of("node-a"), "CREATE", facts("node-a", "node-b"))).isPresent();
  }

  @Test
  void anAgentMayNotDeleteAnotherNodesFacts() throws Exception {
    assertThat(admit(AGENT, List.of("node-a"), "DELETE", facts("node-b", "node-b"))).isPresent();
  }

  @Test
  void aTokenWithoutTheNodeClaimWritesNothing() throws Exception {
    assertThat(admit(AGENT, null, "CREATE", facts("node-a", "node-a")))
        .hasValueSatisfying(m -> assertThat(m).contains("no node claim"));
  }

  @Test
  void otherUsersAreLeftToRbac() throws Exception {
    assertThat(
            admit(
                "system:serviceaccount:peerfix-bot:peerfix-bot",
                null,
                "UPDATE",
                facts("node-b", "node-b")))
        .isEmpty();
  }

  @Test
  void anAgentMayCreateAndPatchItsOwnNodesFixStatus() throws Exception {
    Map<String, Object> own = status("fix-1a2b.node-a", "fix-1a2b", "node-a");
    assertThat(admit(AGENT, List.of("node-a"), "CREATE", STATUSES, own)).isEmpty();
    assertThat(admit(AGENT, List.of("node-a"), "UPDATE", STATUSES, own)).isEmpty();
  }

  @Test
  void anAgentMayNotWriteAnotherNodesFixStatus() throws Exception {
    assertThat(
            admit(
                AGENT,
                List.of("node-a"),
                "UPDATE",
                STATUSES,
                status("fix-1a2b.node-b", "fix-1a2b", "node-b")))
        .hasValueSatisfying(
            m -> assertThat(m).contains("runs on node node-a").contains("about node node-b"));
  }

  @Test
  void aStatusAboutItsNodeUnderAnotherNodesNameIsRefused() throws Exception {
    assertThat(
            admit(
                AGENT,
                List.of("node-a"),
                "CREATE",
                STATUSES,
                status("fix-1a2b.node-b", "fix-1a2b", "node-a")))
        .isPresent();
  }

  @Test
  void aStatusNamedAfterItsNodeButAboutAnotherIsRefused() throws Exception {
    assertThat(
            admit(
                AGENT,
                List.of("node-a"),
                "CREATE",
                STATUSES,
                status("fix-1a2b.node-a", "fix-1a2b", "node-b")))
        .isPresent();
  }

  @Test
  void aStatusNamedForAnotherFixIsRefused() throws Exception {
    assertThat(
            admit(
                AGENT,
                List.of("node-a"),
                "CREATE",
                STATUSES,
                status("fix-9999.node-a", "fix-1a2b", "node-a")))
        .isPresent();
  }

  @Test
  void aStatusWithoutItsNodeOrFixIsRefused() throws Exception {
    Map<String, Object> noSpec = Map.of("metadata", Map.of("name", "fix-1a2b.node-a"));
    Map<String, Object> noFix =
        Map.of("metadata", Map.of("name", "fix-1a2b.node-a"), "spec", Map.of("node", "node-a"));
    assertThat(admit(AGENT, List.of("node-a"), "CREATE", STATUSES, noSpec))
        .hasValueSatisfying(m -> assertThat(m).contains("about node (none)"));
    assertThat(admit(AGENT, List.of("node-a"), "CREATE", STATUSES, noFix)).isPresent();
  }

  @Test
  void anAgentMayNotDeleteAnotherNodesFixStatus() throws Exception {
    assertThat(
            admit(
                AGENT,
                List.of("node-a"),
                "DELETE",
                STATUSES,
                status("fix-1a2b.node-b", "fix-1a2b", "node-b")))
        .isPresent();
  }

  /** The NodeFixStatus object the agent's store creates for {@code node}, as the API sees it. */
  private static Map<String, Object> writtenByTheStore(String node) {
    KubernetesFixStore store = new KubernetesFixStore(client, "peerfix-agent", Optional.empty());
    store.putNodeStatus(
        new NodeStatus(
            "fix-1a2b",
            node,
            NodeFixState.APPLIED,
            "sha256:" + "0".repeat(64),
            Optional.of("-A PEERFIX-POSTROUTING -d 10.0.5.20/32 -o eth0 -j MASQUERADE"),
            "peerfix",
            "",
            0,
            Instant.parse("2026-12-01T10:00:00Z")));
    GenericKubernetesResource written =
        client
            .genericKubernetesResources(KubernetesFixStore.STATUSES)
            .inNamespace("peerfix-agent")
            .list()
            .getItems()
            .stream()
            .filter(
                r -> node.equals(((Map<?, ?>) r.getAdditionalProperties().get("spec")).get("node")))
            .findFirst()
            .orElseThrow();
    return new ObjectMapper().convertValue(written, new TypeReference<>() {});
  }

  @Test
  void theStatusTheAgentsStoreWritesIsAdmittedForItsNodeOnly() throws Exception {
    Map<String, Object> written = writtenByTheStore("node-a");
    assertThat(admit(AGENT, List.of("node-a"), "CREATE", STATUSES, written)).isEmpty();
    assertThat(admit(AGENT, List.of("node-b"), "CREATE", STATUSES, written)).isPresent();
  }

  @Test
  void aNodeNameTooLongForFixDotNodeIsJudgedBySpecNode() throws Exception {
    String longNode = "n".repeat(240);
    Map<String, Object> written = writtenByTheStore(longNode);
    assertThat(((Map<?, ?>) written.get("metadata")).get("name").toString())
        .hasSizeLessThanOrEqualTo(253)
        .startsWith("fix-1a2b.");
    assertThat(admit(AGENT, List.of(longNode), "CREATE", STATUSES, written)).isEmpty();
    assertThat(admit(AGENT, List.of("node-a"), "CREATE", STATUSES, written)).isPresent();
  }

  @Test
  void otherUsersWritingStatusesAreLeftToRbac() throws Exception {
    assertThat(
            admit(
                "system:serviceaccount:peerfix-bot:peerfix-bot",
                null,
                "UPDATE",
                STATUSES,
                status("fix-1a2b.node-b", "fix-1a2b", "node-b")))
        .isEmpty();
  }
}
