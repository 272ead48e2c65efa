package io.peerfix.probe;

import io.peerfix.facts.DnsStatus;

/**
 * Tells "the name does not exist" from other lookup failures.
 *
 * <p>Java reports every failed lookup as {@link java.net.UnknownHostException}; its message carries
 * the C library's {@code gai_strerror} text, which is the only place the difference survives. glibc
 * says "Name or service not known" for EAI_NONAME (the resolver's NXDOMAIN) and musl says "Name
 * does not resolve"; anything else (EAI_AGAIN "Temporary failure in name resolution", no server
 * answering, EAI_NODATA "No address associated with hostname") is a failure, not proof that the
 * name is absent.
 */
final class DnsErrors {
  private DnsErrors() {}

  static DnsStatus classify(String message) {
    String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("name or service not known") || m.contains("name does not resolve")) {
      return DnsStatus.NXDOMAIN;
    }
    return DnsStatus.FAILED;
  }

  /** The part of the exception message after the host name, which Java puts first. */
  static String reason(String host, String message) {
    if (message == null || message.isBlank()) {
      return "lookup failed without a reason";
    }
    String prefix = host + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
