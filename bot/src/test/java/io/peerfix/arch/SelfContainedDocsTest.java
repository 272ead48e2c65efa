package io.peerfix.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's docs and code comments stand on their own: none refers to a document that is not
 * in the repository (a team's design notes or conventions kept beside it).
 */
class SelfContainedDocsTest {
  /** The names such references use; this file, which spells them, is not scanned. */
  private static final Pattern OUTSIDE =
      Pattern.compile("(?i:DESIGN\\.md)|CONVENTIONS|\\.\\./shared|/work/");

  @Test
  void noFileRefersToADocumentOutsideTheRepository() throws IOException {
    Path root = Path.of("..").toRealPath();
    List<String> hits = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (String top : List.of("README.md", "docs", "bot/src", "bench", "infra", "bin", ".ci")) {
      Path start = root.resolve(top);
      if (Files.exists(start)) {
        try (Stream<Path> walk = Files.walk(start)) {
          walk.filter(Files::isRegularFile)
              // Build output (bench/target/peerfix-bench-*.jar after mvn -Pbench) is not text.
              .filter(f -> !root.relativize(f).toString().contains("target/"))
              .filter(SelfContainedDocsTest::isText)
              .filter(f -> !f.getFileName().toString().equals("SelfContainedDocsTest.java"))
              .forEach(files::add);
        }
      }
    }
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (OUTSIDE.matcher(lines.get(i)).find()) {
          hits.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }

    assertThat(files).as("files scanned").hasSizeGreaterThan(50);
    assertThat(hits).isEmpty();
  }

  private static boolean isText(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".md")
        || name.endsWith(".java")
        || name.endsWith(".yaml")
        || name.endsWith(".yml")
        || name.endsWith(".sh")
        || name.endsWith(".txt")
        || name.equals("run")
        || name.startsWith("peerfix");
  }
}
