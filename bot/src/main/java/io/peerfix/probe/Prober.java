package io.peerfix.probe;

import io.peerfix.common.Counted;
import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.DnsLookup;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.facts.ProtocolCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one probe from wherever this process runs: looks the host up, connects to every IPv4 address
 * at once, and runs the protocol check on the first address that connected. The lookup, the
 * connects and the check each get the request's timeout, so a probe ends within three timeouts
 * whatever the network does.
 *
 * <p>Never throws for a network outcome: every failure is part of the returned {@link ProbeResult}.
 */
public final class Prober {
  private final Ticker ticker;
  private final HostResolver resolver;
  private final TcpConnector connector;

  public Prober() {
    this(Ticker.system());
  }

  public Prober(Ticker ticker) {
    this.ticker = ticker;
    this.resolver = new HostResolver(ticker);
    this.connector = new TcpConnector(ticker);
  }

  /** Probes {@code request}; {@code origin} names where the probe ran (a pod, a node). */
  public ProbeResult probe(ProbeRequest request, String origin) {
    long start = ticker.nanos();
    DnsLookup dns = resolver.lookup(request.host(), request.timeoutMillis());
    if (dns.addresses().isEmpty()) {
      return new ProbeResult(
          origin,
          request,
          null,
          dns,
          List.of(),
          null,
          false,
          ticker.millisSince(start),
          dnsError(dns));
    }
    List<TcpConnector.Connection> connections = connectAll(dns.addresses(), request);
    try {
      List<ConnectAttempt> attempts =
          connections.stream().map(TcpConnector.Connection::attempt).toList();
      TcpConnector.Connection first =
          connections.stream().filter(c -> c.socket() != null).findFirst().orElse(null);
      ProtocolCheck check =
          first == null
              ? null
              : ProtocolChecker.check(request.protocol(), first.socket(), request.timeoutMillis());
      boolean reachable = first != null && (check == null || check.answered());
      String source =
          first != null ? first.attempt().localAddress() : attempts.get(0).localAddress();
      return new ProbeResult(
          origin,
          request,
          source,
          dns,
          attempts,
          check,
          reachable,
          ticker.millisSince(start),
          reachable ? null : connectError(attempts, check));
    } finally {
      connections.forEach(c -> TcpConnector.closeQuietly(c.socket()));
    }
  }

  private List<TcpConnector.Connection> connectAll(List<String> addresses, ProbeRequest request) {
    if (addresses.size() == 1) {
      return List.of(connector.connect(addresses.get(0), request.port(), request.timeoutMillis()));
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(addresses.size(), 16),
            r -> {
              Thread t = new Thread(r, "peerfix-connect");
              t.setDaemon(true);
              return t;
            });
    try {
      List<CompletableFuture<TcpConnector.Connection>> futures = new ArrayList<>();
      for (String address : addresses) {
        futures.add(
            CompletableFuture.supplyAsync(
                () -> connector.connect(address, request.port(), request.timeoutMillis()), pool));
      }
      return futures.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdown();
    }
  }

  private static String dnsError(DnsLookup dns) {
    if (dns.status() == DnsStatus.NXDOMAIN) {
      return "DNS: " + dns.name() + " does not exist (NXDOMAIN)";
    }
    return "DNS: lookup of " + dns.name() + " failed: " + dns.error();
  }

  private static String connectError(List<ConnectAttempt> attempts, ProtocolCheck check) {
    if (check != null) {
      return "connected, but no " + check.protocol() + " server answered: " + check.detail();
    }
    List<String> parts = new ArrayList<>();
    for (ConnectAttempt a : attempts) {
      String what = a.outcome() == ConnectOutcome.ERROR ? "failed" : a.outcome().text();
      parts.add(a.address() + ":" + a.port() + " " + what + " " + Counted.after(a.millis()));
    }
    return "no address connected: " + String.join("; ", parts);
  }
}
