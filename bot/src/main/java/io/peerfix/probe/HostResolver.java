package io.peerfix.probe;

import io.peerfix.facts.DnsLookup;
import io.peerfix.facts.DnsStatus;
import io.peerfix.net.Ipv4;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Looks a host up through the system resolver (as any client in the pod would) and keeps every IPv4
 * address, the time taken and how the lookup ended. Literal addresses are not looked up.
 */
final class HostResolver {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Ticker ticker;

  HostResolver(Ticker ticker) {
    this.ticker = ticker;
  }

  static boolean isLiteral(String host) {
    return IPV4.matcher(host).matches() || host.contains(":");
  }

  /** True for a dotted quad whose four parts are 0..255. */
  static boolean isValidIpv4(String host) {
    if (!IPV4.matcher(host).matches()) {
      return false;
    }
    for (String part : host.split("\\.")) {
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * Looks {@code host} up, waiting at most {@code timeoutMillis}: the system resolver has no
   * deadline of its own (glibc retries each server for seconds), and a probe must end in time.
   */
  DnsLookup lookup(String host, long timeoutMillis) {
    if (isLiteral(host)) {
      return literal(host);
    }
    long start = ticker.nanos();
    FutureTask<InetAddress[]> task = new FutureTask<>(() -> InetAddress.getAllByName(host));
    Thread resolver = new Thread(task, "peerfix-dns");
    resolver.setDaemon(true); // a resolver still waiting must not keep the process alive
    resolver.start();
    try {
      return resolved(host, task.get(timeoutMillis, TimeUnit.MILLISECONDS), start);
    } catch (TimeoutException e) {
      return new DnsLookup(
          host,
          DnsStatus.FAILED,
          List.of(),
          ticker.millisSince(start),
          "no answer from the resolver within " + timeoutMillis + " ms");
    } catch (ExecutionException e) {
      String message = e.getCause().getMessage();
      return new DnsLookup(
          host,
          e.getCause() instanceof UnknownHostException
              ? DnsErrors.classify(message)
              : DnsStatus.FAILED,
          List.of(),
          ticker.millisSince(start),
          DnsErrors.reason(host, message));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DnsLookup(
          host, DnsStatus.FAILED, List.of(), ticker.millisSince(start), "lookup interrupted");
    }
  }

  private DnsLookup resolved(String host, InetAddress[] all, long start) {
    List<Ipv4> v4 =
        Arrays.stream(all).map(InetAddresses::ipv4).filter(Objects::nonNull).distinct().toList();
    long millis = ticker.millisSince(start);
    if (v4.isEmpty()) {
      return new DnsLookup(
          host, DnsStatus.FAILED, List.of(), millis, "the name has no IPv4 address");
    }
    return new DnsLookup(host, DnsStatus.RESOLVED, v4, millis, null);
  }

  private static DnsLookup literal(String host) {
    if (IPV4.matcher(host).matches() && !isValidIpv4(host)) {
      // Java would hand "999.1.1.1" to the resolver as a name; it is a typo, not a name.
      return new DnsLookup(host, DnsStatus.FAILED, List.of(), 0, "not a valid IPv4 address");
    }
    try {
      // A literal is parsed, never sent to a resolver.
      Ipv4 address = InetAddresses.ipv4(InetAddress.getByName(host));
      return new DnsLookup(host, DnsStatus.LITERAL, List.of(address), 0, null);
    } catch (UnknownHostException e) {
      return new DnsLookup(
          host, DnsStatus.FAILED, List.of(), 0, "not a valid address: " + e.getMessage());
    }
  }
}
