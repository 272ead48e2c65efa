package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Pod Security Standards' baseline and restricted checks (kubernetes.io/docs/concepts/security/
 * pod-security-standards, the controls the pod-security admission plugin enforces for Linux pods),
 * applied to a pod spec. Each violation is a short stable name such as {@code hostNetwork} or
 * {@code capabilities.add:NET_ADMIN}, so a test can compare the set with the documented exceptions.
 */
final class PodSecurityStandards {
  /** The capabilities baseline allows a container to add (the container runtimes' defaults). */
  static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  private PodSecurityStandards() {}

  /** Violations of baseline and of restricted's further controls. */
  static Set<String> restrictedViolations(PodSpec pod) {
    Set<String> found = new TreeSet<>(baselineViolations(pod));
    PodSecurityContext podContext =
        Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
    for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
      if (!restrictedVolume(v)) {
        found.add("volume:" + v.getName());
      }
    }
    for (Container c : containers(pod)) {
      SecurityContext sc =
          Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        found.add("allowPrivilegeEscalation");
      }
      Boolean nonRoot =
          sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podContext.getRunAsNonRoot();
      if (!Boolean.TRUE.equals(nonRoot)) {
        found.add("runAsNonRoot");
      }
      Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : podContext.getRunAsUser();
      if (user != null && user == 0L) {
        found.add("runAsUser=0");
      }
      SeccompProfile seccomp =
          sc.getSeccompProfile() != null ? sc.getSeccompProfile() : podContext.getSeccompProfile();
      if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
        found.add("seccompProfile");
      }
      Capabilities caps = Optional.ofNullable(sc.getCapabilities()).orElseGet(Capabilities::new);
      if (caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
        found.add("capabilities.drop:ALL");
      }
      for (String added : caps.getAdd() == null ? List.<String>of() : caps.getAdd()) {
        if (!added.equals("NET_BIND_SERVICE")) {
          found.add("capabilities.add:" + added);
        }
      }
    }
    return found;
  }

  static Set<String> baselineViolations(PodSpec pod) {
    Set<String> found = new TreeSet<>();
    if (Boolean.TRUE.equals(pod.getHostNetwork())) {
      found.add("hostNetwork");
    }
    if (Boolean.TRUE.equals(pod.getHostPID())) {
      found.add("hostPID");
    }
    if (Boolean.TRUE.equals(pod.getHostIPC())) {
      found.add("hostIPC");
    }
    PodSecurityContext podContext = pod.getSecurityContext();
    if (podContext != null) {
      seccompUnconfined(podContext.getSeccompProfile()).ifPresent(found::add);
      if (podContext.getSysctls() != null && !podContext.getSysctls().isEmpty()) {
        found.add("sysctls");
      }
      if (podContext.getSeLinuxOptions() != null) {
        found.add("seLinuxOptions");
      }
    }
    for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
      if (v.getHostPath() != null) {
        found.add("hostPath:" + v.getHostPath().getPath());
      }
    }
    for (Container c : containers(pod)) {
      for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
        if (p.getHostPort() != null && p.getHostPort() != 0) {
          found.add("hostPort:" + p.getHostPort());
        }
      }
      SecurityContext sc = c.getSecurityContext();
      if (sc == null) {
        continue;
      }
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        found.add("privileged");
      }
      if (sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
        found.add("procMount");
      }
      if (sc.getSeLinuxOptions() != null) {
        found.add("seLinuxOptions");
      }
      seccompUnconfined(sc.getSeccompProfile()).ifPresent(found::add);
      if (sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null) {
        sc.getCapabilities().getAdd().stream()
            .filter(a -> !BASELINE_CAPABILITIES.contains(a))
            .forEach(a -> found.add("capabilities.add:" + a));
      }
    }
    return found;
  }

  private static Optional<String> seccompUnconfined(SeccompProfile profile) {
    return profile != null && "Unconfined".equals(profile.getType())
        ? Optional.of("seccompProfile:Unconfined")
        : Optional.empty();
  }

  private static boolean restrictedVolume(Volume v) {
    return v.getConfigMap() != null
        || v.getCsi() != null
        || v.getDownwardAPI() != null
        || v.getEmptyDir() != null
        || v.getEphemeral() != null
        || v.getPersistentVolumeClaim() != null
        || v.getProjected() != null
        || v.getSecret() != null;
  }

  private static List<Container> containers(PodSpec pod) {
    List<Container> all = new ArrayList<>();
    Stream.of(pod.getInitContainers(), pod.getContainers())
        .filter(l -> l != null)
        .forEach(all::addAll);
    return all;
  }
}
