package dev.portcullis.analysis;

import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;

/**
 * A class of traffic to ask about, written like a rule's match clauses (local/remote relative to the protected
 * host). Queries take a list of selectors and mean their union.
 */
public record TrafficSelector(Direction direction, ProtocolMatch protocol, HostSet localHosts, PortSet localPorts,
                              HostSet remoteHosts, PortSet remotePorts) {
    public static final TrafficSelector ALL = new TrafficSelector(Direction.BOTH, ProtocolMatch.ANY, HostSet.ANY,
            PortSet.ANY, HostSet.ANY, PortSet.ANY);

    public TrafficSelector withDirection(Direction value) {
        return new TrafficSelector(value, protocol, localHosts, localPorts, remoteHosts, remotePorts);
    }

    public TrafficSelector withProtocol(ProtocolMatch value) {
        return new TrafficSelector(direction, value, localHosts, localPorts, remoteHosts, remotePorts);
    }

    public TrafficSelector withLocalHosts(HostSet value) {
        return new TrafficSelector(direction, protocol, value, localPorts, remoteHosts, remotePorts);
    }

    public TrafficSelector withRemoteHosts(HostSet value) {
        return new TrafficSelector(direction, protocol, localHosts, localPorts, value, remotePorts);
    }

    public TrafficSelector withLocalPorts(PortSet value) {
        return new TrafficSelector(direction, protocol, localHosts, value, remoteHosts, remotePorts);
    }

    public TrafficSelector withRemotePorts(PortSet value) {
        return new TrafficSelector(direction, protocol, localHosts, localPorts, remoteHosts, value);
    }

    /** The same clauses as a rule, so the one rule encoder defines what a selector means. */
    Rule asRule() {
        return Rule.builder("query").action(Action.ALLOW).direction(direction).protocol(protocol)
                .localHosts(localHosts).localPorts(localPorts).remoteHosts(remoteHosts).remotePorts(remotePorts)
                .build();
    }
}
