package io.peerfix.vpc;

import java.util.Locale;

/** The state of a VPC peering connection, as EC2 reports it in {@code status.code}. */
public enum PeeringStatus implements HopEntry {
  INITIATING_REQUEST("initiating-request"),
  PENDING_ACCEPTANCE("pending-acceptance"),
  PROVISIONING("provisioning"),
  ACTIVE("active"),
  DELETING("deleting"),
  DELETED("deleted"),
  REJECTED("rejected"),
  FAILED("failed"),
  EXPIRED("expired"),
  UNKNOWN("unknown");

  private final String code;

  PeeringStatus(String code) {
    this.code = code;
  }

  @Override
  public Kind entryKind() {
    return Kind.PEERING_STATE;
  }

  /** The EC2 status code, as {@link #code()}. */
  @Override
  public String text() {
    return code;
  }

  /** The EC2 status code, e.g. {@code pending-acceptance}. */
  public String code() {
    return code;
  }

  /** The status for an EC2 status code (case-insensitive); {@link #UNKNOWN} for anything else. */
  public static PeeringStatus fromCode(String code) {
    if (code == null) {
      return UNKNOWN;
    }
    String wanted = code.trim().toLowerCase(Locale.ROOT);
    for (PeeringStatus status : values()) {
      if (status.code.equals(wanted)) {
        return status;
      }
    }
    return UNKNOWN;
  }
}
