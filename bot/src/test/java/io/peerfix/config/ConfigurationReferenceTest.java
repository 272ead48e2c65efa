package io.peerfix.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md documents exactly the keys the configuration record knows. The known keys
 * are not listed here: they are what the readers of every section in {@link ConfigSections#ALL} ask
 * for while reading the reference's own full example (a reader asks for each key it knows, present
 * or not), so a section or key added later fails this test until it is documented, and a documented
 * key that no reader asks for fails it too.
 */
class ConfigurationReferenceTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  /** A reference table's first cell: {@code | `cluster.vpcId` | ...}. */
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Za-z0-9_.\\[\\]<>]+)` \\|");

  private static final Pattern EXAMPLE = Pattern.compile("(?s)```yaml\\n(.*?)```");

  /** A documented key segment such as {@code <group>}: any key in that mapping (data, not keys). */
  private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z]+>");

  @Test
  void everyKnownKeyIsDocumentedAndEveryDocumentedKeyIsKnown() throws IOException {
    String doc = Files.readString(DOC);
    Set<String> known = knownKeys(example(doc));
    Set<String> documented = documented(doc);

    assertThat(undocumented(known, documented)).as("keys missing from " + DOC).isEmpty();
    assertThat(documented)
        .as("documented keys no reader asks for")
        .allMatch(d -> matchesAny(d, known));
  }

  @Test
  void theReferencesExampleIsAValidConfigurationThatSetsEveryTopLevelSection() throws IOException {
    String doc = Files.readString(DOC);
    String example = example(doc);

    PeerfixConfig config = PeerfixConfig.parse("configuration.md", example, Map.of());

    assertThat(config.targets().targets()).hasSizeGreaterThanOrEqualTo(2);
    // Every top-level key appears in the example, so the keys under it are discovered too.
    Set<String> topLevel = new TreeSet<>();
    knownKeys(example).stream().filter(k -> !k.contains(".")).forEach(topLevel::add);
    for (String key : topLevel) {
      assertThat(example).as("the example sets " + key).containsPattern("(?m)^" + key + ":");
    }
  }

  /**
   * The dotted paths ({@code targets[].host}) every reader asked for while reading {@code yaml}.
   */
  static Set<String> knownKeys(String yaml) {
    YamlTree.Node document = YamlTree.parse("example", yaml);
    ConfigMap.Reading reading = new ConfigMap.Reading("example", Map.of());
    ConfigMap root = new ConfigMap(reading, "", (YamlTree.Mapping) document);
    for (ConfigSection<?> section : ConfigSections.ALL) {
      section.reader().apply(root);
    }
    Set<String> keys = new TreeSet<>();
    for (ConfigMap map : reading.maps) {
      String path = map.path().replaceAll("\\[\\d+]", "[]");
      for (String key : map.askedKeys()) {
        keys.add(path.isEmpty() ? key : path + "." + key);
      }
    }
    return keys;
  }

  private static Set<String> undocumented(Set<String> known, Set<String> documented) {
    Set<String> missing = new TreeSet<>();
    for (String key : known) {
      if (documented.stream().noneMatch(d -> matches(d, key))) {
        missing.add(key);
      }
    }
    return missing;
  }

  private static boolean matchesAny(String documented, Set<String> known) {
    return known.stream().anyMatch(k -> matches(documented, k));
  }

  private static boolean matches(String documented, String key) {
    String regex =
        PLACEHOLDER
            .matcher(Pattern.quote(documented))
            .replaceAll(Matcher.quoteReplacement("\\E[^.]+\\Q"));
    return key.matches(regex);
  }

  private static Set<String> documented(String doc) {
    Set<String> keys = new TreeSet<>();
    Matcher m = ROW.matcher(doc);
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  private static String example(String doc) {
    Matcher m = EXAMPLE.matcher(doc);
    assertThat(m.find()).as("a ```yaml example in " + DOC).isTrue();
    return m.group(1);
  }
}
