package io.peerfix.arch.planted;

import java.util.List;

/** Every planted violation of the pure rules, one kind per class; and a clean class. */
public final class Planted {
  private Planted() {}

  public static final List<Class<?>> VIOLATIONS =
      List.of(
          ReadsTheClock.class,
          ReadsTheSystemClock.class,
          ReadsNanoTime.class,
          ReadsMillis.class,
          ReadsTheEnvironment.class,
          ReadsAProperty.class,
          StartsAThread.class,
          UsesAnExecutor.class,
          RunsInParallel.class,
          UsesTheCommonPool.class,
          StartsAProcess.class,
          ExecsThroughRuntime.class,
          ReadsAFile.class,
          ReadsAFileThroughIo.class,
          OpensASocket.class,
          ReadsAResource.class,
          PrintsToStdout.class,
          UsesAnEdgePackage.class,
          UsesAClientLibrary.class);

  public static final Class<?> CLEAN = Clean.class;
}
