package io.peerfix.probe;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * What a protocol check reads from, with one deadline for the whole check: every read waits only
 * for the time left, so a server that sends one byte just before each read's timeout (a greeting
 * trickled at one byte per second) cannot stretch the check beyond its bound.
 */
abstract class TimedInput {
  private long received;

  /** How many bytes were read so far. */
  final long received() {
    return received;
  }

  final int counted(int b) {
    if (b >= 0) {
      received++;
    }
    return b;
  }

  /** The next byte, or -1 at the end; a {@link SocketTimeoutException} once the time is up. */
  abstract int read() throws IOException;

  /**
   * Whether nothing more arrives within {@code millis} (or the time left, if less): the end of the
   * stream counts as nothing. Consumes what it reads.
   */
  abstract boolean quietFor(long millis) throws IOException;

  final void readFully(byte[] into) throws IOException {
    for (int i = 0; i < into.length; i++) {
      int b = read();
      if (b < 0) {
        throw new EOFException();
      }
      into[i] = (byte) b;
    }
  }

  /** A socket read against a deadline on {@code ticker}. */
  static TimedInput of(Socket socket, Ticker ticker, long timeoutMillis) throws IOException {
    long deadline = ticker.nanos() + timeoutMillis * 1_000_000;
    InputStream in = socket.getInputStream();
    return new TimedInput() {
      @Override
      int read() throws IOException {
        long left = (deadline - ticker.nanos()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException("the check's time is up");
        }
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        return counted(in.read());
      }

      @Override
      boolean quietFor(long millis) throws IOException {
        long left = Math.min(millis, (deadline - ticker.nanos()) / 1_000_000);
        if (left <= 0) {
          return true;
        }
        socket.setSoTimeout((int) left);
        try {
          return in.read() < 0;
        } catch (SocketTimeoutException e) {
          return true;
        }
      }
    };
  }

  /** A stream that is all there is (tests): quiet when nothing is left to read. */
  static TimedInput of(InputStream in) {
    return new TimedInput() {
      @Override
      int read() throws IOException {
        return counted(in.read());
      }

      @Override
      boolean quietFor(long millis) throws IOException {
        return in.read() < 0;
      }
    };
  }
}
