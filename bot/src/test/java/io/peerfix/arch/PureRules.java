package io.peerfix.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a pure package may use, as an allow-list: its own and the other pure packages, the IP
 * address library, and the parts of {@code java.lang}, {@code java.util}, {@code java.time}, {@code
 * java.math}, {@code java.text}, {@code java.nio} buffers, {@code java.nio.charset} and {@code
 * java.security.MessageDigest} that hold values and logic. Anything else (a client library, an edge
 * package, files, sockets, processes) fails because it is not listed; within the allowed packages,
 * the classes and calls that reach the outside world are listed as forbidden: threads and
 * executors, the system clock, the environment and system properties, class-path resources,
 * reflection and class loading. A rule that finds no classes fails.
 */
final class PureRules {
  private PureRules() {}

  /** java.lang, java.util and java.time classes that start threads, processes or load code. */
  static final Set<String> FORBIDDEN_CLASSES =
      Set.of(
          "java.lang.Thread",
          "java.lang.Thread$Builder",
          "java.lang.ThreadGroup",
          "java.lang.Process",
          "java.lang.ProcessBuilder",
          "java.lang.ProcessHandle",
          "java.lang.Runtime",
          "java.lang.ClassLoader",
          "java.lang.InheritableThreadLocal",
          "java.util.Timer",
          "java.util.TimerTask",
          "java.util.ServiceLoader",
          "java.util.concurrent.Executors",
          "java.util.concurrent.ThreadPoolExecutor",
          "java.util.concurrent.ScheduledThreadPoolExecutor",
          "java.util.concurrent.ForkJoinPool",
          "java.util.concurrent.ForkJoinTask",
          "java.util.concurrent.CompletableFuture",
          "java.util.concurrent.ThreadFactory",
          "java.util.prefs.Preferences");

  private static final DescribedPredicate<JavaClass> ALLOWED_PACKAGES =
      resideInAnyPackage(
          "java.lang",
          "java.nio",
          "java.util..",
          "java.time..",
          "java.math..",
          "java.text..",
          "java.nio.charset..",
          "inet.ipaddr..");

  private static final DescribedPredicate<JavaClass> ALLOWED_SINGLE =
      DescribedPredicate.describe(
          "java.security.MessageDigest or a java.io value (Serializable, UncheckedIOException,"
              + " IOException)",
          c ->
              Set.of(
                      "java.security.MessageDigest",
                      "java.security.NoSuchAlgorithmException",
                      "java.security.GeneralSecurityException",
                      "java.io.Serializable",
                      "java.io.UncheckedIOException",
                      "java.io.IOException")
                  .contains(c.getName()));

  private static final DescribedPredicate<JavaClass> FORBIDDEN =
      DescribedPredicate.describe(
          "a thread, process, executor, class loader or timer",
          c -> FORBIDDEN_CLASSES.contains(c.getName()));

  /** Calls that reach the outside world from otherwise allowed classes. */
  private static final DescribedPredicate<JavaAccess<?>> OUTSIDE_CALLS =
      DescribedPredicate.describe(
          "reading the clock, the environment, system properties or class-path resources, or"
              + " running in parallel",
          a -> {
            String owner = a.getTargetOwner().getName();
            String name = a.getName();
            return switch (owner) {
              case "java.lang.System" ->
                  Set.of(
                          "currentTimeMillis",
                          "nanoTime",
                          "getenv",
                          "getProperty",
                          "getProperties",
                          "setProperty",
                          "exit",
                          "load",
                          "loadLibrary",
                          "console",
                          "getLogger",
                          "in",
                          "out",
                          "err")
                      .contains(name);
              case "java.lang.Class" ->
                  name.startsWith("getResource")
                      || name.equals("forName")
                      || name.equals("getClassLoader");
              case "java.time.Clock" -> name.startsWith("system") || name.equals("tickMillis");
              case "java.util.Collection", "java.util.List", "java.util.Set" ->
                  name.equals("parallelStream");
              case "java.util.stream.Stream",
                      "java.util.stream.BaseStream",
                      "java.util.stream.IntStream",
                      "java.util.stream.LongStream" ->
                  name.equals("parallel");
              default -> owner.startsWith("java.time.") && name.equals("now");
            };
          });

  /** The rules for classes in {@code pure}, which may also use each other. */
  static ArchRule pure(String... pure) {
    return pure(Set.of(), pure);
  }

  /** As above, leaving out the classes named in {@code exempt}. */
  static ArchRule pure(Set<String> exempt, String... pure) {
    DescribedPredicate<JavaClass> checked =
        resideInAnyPackage(pure)
            .and(not(DescribedPredicate.describe("exempt", c -> exempt.contains(c.getName()))))
            .as(
                "classes in "
                    + String.join(", ", pure)
                    + (exempt.isEmpty() ? "" : " but " + exempt));
    String[] own =
        Stream.concat(Arrays.stream(pure), Stream.of("io.peerfix.common")).toArray(String[]::new);
    ArchRule dependencies =
        classes()
            .that(checked)
            .should()
            .onlyDependOnClassesThat(
                resideInAnyPackage(own)
                    .or(ALLOWED_PACKAGES.and(not(FORBIDDEN)))
                    .or(ALLOWED_SINGLE)
                    .as("a pure package, the IP library, or the value parts of the JDK"))
            .because("pure packages hold values and logic: no I/O, clock, threads or environment");
    ArchRule calls =
        noClasses()
            .that(checked)
            .should()
            .accessTargetWhere(OUTSIDE_CALLS)
            .because("pure packages read no clock, environment or resources and start no thread");
    return CompositeArchRule.of(dependencies).and(calls);
  }
}
