package io.peerfix.nat;

/**
 * One rule visited during evaluation: where it is, its iptables-save text, whether it matched and
 * why (for example {@code destination 10.0.5.20 is in 10.0.0.0/8, negated => no match}).
 */
public record TraceStep(String chain, int index, String text, boolean matched, String reason) {}
