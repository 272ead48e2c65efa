package io.peerfix.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The objects {@code kubectl kustomize} renders from a kustomization under {@code infra/}, each
 * loaded into fabric8's typed model. Renders once per directory per test run.
 */
final class RenderedManifests {
  static final Path INFRA = infraDir();
  private static final Duration RENDER_TIMEOUT = Duration.ofSeconds(120);
  private static final Map<Path, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private RenderedManifests() {}

  /** {@code infra/base} and every directory under {@code infra/overlays}. */
  static List<Path> kustomizations() {
    List<Path> all = new ArrayList<>();
    all.add(INFRA.resolve("base"));
    try (Stream<Path> overlays = Files.list(INFRA.resolve("overlays"))) {
      overlays
          .filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
          .sorted()
          .forEach(all::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  static List<HasMetadata> render(Path kustomization) {
    return RENDERED.computeIfAbsent(kustomization.normalize(), RenderedManifests::renderNow);
  }

  /** The rendered objects of a kind, e.g. {@code of(dir, Deployment.class)}. */
  static <T extends HasMetadata> List<T> of(Path kustomization, Class<T> type) {
    return render(kustomization).stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T named(Path kustomization, Class<T> type, String name) {
    return of(kustomization, type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    kustomization + " renders no " + type.getSimpleName() + " named " + name));
  }

  /** The YAML documents as plain trees, for checks of the text as written. */
  static List<JsonNode> documents(String yaml) {
    try {
      ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
      YAMLParser parser = new YAMLFactory().createParser(yaml);
      List<JsonNode> docs = new ArrayList<>();
      mapper
          .readValues(parser, JsonNode.class)
          .forEachRemaining(
              d -> {
                if (d != null && !d.isNull() && !d.isEmpty()) {
                  docs.add(d);
                }
              });
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One document as fabric8's typed object (a kind fabric8 does not know stays generic). */
  static HasMetadata typed(JsonNode document) {
    return SERIALIZATION.convertValue(document, HasMetadata.class);
  }

  static String renderText(Path kustomization) {
    CommandResult result =
        new ProcessCommandRunner()
            .run(List.of("kubectl", "kustomize", kustomization.toString()), RENDER_TIMEOUT);
    if (!result.ok()) {
      throw new AssertionError(
          "kubectl kustomize "
              + kustomization
              + " failed (kubectl with kustomize v5 is needed; .ci/run says how to get it): "
              + result.stderr()
              + result.stdout());
    }
    return result.stdout();
  }

  private static List<HasMetadata> renderNow(Path kustomization) {
    return documents(renderText(kustomization)).stream().map(RenderedManifests::typed).toList();
  }

  private static Path infraDir() {
    Path fromModule = Path.of("..", "infra");
    return Files.isDirectory(fromModule) ? fromModule : Path.of("infra");
  }
}
