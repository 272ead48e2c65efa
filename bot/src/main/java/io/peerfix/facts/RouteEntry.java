package io.peerfix.facts;

/** One line of a node's main routing table: destination ("default" or a CIDR), gateway, device. */
public record RouteEntry(String destination, String gateway, String device, String source) {}
