package io.peerfix.config;

import java.time.Duration;

/**
 * The {@code approvalTtl:} key: how long a proposed fix waits for approval before it expires and
 * the diagnosis must be run again (default 30m; from 1m to 1d).
 */
public record ApprovalTtlConfig(Duration ttl) {
  public static final Duration DEFAULT = Duration.ofMinutes(30);
  static final Duration MIN = Duration.ofMinutes(1);
  static final Duration MAX = Duration.ofDays(1);

  static ApprovalTtlConfig read(ConfigMap root) {
    Duration ttl = root.optionalDuration("approvalTtl").orElse(DEFAULT);
    if (ttl.compareTo(MIN) < 0 || ttl.compareTo(MAX) > 0) {
      throw root.error(
          "approvalTtl",
          "expected 1m to 1d (e.g. 30m), got " + root.optionalString("approvalTtl").orElse(""));
    }
    return new ApprovalTtlConfig(ttl);
  }
}
