package io.peerfix.agent.reconcile;

import io.peerfix.agent.IptablesBackend;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TableStamps} from the kernel of the node's back end: the legacy nat table's info, or the
 * nf_tables generation. Opening reads one stamp, so a node where it cannot work (JNA's native part
 * not loadable, no NET_ADMIN, no such table, a back end not told apart) gets {@link
 * TableStamps#none} with the reason at once; a read that fails later is logged when it starts and
 * when it stops failing, and that look lists the chains instead.
 */
public final class KernelStamps implements TableStamps {
  private static final Logger LOG = LoggerFactory.getLogger(KernelStamps.class);

  private final StampSource source;
  private boolean failing;

  private KernelStamps(StampSource source) {
    this.source = source;
  }

  /** The stamps of {@code backend}'s nat table in the agent's own network namespace. */
  public static TableStamps open(IptablesBackend backend) {
    return open(backend, Optional.empty());
  }

  /** The stamps of {@code backend}'s nat table in the namespace the file {@code netns} names. */
  public static TableStamps open(IptablesBackend backend, Optional<Path> netns) {
    if (backend == IptablesBackend.DEFAULT) {
      return TableStamps.none("the back end was not told apart");
    }
    StampSource source;
    try {
      Libc libc = Libc.load();
      source =
          backend == IptablesBackend.LEGACY
              ? LegacyTableInfo.open(libc, netns)
              : NftGeneration.open(libc, netns);
    } catch (RuntimeException | LinkageError e) {
      return TableStamps.none("no kernel stamp: " + reason(e));
    }
    try {
      source.read();
    } catch (RuntimeException e) {
      source.close();
      return TableStamps.none("no kernel stamp: " + source.describe() + ": " + reason(e));
    }
    return new KernelStamps(source);
  }

  @Override
  public synchronized Optional<TableStamp> read() {
    try {
      TableStamp stamp = source.read();
      if (failing) {
        LOG.info("{} can be read again", source.describe());
        failing = false;
      }
      return Optional.of(stamp);
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn("{} failed, listing the chains instead: {}", source.describe(), reason(e));
        failing = true;
      }
      return Optional.empty();
    }
  }

  @Override
  public String describe() {
    return source.describe() + ", listing the chains only when it changes";
  }

  private static String reason(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
