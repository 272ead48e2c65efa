package io.peerfix.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The heart of peerfix ({@code nat}, {@code vpc}, {@code diagnosis}, {@code facts}, {@code net},
 * {@code fix}) is values and logic: no client library, no process, no network, no files, no clock.
 * These rules keep it so.
 */
class PurePackagesTest {
  private static final String[] PURE = {
    "io.peerfix.nat..",
    "io.peerfix.vpc..",
    "io.peerfix.diagnosis..",
    "io.peerfix.facts..",
    "io.peerfix.net..",
    "io.peerfix.fix.."
  };
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.peerfix");
  }

  @Test
  void purePackagesUseNoClientLibrary() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(PURE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.fabric8..",
                "software.amazon..",
                "com.slack..",
                "org.quartz..",
                "picocli..",
                "com.fasterxml.jackson..",
                "org.slf4j..")
            .allowEmptyShould(true);
    rule.check(classes);
  }

  @Test
  void purePackagesDependOnNoEdgePackage() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(PURE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.peerfix.cli..",
                "io.peerfix.exec..",
                "io.peerfix.lab..",
                "io.peerfix.probe..",
                "io.peerfix.agent..",
                "io.peerfix.aws..",
                "io.peerfix.k8s..",
                "io.peerfix.slack..",
                "io.peerfix.schedule..",
                "io.peerfix.config..")
            .allowEmptyShould(true);
    rule.check(classes);
  }

  @Test
  void purePackagesStartNoProcessAndTouchNoNetworkFileOrClock() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(PURE)
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.lang.ProcessBuilder")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.lang.Runtime")
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("java.net..", "java.nio.file..", "java.nio.channels..")
            .orShould()
            .dependOnClassesThat()
            .haveNameMatching("java\\.io\\.(File|Random|Print|Console).*")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .allowEmptyShould(true);
    rule.check(classes);
  }
}
