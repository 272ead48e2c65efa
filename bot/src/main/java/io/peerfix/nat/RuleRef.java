package io.peerfix.nat;

/**
 * Points at one rule: its chain, its 1-based position in that chain and its text in iptables-save
 * form ({@code -A CHAIN ...}).
 */
public record RuleRef(String chain, int index, String text) {}
