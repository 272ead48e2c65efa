package io.peerfix.facts;

/**
 * One TCP connect to one address: the outcome, its duration, the local (source) address the socket
 * used when known, and a detail such as the OS error.
 */
public record ConnectAttempt(
    String address,
    int port,
    ConnectOutcome outcome,
    long millis,
    String localAddress,
    String detail) {}
