package io.peerfix.config;

import java.util.List;

/** Every section of the configuration file, in the order they are read. */
final class ConfigSections {
  private ConfigSections() {}

  static final List<ConfigSection<?>> ALL =
      List.of(
          ConfigSection.of(TargetsConfig.class, TargetsConfig::read),
          ConfigSection.of(ClusterConfig.class, ClusterConfig::read),
          ConfigSection.of(AwsConfig.class, AwsConfig::read),
          ConfigSection.of(ApproversConfig.class, ApproversConfig::read),
          ConfigSection.of(ApprovalTtlConfig.class, ApprovalTtlConfig::read),
          ConfigSection.of(SlackConfig.class, SlackConfig::read),
          ConfigSection.of(SchedulesConfig.class, SchedulesConfig::read));
}
