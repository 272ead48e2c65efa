package io.peerfix.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwsTestCredentialsTest {
  private final AwsTestCredentials extension = new AwsTestCredentials();

  @AfterEach
  void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void setsTheFakeKeyPairForTheClassAndClearsWhatWasUnsetAfterwards() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");

    extension.beforeAll(null);
    assertThat(System.getProperty("aws.accessKeyId")).isEqualTo(AwsTestCredentials.ACCESS_KEY_ID);
    assertThat(System.getProperty("aws.secretAccessKey"))
        .isEqualTo(AwsTestCredentials.SECRET_ACCESS_KEY);

    extension.afterAll(null);
    assertThat(System.getProperty("aws.accessKeyId")).isNull();
    assertThat(System.getProperty("aws.secretAccessKey")).isNull();
  }

  @Test
  void putsBackAKeyThatWasSetBefore() {
    System.setProperty("aws.accessKeyId", "AKIDSOMEONEELSES");

    extension.beforeAll(null);
    extension.afterAll(null);

    assertThat(System.getProperty("aws.accessKeyId")).isEqualTo("AKIDSOMEONEELSES");
    assertThat(System.getProperty("aws.secretAccessKey")).isNull();
  }
}
