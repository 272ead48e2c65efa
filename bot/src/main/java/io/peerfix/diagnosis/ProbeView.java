package io.peerfix.diagnosis;

import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.ProbeResult;
import java.util.List;

/** How one probe ended, as the diagnosis reasons about it. */
public enum ProbeView {
  CONNECTED("connected"),
  NO_PROTOCOL_ANSWER("connected, but the database did not answer its protocol"),
  REFUSED("refused (RST)"),
  TIMED_OUT("timed out"),
  UNREACHABLE("unreachable"),
  DNS_NXDOMAIN("name does not exist (NXDOMAIN)"),
  DNS_FAILED("name lookup failed"),
  FAILED("failed"),
  /** The probe started but observed nothing of the network (it could not look up or connect). */
  PROBE_ERROR("could not run"),
  NOT_RUN("not run");

  private final String text;

  ProbeView(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** True when the probe reached the database. */
  public boolean works() {
    return this == CONNECTED;
  }

  /** True when the probe observed the network and did not reach the database. */
  public boolean fails() {
    return this != CONNECTED && observed();
  }

  /** True when the probe observed the network (it looked up the name or tried to connect). */
  public boolean observed() {
    return this != NOT_RUN && this != PROBE_ERROR;
  }

  public boolean dnsFailed() {
    return this == DNS_NXDOMAIN || this == DNS_FAILED;
  }

  /** Classifies a probe result (null: not run). */
  public static ProbeView of(ProbeResult result) {
    if (result == null) {
      return NOT_RUN;
    }
    if (result.reachable()) {
      return CONNECTED;
    }
    if (result.dns() != null && result.dns().status() == DnsStatus.NXDOMAIN) {
      return DNS_NXDOMAIN;
    }
    if (result.dns() != null && result.dns().status() == DnsStatus.FAILED) {
      return DNS_FAILED;
    }
    if (result.attempts().isEmpty() && !triedAndFound(result)) {
      return PROBE_ERROR;
    }
    return ofAttempts(result.attempts());
  }

  /** True when the lookup itself is the observation: the name resolved to no address. */
  private static boolean triedAndFound(ProbeResult result) {
    return result.dns() != null
        && result.dns().status() == DnsStatus.RESOLVED
        && result.dns().addresses().isEmpty();
  }

  private static ProbeView ofAttempts(List<ConnectAttempt> attempts) {
    if (attempts.isEmpty()) {
      return FAILED;
    }
    if (has(attempts, ConnectOutcome.CONNECTED)) {
      return NO_PROTOCOL_ANSWER;
    }
    if (has(attempts, ConnectOutcome.REFUSED)) {
      return REFUSED;
    }
    if (has(attempts, ConnectOutcome.TIMED_OUT)) {
      return TIMED_OUT;
    }
    if (has(attempts, ConnectOutcome.UNREACHABLE)) {
      return UNREACHABLE;
    }
    return FAILED;
  }

  private static boolean has(List<ConnectAttempt> attempts, ConnectOutcome outcome) {
    return attempts.stream().anyMatch(a -> a.outcome() == outcome);
  }
}
