package io.peerfix.facts;

/** How a name lookup ended. */
public enum DnsStatus {
  /** The name resolved to at least one address. */
  RESOLVED,
  /** The resolver said the name does not exist. */
  NXDOMAIN,
  /** The lookup failed for another reason (no resolver answered, timeout, ...). */
  FAILED,
  /** The host was already an address; no lookup was needed. */
  LITERAL
}
