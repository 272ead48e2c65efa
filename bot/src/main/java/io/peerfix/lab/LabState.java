package io.peerfix.lab;

import java.util.List;

/**
 * What {@code lab up} made, written before it makes anything so that {@code down} can remove it all
 * even after a crash: the namespaces (planned, whether or not they exist yet), the resolver
 * directories, the processes started, and whether the build finished ({@code status} is {@code
 * building} or {@code up}).
 */
public record LabState(
    String name,
    String scenario,
    String expectedRootCause,
    int nodes,
    String status,
    String createdAt,
    List<String> namespaces,
    List<String> resolverDirs,
    List<LabProcess> processes) {

  public LabState {
    namespaces = List.copyOf(namespaces);
    resolverDirs = List.copyOf(resolverDirs);
    processes = List.copyOf(processes);
  }

  /** A program the lab started: which member runs it, what it is, its process id. */
  public record LabProcess(String member, String program, long pid) {}

  public LabState withStatus(String newStatus) {
    return new LabState(
        name,
        scenario,
        expectedRootCause,
        nodes,
        newStatus,
        createdAt,
        namespaces,
        resolverDirs,
        processes);
  }

  public LabState withProcesses(List<LabProcess> started) {
    return new LabState(
        name,
        scenario,
        expectedRootCause,
        nodes,
        status,
        createdAt,
        namespaces,
        resolverDirs,
        started);
  }
}
