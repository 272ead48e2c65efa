package io.peerfix.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives the AWS SDK's default credential chain a fake key pair for the tests of one class (through
 * the {@code aws.accessKeyId} and {@code aws.secretAccessKey} system properties, the first link of
 * the chain), so a command under test signs its WireMock-served EC2 and RDS calls without any real
 * credentials, and puts back whatever the properties held before once the class is done.
 *
 * <p>Use with {@code @ExtendWith(AwsTestCredentials.class)} on a test class.
 */
public final class AwsTestCredentials implements BeforeAllCallback, AfterAllCallback {
  public static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
  public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/EXAMPLEKEY";

  private static final Map<String, String> FAKE =
      Map.of("aws.accessKeyId", ACCESS_KEY_ID, "aws.secretAccessKey", SECRET_ACCESS_KEY);

  // Null values stand for "was not set", so the map must accept them.
  private final Map<String, String> before = new LinkedHashMap<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    FAKE.forEach(
        (key, value) -> {
          before.put(key, System.getProperty(key));
          System.setProperty(key, value);
        });
  }

  @Override
  public void afterAll(ExtensionContext context) {
    before.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
    before.clear();
  }
}
