package io.peerfix.demo;

import java.io.PrintWriter;
import java.util.List;

/** The demo's terminal: every line flushed at once, so progress shows while the demo works. */
final class DemoOut {
  private final PrintWriter out;

  DemoOut(PrintWriter out) {
    this.out = out;
  }

  void say(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }

  /** Lines as they are, each after {@code prefix} (for text that may hold a percent sign). */
  void lines(String prefix, List<String> lines) {
    lines.forEach(l -> out.println(prefix + l));
    out.flush();
  }

  void print(String text) {
    out.print(text);
    out.flush();
  }
}
