package io.peerfix.probe;

import io.peerfix.facts.ProbeRequest;
import java.util.List;
import java.util.Locale;

/**
 * The {@code peerfix probe} command line for a request, as its options read it back: what a probe
 * pod runs in a cluster and what the lab runs in a pod's namespace.
 */
public final class ProbeArgs {
  private ProbeArgs() {}

  /** {@code probe --host H --port P --timeout T --protocol X} for {@code request}. */
  public static List<String> of(ProbeRequest request) {
    return List.of(
        "probe",
        "--host",
        request.host(),
        "--port",
        Integer.toString(request.port()),
        "--timeout",
        duration(request.timeoutMillis()),
        "--protocol",
        request.protocol().name().toLowerCase(Locale.ROOT));
  }

  private static String duration(long millis) {
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }
}
