package io.peerfix.lab;

import java.util.List;

/** A lab as it is now: its recorded state and, per member, what the kernel says about it. */
public record LabStatus(LabState state, List<Member> members) {
  public LabStatus {
    members = List.copyOf(members);
  }

  /** One member: its namespace, whether it exists, its IPv4 addresses and its programs. */
  public record Member(
      String name,
      String namespace,
      boolean exists,
      List<String> addresses,
      List<Program> programs) {
    public Member {
      addresses = List.copyOf(addresses);
      programs = List.copyOf(programs);
    }
  }

  /** A program the lab started in a member, and whether it still runs there. */
  public record Program(String name, long pid, boolean alive) {}

  /** True when every namespace exists and every program runs. */
  public boolean healthy() {
    return members.stream()
        .allMatch(m -> m.exists() && m.programs().stream().allMatch(Program::alive));
  }
}
