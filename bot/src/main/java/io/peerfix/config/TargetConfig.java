package io.peerfix.config;

import io.peerfix.facts.ProbeProtocol;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One target peerfix diagnoses: a name people type ({@code rds-prod}), the database as an RDS
 * instance identifier (its endpoint and port then come from RDS) or as a host and port, the
 * protocol to check after connecting, and the AWS region when it differs from {@code aws.region}.
 */
public record TargetConfig(
    String name,
    Optional<String> rdsInstanceId,
    Optional<String> host,
    Optional<Integer> port,
    ProbeProtocol protocol,
    Optional<String> region) {
  static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  static final Pattern RDS_ID = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)");
  static final Pattern HOST =
      Pattern.compile(
          "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)"
              + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  public TargetConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    if (rdsInstanceId.isEmpty() && host.isEmpty()) {
      throw new IllegalArgumentException("a target needs an RDS instance id or a host");
    }
  }

  static TargetConfig read(ConfigMap t) {
    String name =
        t.required(
            "name",
            text -> matching(text, NAME, "lower-case letters, digits and '-' (e.g. rds-prod)"));
    Optional<String> rds =
        t.optional(
            "rds",
            text ->
                matching(
                    text,
                    RDS_ID,
                    "an RDS instance identifier: a letter, then letters, digits and single '-'"));
    Optional<String> host =
        t.optional("host", text -> matching(text, HOST, "a host name or an IPv4 address"));
    Optional<Integer> port = t.optionalInt("port", 1, 65535);
    Optional<ProbeProtocol> protocol = t.optionalEnum("protocol", ProbeProtocol.class);
    Optional<String> region =
        t.optional("region", text -> matching(text, REGION, "an AWS region such as eu-west-1"));
    if (rds.isPresent() && host.isPresent()) {
      throw t.error("host", "give either rds: (an RDS instance id) or host: and port:, not both");
    }
    if (rds.isEmpty() && host.isEmpty()) {
      throw t.error("missing the database; add rds: INSTANCE-ID, or host: and port:");
    }
    ProbeProtocol chosen =
        protocol.orElseGet(
            () ->
                port.map(
                        p ->
                            p == 5432
                                ? ProbeProtocol.POSTGRES
                                : p == 3306 ? ProbeProtocol.MYSQL : ProbeProtocol.TCP)
                    .orElse(ProbeProtocol.TCP));
    if (host.isPresent() && port.isEmpty() && defaultPort(chosen).isEmpty()) {
      throw t.error("port", "missing; add port: (the database's port) for host " + host.get());
    }
    return new TargetConfig(
        name, rds, host, port.or(() -> host.flatMap(h -> defaultPort(chosen))), chosen, region);
  }

  /** The protocol's usual port, when it has one. */
  static Optional<Integer> defaultPort(ProbeProtocol protocol) {
    return switch (protocol) {
      case POSTGRES -> Optional.of(5432);
      case MYSQL -> Optional.of(3306);
      default -> Optional.empty();
    };
  }

  static String matching(String text, Pattern pattern, String expected) {
    if (!pattern.matcher(text).matches()) {
      throw new IllegalArgumentException("expected " + expected + ", got '" + text + "'");
    }
    return text;
  }
}
