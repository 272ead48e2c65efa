package io.peerfix.fix;

import java.time.Instant;

/** Who approved a fix, when, and the digest they were shown. */
public record Approval(String by, Instant at, String digest) {}
