package io.peerfix.facts;

/**
 * The protocol-level check after a connect: whether the server answered as the database would (e.g.
 * PostgreSQL answered the SSLRequest), with what it said.
 */
public record ProtocolCheck(ProbeProtocol protocol, boolean answered, String detail) {}
