package io.peerfix.probe;

import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerfix probe}: one probe of a database from this process's network, printed as one JSON
 * object. Exit code 0 when the target is reachable (and the database answered), 1 when not, 2 for
 * bad input.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Look a host up, connect to each of its addresses and, for a database protocol, prove that"
          + " the database answered. Prints one JSON object.",
      "Exit code: 0 reachable, 1 not reachable, 2 bad input."
    })
public final class ProbeCommand implements Callable<Integer> {

  @Option(
      names = "--host",
      required = true,
      paramLabel = "HOST",
      description = "Host name or IPv4 address.")
  String host;

  @Option(
      names = "--port",
      required = true,
      paramLabel = "PORT",
      description = "TCP port, 1-65535.")
  int port;

  @Option(
      names = "--timeout",
      defaultValue = "2s",
      paramLabel = "DURATION",
      description =
          "Time allowed for each connect and for the answer, e.g. 500ms, 2s, 1.5s (default:"
              + " ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--protocol",
      defaultValue = "tcp",
      paramLabel = "PROTOCOL",
      description =
          "What proves the database answered: tcp (a connect), postgres (SSLRequest answered) or"
              + " mysql (server greeting); default: ${DEFAULT-VALUE}.")
  String protocol;

  @Option(
      names = "--origin",
      paramLabel = "TEXT",
      description = "Where this probe runs (default: $HOSTNAME).")
  String origin;

  @Option(
      names = "--termination-log",
      paramLabel = "FILE",
      description =
          "Also write the JSON here (default: /dev/termination-log, only when it exists, as in a"
              + " pod).")
  String terminationLog;

  @Override
  public Integer call() {
    ProbeRequest request = ProbeOptions.request(host, port, timeout, protocol);
    ProbeResult result = new Prober().probe(request, origin == null ? defaultOrigin() : origin);
    String json = ProbeJson.write(result);
    System.out.println(json);
    boolean explicit = terminationLog != null;
    String problem =
        TerminationLog.write(
            Path.of(explicit ? terminationLog : TerminationLog.DEFAULT),
            explicit,
            TerminationMessage.fit(result));
    if (problem != null) {
      System.err.println("peerfix: warning: " + problem);
    }
    return result.reachable() ? 0 : 1;
  }

  private static String defaultOrigin() {
    String name = System.getenv("HOSTNAME");
    return name == null || name.isBlank() ? "local" : name;
  }
}
