package io.peerfix.arch;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.diagnosis.RootCause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/runbook.md has one section per root cause the diagnosis can name, and no other. */
class RunbookTest {
  private static final Pattern SECTION = Pattern.compile("(?m)^## ([A-Z_]+)$");

  @Test
  void everyRootCauseHasItsSectionInTheEnumsOrder() throws IOException {
    String runbook = Files.readString(Path.of("..", "docs", "runbook.md"));
    Matcher m = SECTION.matcher(runbook);
    List<String> sections = new java.util.ArrayList<>();
    while (m.find()) {
      sections.add(m.group(1));
    }

    assertThat(sections)
        .containsExactlyElementsOf(Arrays.stream(RootCause.values()).map(Enum::name).toList());
  }
}
