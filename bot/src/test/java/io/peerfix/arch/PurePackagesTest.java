package io.peerfix.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import io.peerfix.arch.planted.Planted;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The heart of peerfix ({@code nat}, {@code vpc}, {@code diagnosis}, {@code facts}, {@code net},
 * {@code fix} without its subpackages' edges) is values and logic: {@link PureRules} lists what
 * they may use, so a new kind of dependency fails until someone decides it is pure. The rules are
 * tested too: planted classes of every kind of violation must each be reported.
 */
class PurePackagesTest {
  static final String[] PURE = {
    "io.peerfix.nat..",
    "io.peerfix.vpc..",
    "io.peerfix.diagnosis..",
    "io.peerfix.facts..",
    "io.peerfix.net..",
    "io.peerfix.fix..",
    "io.peerfix.schedule.watch.."
  };

  /**
   * The one known violation: the nat parser's helpers for large dumps start threads of their own.
   * It is to take an {@code Executor} from the edge instead; until then it is exempt by name, and
   * {@link #theNatParsersHelperThreadsAreTheOnlyKnownViolation} fails as soon as that changes.
   */
  static final Set<String> EXEMPT = Set.of("io.peerfix.nat.SlicePreparser");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.peerfix");
  }

  @Test
  void purePackagesUseOnlyWhatTheAllowListNames() {
    PureRules.pure(EXEMPT, PURE).check(classes);
  }

  @Test
  void theNatParsersHelperThreadsAreTheOnlyKnownViolation() {
    EvaluationResult all = PureRules.pure(PURE).evaluate(classes);

    assertThat(all.getFailureReport().getDetails())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains("io.peerfix.nat.SlicePreparser."));
  }

  @Test
  void everyPurePackageHasClassesForTheRuleToCheck() {
    for (String pkg : PURE) {
      String name = pkg.substring(0, pkg.length() - 2);
      assertThat(classes.stream().filter(c -> c.getPackageName().startsWith(name)))
          .as(pkg)
          .isNotEmpty();
    }
  }

  @Test
  void aRuleThatFindsNoClassesFails() {
    assertThatThrownBy(() -> PureRules.pure("io.peerfix.nosuchpackage..").check(classes))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void everyPlantedViolationIsReported() {
    for (Class<?> planted : Planted.VIOLATIONS) {
      EvaluationResult result =
          PureRules.pure("io.peerfix.arch.planted..")
              .evaluate(new ClassFileImporter().importClasses(planted));

      assertThat(result.hasViolation()).as(planted.getSimpleName()).isTrue();
      assertThat(String.join("\n", result.getFailureReport().getDetails()))
          .as(planted.getSimpleName())
          .contains(planted.getName());
    }
  }

  @Test
  void aCleanClassPassesTheSameRule() {
    EvaluationResult result =
        PureRules.pure("io.peerfix.arch.planted..")
            .evaluate(new ClassFileImporter().importClasses(Planted.CLEAN));

    assertThat(result.getFailureReport().getDetails()).isEmpty();
  }
}
