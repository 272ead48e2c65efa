package io.peerfix.cli;

import io.peerfix.common.UserInputException;
import io.peerfix.probe.Durations;
import io.peerfix.slack.Serve;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix serve}: the Slack bot, over Socket Mode (the default) or HTTP. Only plain values
 * cross from here to {@link Serve}, so the other subcommands never load a Slack class.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Slack bot: /peerfix commands, the live diagnosis message.",
      "Environment: SLACK_BOT_TOKEN; SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP);",
      "SLACK_API_URL (optional: the Web API base URL, for tests and proxies)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped",
      "1:the bot could not start (e.g. Slack unreachable, port in use)",
      "2:bad input: a missing or malformed setting, a token Slack refuses"
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "Serve Slack's requests over HTTP on PORT (path /slack/events) instead of Socket Mode.")
  Integer httpPort;

  @Option(
      names = "--health-port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "In Socket Mode, serve /livez and /readyz on PORT (default: ${DEFAULT-VALUE}).")
  int healthPort;

  @Option(
      names = "--bind",
      defaultValue = "0.0.0.0",
      paramLabel = "ADDRESS",
      description = "The address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--lab",
      description =
          "Serve the running lab: its targets, fixes and agents (with --config FILE, only the"
              + " file's approvers and slack sections are used; without, the lab's demo approver).")
  boolean lab;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Serve the cluster and AWS account this configuration file describes (targets, cluster,"
              + " aws, slack sections); Kubernetes by fabric8's discovery (in a pod: its service"
              + " account), AWS with the SDK's default credentials.")
  Path config;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "With --config: the kubeconfig file to use instead of the discovery.")
  Path kubeconfig;

  @Option(
      names = "--lab-name",
      defaultValue = "peerfix",
      paramLabel = "NAME",
      description = "The lab to serve (default: ${DEFAULT-VALUE}).")
  String labName;

  @Option(
      names = "--timeout",
      defaultValue = "2s",
      paramLabel = "DURATION",
      description = "Time each probe's connect may take (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws Exception {
    if (!lab && config == null) {
      throw new UserInputException(
          "say what to serve: --config FILE for a cluster and AWS account, or --lab (and"
              + " --lab-name NAME if it is not 'peerfix')");
    }
    if (kubeconfig != null && (config == null || lab)) {
      throw new UserInputException("--kubeconfig goes with --config FILE, for a cluster");
    }
    if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
      throw new UserInputException("--http-port " + httpPort + " is not a port in 0-65535");
    }
    if (healthPort < 0 || healthPort > 65535) {
      throw new UserInputException("--health-port " + healthPort + " is not a port in 0-65535");
    }
    Serve.Request request =
        new Serve.Request(
            bind,
            httpPort == null ? OptionalInt.empty() : OptionalInt.of(httpPort),
            healthPort,
            lab,
            labName,
            Optional.ofNullable(config),
            Optional.ofNullable(kubeconfig),
            Durations.parse("--timeout", timeout));
    return Serve.run(request, System.getenv(), spec.commandLine().getErr());
  }
}
