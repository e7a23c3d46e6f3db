package dev.portcullis.analysis;

import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Questions about one policy: what it allows within some traffic, and whether a flow gets through and why. */
public final class PolicyQueries {
    public static final int DEFAULT_BOX_LIMIT = 1000;

    private PolicyQueries() {
    }

    /** Everything traffic touching a host or zone (as the local or the remote side) that the policy allows. */
    public static List<TrafficSelector> touching(HostMatch host) {
        return List.of(TrafficSelector.ALL.withLocalHosts(HostSet.of(host)),
                TrafficSelector.ALL.withRemoteHosts(HostSet.of(host)));
    }

    /** TCP and UDP traffic to or from a port on either side. */
    public static List<TrafficSelector> onPort(PortSet ports) {
        TrafficSelector tcpUdp = TrafficSelector.ALL.withProtocol(ProtocolMatch.TCP_UDP);
        return List.of(tcpUdp.withLocalPorts(ports), tcpUdp.withRemotePorts(ports));
    }

    /** The allowed part of the union of the selectors, as compact disjoint boxes. */
    public static TrafficAnswer allowed(Policy policy, List<TrafficSelector> selectors, NameResolver resolver,
                                        int boxLimit) {
        List<Rule> asRules = selectors.stream().map(TrafficSelector::asRule).toList();
        PacketSpace space = PacketSpace.of(resolver, List.of(policy), asRules);
        CompiledPolicy compiled = new CompiledPolicy(space, policy);
        int selected = Bdd.FALSE;
        for (Rule rule : asRules) {
            selected = space.bdd.or(selected, space.match(rule, policy.zones()));
        }
        int allowed = space.bdd.and(selected, compiled.allowed());
        List<Boxes.RawBox> raw = Boxes.of(space, allowed, boxLimit + 1);
        List<TrafficBox> boxes = raw.stream().limit(boxLimit).map(b -> Boxes.render(space, b)).toList();
        Optional<Example> example = allowed == Bdd.FALSE ? Optional.empty() : Optional.of(space.example(allowed));
        return new TrafficAnswer(boxes, raw.size() > boxLimit, example);
    }

    /**
     * Can {@code from} reach {@code to} on these ports with this protocol? For direction OUT the local host is the
     * source, for IN the destination; BOTH asks about either.
     */
    public static ReachAnswer canReach(Policy policy, HostSet from, HostSet to, ProtocolMatch protocol, PortSet ports,
                                       Direction direction, NameResolver resolver) {
        List<TrafficSelector> flows = new ArrayList<>();
        TrafficSelector base = TrafficSelector.ALL.withProtocol(protocol);
        if (direction.covers(Direction.OUT)) {
            flows.add(base.withDirection(Direction.OUT).withLocalHosts(from).withRemoteHosts(to).withRemotePorts(ports));
        }
        if (direction.covers(Direction.IN)) {
            flows.add(base.withDirection(Direction.IN).withRemoteHosts(from).withLocalHosts(to).withLocalPorts(ports));
        }
        return reach(policy, flows, resolver);
    }

    /** Which rules decide the traffic the selectors describe, with what action, and whether all of it passes. */
    public static ReachAnswer reach(Policy policy, List<TrafficSelector> selectors, NameResolver resolver) {
        List<Rule> asRules = selectors.stream().map(TrafficSelector::asRule).toList();
        PacketSpace space = PacketSpace.of(resolver, List.of(policy), asRules);
        CompiledPolicy compiled = new CompiledPolicy(space, policy);
        Bdd bdd = space.bdd;
        int flows = Bdd.FALSE;
        for (Rule rule : asRules) {
            flows = bdd.or(flows, space.match(rule, policy.zones()));
        }
        List<ReachAnswer.Decision> decisions = new ArrayList<>();
        for (int d : compiled.decidersOf(flows, null)) {
            int decided = bdd.and(flows, compiled.deciderSet(d));
            decisions.add(new ReachAnswer.Decision(compiled.deciderName(d), compiled.deciderAction(d),
                    space.example(decided)));
        }
        int allowed = bdd.and(flows, compiled.allowed());
        ReachAnswer.Reachability reachability = allowed == Bdd.FALSE ? ReachAnswer.Reachability.NEVER
                : allowed == flows ? ReachAnswer.Reachability.ALWAYS : ReachAnswer.Reachability.SOMETIMES;
        return new ReachAnswer(reachability, decisions);
    }
}
