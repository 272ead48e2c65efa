package io.peerfix.cli;

import io.peerfix.approval.FixGuard;
import io.peerfix.approval.LabApprovers;
import io.peerfix.common.UserInputException;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixStore;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * Where {@code peerfix fix ...} finds the fixes: the running lab's fix store ({@code --lab}, with
 * {@code --lab-name}). In the lab, approvers are the user {@code demo-approver} unless a
 * configuration file says otherwise; the requester may not approve their own fix.
 */
final class FixWhere {

  @Option(names = "--lab", description = "The fixes of the running lab.")
  boolean lab;

  @Option(
      names = "--lab-name",
      defaultValue = Lab.DEFAULT_NAME,
      paramLabel = "NAME",
      description = "The lab (default: ${DEFAULT-VALUE}).")
  String labName;

  /** The lab's state directory, checked to exist. */
  Path labState() {
    if (!lab) {
      throw new UserInputException(
          "only the lab's fixes can be handled so far: add --lab (and --lab-name NAME if it is not"
              + " '"
              + Lab.DEFAULT_NAME
              + "')");
    }
    Path dir = LabPaths.standard().stateDir(labName);
    if (!Files.isDirectory(dir)) {
      throw new UserInputException(
          "there is no lab named '"
              + labName
              + "': start one with peerfix lab up --name "
              + labName);
    }
    return dir;
  }

  FixStore store() {
    return new LabFixStore(labState());
  }

  ApprovalPolicy policy() {
    return LabApprovers.POLICY;
  }

  FixGuard guard() {
    return new FixGuard(store(), policy(), Clock.systemUTC());
  }
}
