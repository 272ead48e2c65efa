package io.peerfix.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/benchmarks.md} lists every benchmark under {@code bench/} with its command: every
 * {@code bench/run-*.sh} script and every class under {@code bench/src/main} that is a benchmark
 * (JMH {@code @Benchmark} methods, or a {@code main} to run) has a row in the table of its section
 * "Every benchmark and its command", each row has a command, and every {@code bench/} path the
 * table names exists. Someone who adds a benchmark without its row, or removes one and leaves its
 * row, fails here.
 */
class BenchmarksDocTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern BENCH_PATH = Pattern.compile("`(bench/[^` ]+)");
  private static final Pattern BENCHMARK_CLASS =
      Pattern.compile("@Benchmark\\b|public static void main\\(");

  /** The rows of the table under "## Every benchmark and its command". */
  private static List<String> rows() throws IOException {
    List<String> lines =
        Files.readAllLines(ROOT.resolve("docs/benchmarks.md"), StandardCharsets.UTF_8);
    int start = lines.indexOf("## Every benchmark and its command");
    assertThat(start).as("the section heading").isNotNegative();
    List<String> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("|")) {
        inTable = true;
        rows.add(line);
      } else if (inTable) {
        break;
      }
    }
    assertThat(rows).as("the table (header, separator, rows)").hasSizeGreaterThan(2);
    return rows.subList(2, rows.size());
  }

  /** The first cell of each row: the benchmark's name. */
  private static List<String> names() throws IOException {
    return rows().stream().map(r -> cells(r).get(0)).toList();
  }

  private static List<String> cells(String row) {
    List<String> cells = new ArrayList<>();
    for (String cell : row.substring(1, row.length() - 1).split("\\|", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }

  @Test
  void everyBenchmarkScriptHasARow() throws IOException {
    List<String> scripts;
    try (Stream<Path> files = Files.list(ROOT.resolve("bench"))) {
      scripts =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.startsWith("run-") && n.endsWith(".sh"))
              .sorted()
              .toList();
    }
    assertThat(scripts).as("scripts found").isNotEmpty();
    List<String> names = names();
    for (String script : scripts) {
      assertThat(names).as("a row for bench/" + script).anyMatch(n -> n.contains(script));
    }
  }

  @Test
  void everyBenchmarkClassHasARow() throws IOException {
    List<String> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("bench/src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (BENCHMARK_CLASS.matcher(Files.readString(f, StandardCharsets.UTF_8)).find()) {
          classes.add(f.getFileName().toString().replace(".java", ""));
        }
      }
    }
    assertThat(classes).as("benchmark classes found").contains("NatExplainBenchmark");
    List<String> names = names();
    for (String name : classes) {
      assertThat(names).as("a row for " + name).anyMatch(n -> n.contains("`" + name + "`"));
    }
  }

  @Test
  void everyRowHasACommand() throws IOException {
    for (String row : rows()) {
      List<String> cells = cells(row);
      assertThat(cells).as(row).hasSize(4);
      assertThat(cells.get(3)).as("the command of " + cells.get(0)).startsWith("`");
    }
  }

  @Test
  void everyBenchPathTheTableNamesExists() throws IOException {
    List<String> named = new ArrayList<>();
    for (String row : rows()) {
      Matcher m = BENCH_PATH.matcher(row);
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    assertThat(named).as("bench/ paths named").isNotEmpty();
    for (String path : named) {
      if (!path.startsWith("bench/target/")) {
        assertThat(ROOT.resolve(path)).as(path).exists();
      }
    }
  }
}
