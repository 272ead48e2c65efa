package io.peerfix.agent.reconcile;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A socket the kernel stamps talk through, opened in the agent's own network namespace (the node's:
 * the DaemonSet runs on the host network, the lab starts the agent inside the node's namespace) or
 * in the namespace a file names. A socket belongs to the namespace it was opened in for its whole
 * life, whichever thread uses it later.
 */
final class KernelSocket implements AutoCloseable {
  private final Libc libc;
  private final int fd;

  private KernelSocket(Libc libc, int fd) {
    this.libc = libc;
    this.fd = fd;
  }

  int fd() {
    return fd;
  }

  Libc libc() {
    return libc;
  }

  /** Opens {@code socket(domain, type, protocol)} in {@code netns}, or here when it is empty. */
  static KernelSocket open(Libc libc, Optional<Path> netns, int domain, int type, int protocol) {
    return open(libc, netns, () -> libc.socket(domain, type | Libc.SOCK_CLOEXEC, protocol));
  }

  /**
   * Runs {@code opening} (which returns a socket's descriptor) in {@code netns}, or here when it is
   * empty: whatever it reads of {@code /proc/thread-self/net} is that namespace's too.
   */
  static KernelSocket open(Libc libc, Optional<Path> netns, Supplier<Integer> opening) {
    if (netns.isEmpty()) {
      return new KernelSocket(libc, opening.get());
    }
    // setns(2) moves only the calling thread: a thread of its own enters the namespace, opens the
    // socket and ends, and no thread of the agent ever runs in another namespace.
    CompletableFuture<Integer> opened = new CompletableFuture<>();
    Thread inside =
        new Thread(
            () -> {
              try {
                int ns = libc.open(netns.get().toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
                try {
                  libc.setns(ns, Libc.CLONE_NEWNET);
                } finally {
                  libc.close(ns);
                }
                opened.complete(opening.get());
              } catch (RuntimeException | LinkageError e) {
                opened.completeExceptionally(e);
              }
            },
            "peerfix-netns-socket");
    inside.setDaemon(true);
    inside.start();
    try {
      return new KernelSocket(libc, opened.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted opening a socket in " + netns.get(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw (LinkageError) e.getCause();
    }
  }

  @Override
  public void close() {
    libc.close(fd);
  }
}
