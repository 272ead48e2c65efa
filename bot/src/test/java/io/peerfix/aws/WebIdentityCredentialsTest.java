package io.peerfix.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.peerfix.vpc.AwsNetwork;
import io.peerfix.vpc.AwsQuery;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * IRSA on EKS: the pod has a projected service-account token and a role ARN (EKS sets {@code
 * AWS_WEB_IDENTITY_TOKEN_FILE} and {@code AWS_ROLE_ARN}; the same settings as system properties
 * here) and no keys. The SDK's default chain must exchange the token at STS and sign the EC2 and
 * RDS calls with the credentials STS returned. STS, EC2 and RDS are WireMock on loopback speaking
 * the real query protocol.
 */
class WebIdentityCredentialsTest {
  private static final String ROLE = "arn:aws:iam::111111111111:role/peerfix-reader";
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.service-account-token.signature";

  /** Every setting the default chain could take credentials or endpoints from instead. */
  private static final List<String> CLEARED =
      List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken", "aws.profile");

  @RegisterExtension
  static WireMockExtension aws =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @TempDir Path dir;

  private Map<String, String> saved;

  @BeforeEach
  void podWithAServiceAccountTokenAndARole() throws Exception {
    saved = new java.util.HashMap<>();
    for (String key :
        List.of(
            "aws.webIdentityTokenFile",
            "aws.roleArn",
            "aws.roleSessionName",
            "aws.endpointUrlSts",
            "aws.region",
            "aws.accessKeyId",
            "aws.secretAccessKey",
            "aws.sessionToken",
            "aws.profile")) {
      saved.put(key, System.getProperty(key));
    }
    CLEARED.forEach(System::clearProperty);
    Path token = Files.writeString(dir.resolve("token"), TOKEN);
    System.setProperty("aws.webIdentityTokenFile", token.toString());
    System.setProperty("aws.roleArn", ROLE);
    System.setProperty("aws.roleSessionName", "peerfix-irsa");
    System.setProperty("aws.endpointUrlSts", aws.baseUrl());
    System.setProperty("aws.region", "us-east-1");
    AwsStubs.seedAccount(aws);
    AwsStubs.stub(
        aws,
        AwsStubs.action("AssumeRoleWithWebIdentity"),
        AwsStubs.ok("sts/assume-role-with-web-identity.xml"));
  }

  @AfterEach
  void restore() {
    saved.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  @Test
  void theDefaultChainSignsEc2CallsWithTheCredentialsStsReturnedForTheToken() {
    AwsNetwork network;
    try (AwsSdkNetworkReader reader =
        AwsClients.reader(Optional.of("us-east-1"), Optional.of(URI.create(aws.baseUrl())))) {
      network = reader.read(AwsQuery.byIdentifier(AwsStubs.CLUSTER_VPC, "orders-db"));
    }

    assertThat(network.warnings()).isEmpty();
    assertThat(network.findDatabase()).isPresent();
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=AssumeRoleWithWebIdentity&"))
            .withRequestBody(containing("RoleArn=" + ROLE.replace(":", "%3A").replace("/", "%2F")))
            .withRequestBody(containing("WebIdentityToken=" + TOKEN)));
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeVpcs&"))
            .withHeader("Authorization", matching(".*Credential=ASIAFROMSTSEXAMPLE/.*"))
            .withHeader("X-Amz-Security-Token", equalTo("session-token-from-sts")));
  }
}
