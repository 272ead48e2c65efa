package io.peerfix.facts;

import io.peerfix.net.Ipv4;

/**
 * One TCP connect to one address: the outcome, its duration, the local (source) address the socket
 * used when known, and a detail such as the OS error.
 */
public record ConnectAttempt(
    Ipv4 address,
    int port,
    ConnectOutcome outcome,
    long millis,
    Ipv4 localAddress,
    String detail) {}
