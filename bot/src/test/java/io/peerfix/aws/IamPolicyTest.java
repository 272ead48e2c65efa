package io.peerfix.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerfix.vpc.AwsResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * infra/aws/iam-policy.json grants exactly the read-only actions the reader calls, nothing more.
 */
class IamPolicyTest {

  @Test
  void thePolicyAllowsExactlyTheActionsTheReaderUses() throws IOException {
    JsonNode policy = new ObjectMapper().readTree(Files.readString(policyFile()));
    List<String> allowed = new ArrayList<>();
    policy.get("Statement").forEach(s -> s.get("Action").forEach(a -> allowed.add(a.asText())));

    assertThat(allowed)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(AwsResource.values()).map(AwsResource::iamAction).toList());
    assertThat(allowed).allMatch(a -> a.matches("(ec2|rds):Describe\\w+"));
  }

  private static Path policyFile() {
    Path fromModule = Path.of("..", "infra", "aws", "iam-policy.json");
    return Files.exists(fromModule) ? fromModule : Path.of("infra", "aws", "iam-policy.json");
  }
}
