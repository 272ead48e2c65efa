package io.peerfix.config;

import java.net.URI;
import java.util.Optional;

/**
 * The {@code aws:} section: the region to read EC2 and RDS in (absent: the SDK's default chain,
 * e.g. {@code AWS_REGION}) and an endpoint to send both services' calls to instead of AWS's own (a
 * VPC endpoint, a proxy, or a test server; {@code http} or {@code https}). Credentials always come
 * from the SDK's default chain, never from this file.
 */
public record AwsConfig(Optional<String> region, Optional<URI> endpoint) {
  static AwsConfig read(ConfigMap root) {
    Optional<ConfigMap> section = root.optionalMap("aws");
    if (section.isEmpty()) {
      return new AwsConfig(Optional.empty(), Optional.empty());
    }
    ConfigMap a = section.get();
    return new AwsConfig(
        a.optional(
            "region",
            text -> {
              if (!TargetConfig.REGION.matcher(text).matches()) {
                throw new IllegalArgumentException(
                    "expected an AWS region such as eu-west-1, got '" + text + "'");
              }
              return text;
            }),
        a.optional("endpoint", AwsConfig::endpoint));
  }

  private static URI endpoint(String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected a URL such as https://ec2.example, got '" + text + "'");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "expected an http:// or https:// URL with a host, got '" + text + "'");
    }
    return uri;
  }
}
