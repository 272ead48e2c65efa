package io.peerfix.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code bench/run-*.sh} option that takes a value, given as the last word with no value, is
 * refused as bad input: exit 2 and one line on stderr naming the script and the option, where bash
 * under {@code set -u} would end with "unbound variable" (exit 1). The options come from each
 * script's argument loop (every branch that reads {@code "$2"}, plus {@code --services} and {@code
 * --backends} where the loop hands the rest to {@code bench_shared_option}), so an option added
 * without its place in the loop's {@code bench_require_value} list fails here. A script given only
 * such an option stops while reading its arguments, before any benchmark work.
 */
class BenchOptionsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern VALUE_BRANCH = Pattern.compile("^\\s+(--[a-z-]+)\\).*\"\\$2\"");

  /** Script file name to the options its argument loop reads a value for. */
  private static Map<String, List<String>> valueOptions() throws IOException {
    Map<String, List<String>> options = new TreeMap<>();
    List<Path> scripts;
    try (Stream<Path> files = Files.list(ROOT.resolve("bench"))) {
      scripts = files.filter(p -> p.getFileName().toString().matches("run-.*\\.sh")).toList();
    }
    for (Path script : scripts) {
      List<String> found = new ArrayList<>();
      boolean inLoop = false;
      for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
        if (line.startsWith("while [[ $# -gt 0 ]]")) {
          inLoop = true;
        } else if (inLoop && line.equals("done")) {
          break;
        } else if (inLoop) {
          Matcher m = VALUE_BRANCH.matcher(line);
          if (m.find()) {
            found.add(m.group(1));
          } else if (line.contains("bench_shared_option \"$@\"")) {
            found.addAll(List.of("--services", "--backends"));
          }
        }
      }
      if (!found.isEmpty()) {
        options.put(script.getFileName().toString(), found);
      }
    }
    return options;
  }

  @Test
  void everyOptionThatTakesAValueRefusesNoneAsBadInput() throws Exception {
    Map<String, List<String>> options = valueOptions();
    assertThat(options)
        .as("scripts with options that take a value")
        .containsKeys(
            "run-agent-idle-bench.sh",
            "run-approval-bench.sh",
            "run-diagnose-bench.sh",
            "run-diagnoser-cpu-bench.sh",
            "run-facts-publish-bench.sh",
            "run-nat-bench.sh");
    assertThat(options.get("run-agent-idle-bench.sh")).contains("--minutes", "--jvm", "--services");

    Map<String, String> answers = new TreeMap<>();
    Map<String, String> expected = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : options.entrySet()) {
      String name = e.getKey().replaceFirst("\\.sh$", "");
      for (String option : e.getValue()) {
        String key = e.getKey() + " " + option;
        answers.put(key, run(e.getKey(), option));
        expected.put(key, "exit 2: " + name + ": " + option);
      }
    }
    assertThat(answers).isEqualTo(expected);
  }

  /** "exit N: " and stderr's first line up to the option it names (the rest is wording). */
  private static String run(String script, String option) throws Exception {
    Process p =
        new ProcessBuilder("bash", ROOT.resolve("bench").resolve(script).toString(), option)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "still running";
    }
    String first = stderr.lines().findFirst().orElse("");
    int at = first.indexOf(option);
    String named = at < 0 ? first : first.substring(0, at + option.length());
    return "exit " + p.exitValue() + ": " + named;
  }
}
