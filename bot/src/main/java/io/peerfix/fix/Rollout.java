package io.peerfix.fix;

/**
 * How far an approved fix has been released: first one canary node per NAT fingerprint group, then,
 * once the canaries verify, every node the selector matches (including nodes that join later).
 */
public enum Rollout {
  CANARY,
  ALL
}
