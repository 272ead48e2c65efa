package io.peerfix.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulesConfigTest {
  private static SchedulesConfig parse(String yaml) {
    return PeerfixConfig.parse("peerfix.yaml", yaml, Map.of()).section(SchedulesConfig.class);
  }

  private static ConfigException failure(String yaml) {
    return catchThrowableOfType(() -> parse(yaml), ConfigException.class);
  }

  @Test
  void readsAScheduleWithItsDigest() {
    SchedulesConfig config =
        parse(
            """
            schedules:
              - name: rds-watch
                targets: [rds-prod, ledger]
                cron: "0 */5 * * * ?"
                channel: C0123REPORTS
                digest: "0 0 9 * * ?"
            """);

    assertThat(config.schedules())
        .containsExactly(
            new ScheduleConfig(
                "rds-watch",
                java.util.List.of("rds-prod", "ledger"),
                "0 */5 * * * ?",
                "C0123REPORTS",
                Optional.of("0 0 9 * * ?"),
                Duration.ofMinutes(30)));
  }

  @Test
  void anAbsentSectionIsAnEmptyList() {
    assertThat(parse("targets: []\n").schedules()).isEmpty();
  }

  @Test
  void aBadCronNamesItsKeyAndLine() {
    ConfigException e =
        failure(
            """
            schedules:
              - name: rds-watch
                targets: [rds-prod]
                cron: "every five minutes"
                channel: C0123REPORTS
            """);

    assertThat(e.key()).isEqualTo("schedules[0].cron");
    assertThat(e.line()).isEqualTo(4);
  }

  @Test
  void aBadDigestCronNamesItsKeyAndLine() {
    ConfigException e =
        failure(
            """
            schedules:
              - name: rds-watch
                targets: [rds-prod]
                cron: "0 */5 * * * ?"
                channel: C0123REPORTS
                digest: "0 0 25 * * ?"
            """);

    assertThat(e.key()).isEqualTo("schedules[0].digest");
    assertThat(e.line()).isEqualTo(6);
  }

  @Test
  void aChannelNameInsteadOfItsIdIsRefused() {
    ConfigException e =
        failure(
            """
            schedules:
              - name: rds-watch
                targets: [rds-prod]
                cron: "0 */5 * * * ?"
                channel: "#reports"
            """);

    assertThat(e.key()).isEqualTo("schedules[0].channel");
    assertThat(e.line()).isEqualTo(5);
  }

  @Test
  void aScheduleWithoutTargetsIsRefused() {
    ConfigException e =
        failure(
            """
            schedules:
              - name: rds-watch
                cron: "0 */5 * * * ?"
                channel: C0123REPORTS
            """);

    assertThat(e.key()).isEqualTo("schedules[0].targets");
  }

  @Test
  void aScheduleOfMoreTargetsThanOneProbePodCarriesIsRefused() {
    ConfigException e =
        failure(
            """
            schedules:
              - name: rds-watch
                targets: [orders, billing, ledger, search]
                cron: "0 */5 * * * ?"
                channel: C0123REPORTS
            """);

    assertThat(e.key()).isEqualTo("schedules[0].targets");
    assertThat(e.line()).isEqualTo(3);
  }

  @Test
  void twoSchedulesWithOneNameAreRefused() {
    ConfigException e =
        failure(
            """
            schedules:
              - name: rds-watch
                targets: [rds-prod]
                cron: "0 */5 * * * ?"
                channel: C0123REPORTS
              - name: rds-watch
                targets: [ledger]
                cron: "0 */5 * * * ?"
                channel: C0123REPORTS
            """);

    assertThat(e.key()).isEqualTo("schedules[1].name");
    assertThat(e.line()).isEqualTo(6);
  }
}
