package dev.portcullis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.Preset;
import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import dev.portcullis.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, item 1: nothing a preset ships may open local ports nobody named. With every built-in preset at its
 * defaults, and with the README's example policies, an inbound connection from a remote port of 1024 or above
 * (and from the classic source ports 20, 53 and 443, which the e-mail gateway's "In/Out" rows used to open) to the
 * host's SSH (22) or MySQL (3306) port is not allowed, unless a rule of the policy names that very port. The
 * engine is the judge; the host names the presets use resolve to addresses the probes do not come from, and
 * probes also come from inside every zone.
 */
class UnnamedLocalPortsTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final NameResolver RESOLVER = NameResolver.fixed(Map.of(
            "icq.mirabilis.com", List.of("192.0.2.40")));
    private static final List<Integer> REMOTE_PORTS = List.of(20, 53, 443, 1024, 4000, 20000, 40000, 65535);
    private static final List<String> REMOTE_ADDRESSES = List.of("198.51.100.7", "10.199.9.5", "2001:db8::7");

    static Stream<Arguments> policies() {
        List<Arguments> all = new ArrayList<>();
        for (Preset preset : CATALOG.presets()) {
            String text = "mode: block-most\nzones:\n  internet: {}\n  lan: { addresses: [10.199.9.0/24] }\n"
                    + "rules:\n  - preset: " + preset.id() + "\n";
            all.add(Arguments.of("preset " + preset.id(), PolicyLoader.load(text, preset.id() + ".yaml")));
        }
        Path examples = Path.of("..", "examples");
        for (String example : List.of("home-messaging.yaml", "spam-appliance.yaml")) {
            all.add(Arguments.of("example " + example, PolicyLoader.load(examples.resolve(example))));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void noInboundConnectionReachesAnUnnamedLocalPort(String name, Policy policy) {
        FirstMatchEvaluator evaluator = new FirstMatchEvaluator(policy, RESOLVER);
        for (int localPort : List.of(22, 3306)) {
            for (int protocol : List.of(IpProtocols.TCP, IpProtocols.UDP)) {
                for (String remote : REMOTE_ADDRESSES) {
                    String local = remote.contains(":") ? "2001:db8:1::2" : "10.199.1.2";
                    for (int remotePort : REMOTE_PORTS) {
                        Packet probe = Packet.of(Direction.IN, protocol, remote, remotePort, local, localPort);
                        Decision decision = evaluator.decide(probe);
                        if (decision.verdict() == Action.ALLOW) {
                            Rule rule = decision.rule().orElseThrow(() -> new AssertionError(name
                                    + " allows " + probe + " by its default"));
                            assertThat(namesThePort(rule, localPort)).as(name + ": rule " + rule.id()
                                    + " lets " + probe + " reach local port " + localPort + " without naming it")
                                    .isTrue();
                        }
                    }
                }
            }
        }
    }

    /** A rule names a port when its local port clause is that port, or a short list or range that holds it. */
    private static boolean namesThePort(Rule rule, int port) {
        long size = rule.localPorts().normalized().stream().mapToLong(r -> r.size()).sum();
        return !rule.localPorts().isAny() && rule.localPorts().contains(port) && size <= 16;
    }
}
