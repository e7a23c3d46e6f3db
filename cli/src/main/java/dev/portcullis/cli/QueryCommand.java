package dev.portcullis.cli;

import dev.portcullis.analysis.PolicyQueries;
import dev.portcullis.analysis.ReachAnswer;
import dev.portcullis.analysis.TrafficAnswer;
import dev.portcullis.analysis.TrafficBox;
import dev.portcullis.analysis.TrafficSelector;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code portcullis query POLICY ...}: what the policy allows to or from a host, zone or port, or whether one host
 * can reach another on a port and which rule decides.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Ask a policy about traffic, exactly.",
                "With --from and --to: can FROM reach TO (on --port, with --proto)? The answer is always, sometimes"
                        + " (e.g. only from some source ports) or never, with each deciding rule and an example packet.",
                "Otherwise: what traffic the policy allows to or from --host, --zone and/or --port (either side), as"
                        + " a compact list of boxes (direction, protocol, addresses, ports)."},
        footer = {"", "Examples:", "  portcullis query home.yaml --host 203.0.113.5",
                "  portcullis query home.yaml --from 10.0.0.2 --to 203.0.113.5 --port 443 --proto tcp",
                ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:answered", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"})
public final class QueryCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file (YAML).")
    Path policyFile;

    @Option(names = "--host", paramLabel = "HOST", description = "An address, prefix, range or host name.")
    String host;

    @Option(names = "--zone", paramLabel = "ZONE", description = "A zone the policy defines.")
    String zone;

    @Option(names = "--port", paramLabel = "PORT", description = "A port or range, e.g. 22 or 6660-6670.")
    String port;

    @Option(names = "--proto", paramLabel = "PROTO", description = "tcp, udp, tcp+udp, icmp, icmpv6, any or a number.")
    String proto;

    @Option(names = "--from", paramLabel = "HOST", description = "Source host (address, prefix, name or zone:NAME).")
    String from;

    @Option(names = "--to", paramLabel = "HOST", description = "Destination host (address, prefix, name or zone:NAME).")
    String to;

    @Option(names = "--direction", paramLabel = "in|out|both", defaultValue = "both",
            description = "With --from/--to: out when FROM is the protected host, in when TO is. Default: ${DEFAULT-VALUE}.")
    String direction;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N boxes. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    JsonOption json;

    record AllowedAnswer(String policy, List<java.util.Map<String, String>> allowed, boolean truncated,
                         AnalysisViews.ExampleView example) {
    }

    record ReachView(String policy, String reachability, List<AnalysisViews.DecisionView> decisions) {
    }

    @Override
    public Integer call() {
        Policy policy = policyOptions.load(policyFile);
        if (zone != null && policy.zone(zone).isEmpty()) {
            throw Arguments.invalid("--zone", "zone '" + zone + "' is not defined by " + policyFile,
                    dev.portcullis.model.Suggestions.hint(zone, policy.zones().stream()
                            .map(dev.portcullis.model.Zone::name).toList(), "zone"));
        }
        ProtocolMatch protocol = proto == null ? null : Arguments.parse("--protocol", proto,
                p -> ProtocolMatch.parse(p, List.of()), "write tcp, udp, tcp+udp, icmp, icmpv6, any or a number");
        PortSet ports = port == null ? PortSet.ANY : new PortSet(List.of(Arguments.parse("--port", port,
                PortRange::parse, "write a port (25) or a range (6660-6670)")));
        if (port != null && protocol == null) {
            protocol = ProtocolMatch.TCP_UDP;
        }
        Output output = new Output(spec.commandLine().getOut(), json.enabled());
        if (from != null || to != null) {
            if (from == null || to == null) {
                throw Arguments.invalid(from == null ? "--to" : "--from", "--from and --to go together",
                        "give both: --from HOST --to HOST");
            }
            ReachAnswer answer = PolicyQueries.canReach(policy, hosts(from), hosts(to),
                    protocol == null ? ProtocolMatch.ANY : protocol, ports, Arguments.parse("--direction", direction,
                            Direction::parse, "write in, out or both"),
                    policyOptions.resolver());
            StringBuilder text = new StringBuilder(from + " -> " + to + (port == null ? "" : " port " + port) + ": "
                    + answer.reachability().name().toLowerCase(java.util.Locale.ROOT) + "\n");
            for (ReachAnswer.Decision decision : answer.decisions()) {
                text.append("    ").append(decision.action().keyword()).append(" by ").append(decision.rule())
                        .append(", e.g. ").append(decision.example()).append('\n');
            }
            output.print(new ReachView(policy.name(), answer.reachability().name().toLowerCase(java.util.Locale.ROOT),
                    answer.decisions().stream().map(AnalysisViews.DecisionView::of).toList()), text.toString());
            return ExitCodes.OK;
        }
        List<TrafficSelector> selectors = selectors(protocol, ports);
        TrafficAnswer answer = PolicyQueries.allowed(policy, selectors, policyOptions.resolver(), limit);
        StringBuilder text = new StringBuilder(answer.boxes().isEmpty() ? "nothing is allowed\n" : "allowed:\n");
        for (TrafficBox box : answer.boxes()) {
            text.append("    ").append(box).append('\n');
        }
        if (answer.truncated()) {
            text.append("    ... (more than ").append(limit).append(" boxes; raise --limit)\n");
        }
        answer.example().ifPresent(e -> text.append("example: ").append(e).append('\n'));
        output.print(new AllowedAnswer(policy.name(), AnalysisViews.boxes(answer.boxes()), answer.truncated(),
                answer.example().map(AnalysisViews.ExampleView::of).orElse(null)), text.toString());
        return ExitCodes.OK;
    }

    /** Host and port may each be on either side, so the question is the union of the side combinations. */
    private List<TrafficSelector> selectors(ProtocolMatch protocol, PortSet ports) {
        List<TrafficSelector> selectors = new ArrayList<>(List.of(protocol == null ? TrafficSelector.ALL
                : TrafficSelector.ALL.withProtocol(protocol)));
        for (String where : new String[] {host, zone == null ? null : "zone:" + zone}) {
            if (where == null) {
                continue;
            }
            HostSet set = hosts(where);
            List<TrafficSelector> next = new ArrayList<>();
            for (TrafficSelector s : selectors) {
                next.add(s.withLocalHosts(set));
                next.add(s.withRemoteHosts(set));
            }
            selectors = next;
        }
        if (port != null) {
            List<TrafficSelector> next = new ArrayList<>();
            for (TrafficSelector s : selectors) {
                next.add(s.withLocalPorts(ports));
                next.add(s.withRemotePorts(ports));
            }
            selectors = next;
        }
        return selectors;
    }

    private static HostSet hosts(String text) {
        return HostSet.of(Arguments.parse("HOST", text, HostMatch::parse,
                "write an address, a prefix, a range, a host name or zone:NAME"));
    }
}
