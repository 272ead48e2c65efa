package io.peerfix.facts;

/** How far a probe goes after the TCP handshake. */
public enum ProbeProtocol {
  /** TCP connect only. */
  TCP,
  /** TCP connect, then a PostgreSQL SSLRequest that a real server answers with 'S' or 'N'. */
  POSTGRES,
  /** TCP connect, then the MySQL server greeting. */
  MYSQL
}
