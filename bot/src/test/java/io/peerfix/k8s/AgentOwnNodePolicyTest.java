package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicySpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The admission policy's CEL expressions, evaluated (with cel-java, the language's reference
 * implementation for Java) on the admission requests the API server would send: an agent may write
 * its own node's NodeNetworkFacts and nothing else. Kubernetes' own CEL library extensions are not
 * used by the policy, so standard CEL evaluates it as the API server does.
 */
class AgentOwnNodePolicyTest {
  private static final String AGENT = "system:serviceaccount:peerfix-agent:peerfix-agent";
  private static final String NODE_CLAIM = "authentication.kubernetes.io/node-name";
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
    Map<String, Object> userInfo = new HashMap<>();
    userInfo.put("username", user);
    userInfo.put(
        "extra",
        nodeClaim == null ? Map.of() : Map.of(NODE_CLAIM, ImmutableList.copyOf(nodeClaim)));
    Map<String, Object> vars = new HashMap<>();
    vars.put("request", Map.of("operation", operation, "userInfo", userInfo));
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
}
