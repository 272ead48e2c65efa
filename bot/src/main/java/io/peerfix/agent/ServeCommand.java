package io.peerfix.agent;

import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.probe.Prober;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerfix agent serve} (internal, used by the lab): answers probe and facts requests on a
 * UNIX socket from this process's network namespace, like the long-running agent and probe pods of
 * a real node, instead of a new JVM per request. Exits when its socket file is removed or, with
 * {@code --namespace}, when that named network namespace is deleted.
 */
@Command(
    name = "serve",
    hidden = true,
    mixinStandardHelpOptions = true,
    description =
        "Internal: answer probe and facts requests on a UNIX socket (one JSON line each).")
final class ServeCommand implements Callable<Integer> {
  private static final Duration WATCH = Duration.ofMillis(500);
  private static final int THREADS = 4;

  @Option(names = "--socket", required = true, description = "UNIX socket path to listen on.")
  Path socket;

  @Option(
      names = "--namespace",
      description = "Exit when /run/netns/NAME no longer exists (the namespace was deleted).")
  String namespace;

  @Override
  public Integer call() {
    serve(socket, namespace);
    return 0;
  }

  static MemberService service() {
    return new MemberService(
        new Prober(), new NodeFactsCollector(new ProcessCommandRunner(), new Prober()));
  }

  /** Serves on {@code socket} until it or {@code namespace}'s file (when given) is removed. */
  static void serve(Path socket, String namespace) {
    // Whether to watch the namespace is decided before the socket appears: whoever waits for the
    // socket may delete the namespace at once, and a check after that would stop watching it.
    Path nsFile = namespace == null ? null : Path.of("/run/netns", namespace);
    boolean watchNamespace = nsFile != null && Files.exists(nsFile);
    MemberService service = service();
    // The socket appears only once the daemon is warm: its existence means "ready", and the first
    // real request costs what later ones cost (lab up waits for every member's socket).
    service.warmUp();
    MemberServer server = MemberServer.bind(socket, THREADS, service::answer);
    Thread watchdog =
        new Thread(
            () -> {
              while (Files.exists(socket) && (!watchNamespace || Files.exists(nsFile))) {
                try {
                  Thread.sleep(WATCH.toMillis());
                } catch (InterruptedException e) {
                  return;
                }
              }
              server.close();
            },
            "peerfix-serve-watch");
    watchdog.setDaemon(true);
    watchdog.start();
    server.serve();
  }
}
