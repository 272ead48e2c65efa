package io.peerfix.config;

import io.peerfix.common.Problems;
import io.peerfix.common.UserInputException;
import io.peerfix.fix.ApprovalPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * peerfix's configuration: one immutable record read from a YAML file (and, where a value is
 * written {@code ${NAME}} or a section reads a secret, from the environment), validated as a whole
 * at start. Unknown keys and bad values fail with the file, the line, the key's dotted path and
 * what to write instead ({@link ConfigException}); nothing is read lazily later.
 *
 * <p>The file is made of sections, each a small record of its own with a static reader:
 *
 * <pre>{@code
 * targets:                      # TargetsConfig
 *   - name: rds-prod
 *     rds: orders-prod          # an RDS instance id, or host: and port:
 *     protocol: postgres
 * cluster:                      # ClusterConfig
 *   vpcId: vpc-0abc
 *   podCidr: 100.64.0.0/16      # when the nodes do not say
 * aws:                          # AwsConfig
 *   region: eu-west-1
 * approvers:                    # ApproversConfig
 *   users: [U012AB3CD]
 *   groups: [S0NETOPS]
 * approvalTtl: 30m              # ApprovalTtlConfig
 * }</pre>
 *
 * <p><b>Adding a section</b> (approvers, Slack channels, schedules, ...): write a record with a
 * {@code static MySection read(ConfigMap root)} that reads its own top-level key(s) through {@link
 * ConfigMap} (which records the keys it asks for, so every other key stays an error) and throws
 * {@code root.error(key, problem)} for a bad value; then add one line {@code
 * ConfigSection.of(MySection.class, MySection::read)} to {@link ConfigSections#ALL}; read it with
 * {@code config.section(MySection.class)} (or add an accessor here). A section absent from the file
 * must still produce its record, with defaults or empty, so callers never see null.
 */
public record PeerfixConfig(String source, Map<Class<?>, Object> sections) {
  public PeerfixConfig {
    sections = Map.copyOf(sections);
  }

  /** Reads and validates {@code file}; {@code environment} stands for the process environment. */
  public static PeerfixConfig load(Path file, Map<String, String> environment) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UserInputException(
          "cannot read the configuration file " + file + ": " + Problems.describe(e));
    }
    return parse(file.toString(), text, environment);
  }

  /** Reads and validates {@code yaml}; {@code source} names it in errors. */
  public static PeerfixConfig parse(String source, String yaml, Map<String, String> environment) {
    YamlTree.Node document = YamlTree.parse(source, yaml);
    if (!(document instanceof YamlTree.Mapping mapping)) {
      throw new ConfigException(
          source, document.line(), "", "expected key: value lines at the top level");
    }
    ConfigMap.Reading reading = new ConfigMap.Reading(source, environment);
    ConfigMap root = new ConfigMap(reading, "", mapping);
    Map<Class<?>, Object> sections = new LinkedHashMap<>();
    ConfigException failed = null;
    // Every section reads, even after one failed: a section left unread would leave its keys
    // unasked, and so reported as unknown in place of the real error.
    for (ConfigSection<?> section : ConfigSections.ALL) {
      try {
        sections.put(section.type(), section.reader().apply(root));
      } catch (ConfigException e) {
        failed = failed == null ? e : failed;
      }
    }
    if (failed != null) {
      // A misspelt key explains a "missing" one better than the missing key does.
      throw firstUnknownKey(reading.maps).orElse(failed);
    }
    Optional<ConfigException> unknown = firstUnknownKey(reading.maps);
    if (unknown.isPresent()) {
      throw unknown.get();
    }
    return new PeerfixConfig(source, sections);
  }

  private static Optional<ConfigException> firstUnknownKey(List<ConfigMap> maps) {
    return maps.stream()
        .map(ConfigMap::unknownKey)
        .flatMap(Optional::stream)
        .min((a, b) -> Integer.compare(a.line(), b.line()));
  }

  /** The section of this type. */
  public <T> T section(Class<T> type) {
    Object value = sections.get(type);
    if (value == null) {
      throw new IllegalArgumentException(type.getSimpleName() + " is not a registered section");
    }
    return type.cast(value);
  }

  public TargetsConfig targets() {
    return section(TargetsConfig.class);
  }

  public ClusterConfig cluster() {
    return section(ClusterConfig.class);
  }

  public AwsConfig aws() {
    return section(AwsConfig.class);
  }

  public ApproversConfig approvers() {
    return section(ApproversConfig.class);
  }

  /**
   * Who may approve fixes and how long a proposal waits: {@code approvers:} and {@code
   * approvalTtl:}.
   */
  public ApprovalPolicy approvalPolicy() {
    ApproversConfig a = approvers();
    return new ApprovalPolicy(
        a.users(), a.groups(), a.allowSelfApproval(), section(ApprovalTtlConfig.class).ttl());
  }
}
