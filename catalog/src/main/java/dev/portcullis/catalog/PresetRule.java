package dev.portcullis.catalog;

import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.SourceRef;
import dev.portcullis.model.StateMatch;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule template inside a preset: a {@link dev.portcullis.model.Rule} whose hosts, ports and session timeout
 * may refer to parameters and whose parts may depend on options. Everything fixed was validated when the file
 * was loaded; expansion only substitutes parameters and applies options.
 *
 * @param id                    unique within the preset; the expanded rule is {@code <instance>.<id>}
 * @param when                  the whole rule exists only under this condition
 * @param minimumSessionTimeout a parameterised timeout may not go below this (ICQ: at least 300 s)
 * @param source                the rule's block or row in the reference document
 * @param sharedRule            the id of the shared rule this one was taken from ({@code use: http-connection})
 * @param notes                 how the catalog resolved an ambiguity of the source for this rule
 * @param published             the rule as the source published it, where the preset deliberately differs (ICQ's
 *                              inbound rule names a local port the document does not); empty when they agree
 */
public record PresetRule(
        String id,
        String name,
        Action action,
        Direction direction,
        ProtocolMatch protocol,
        List<Term<HostMatch>> localHosts,
        List<Term<PortRange>> localPorts,
        List<Term<HostMatch>> remoteHosts,
        List<Term<PortRange>> remotePorts,
        StateMatch state,
        Optional<Term<Duration>> sessionTimeout,
        Optional<Duration> minimumSessionTimeout,
        Optional<String> conntrackHelper,
        Optional<Condition> when,
        String purpose,
        String advice,
        Optional<SourceRef> source,
        Optional<String> sharedRule,
        String notes,
        String published) {

    public PresetRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(state, "state");
        name = name == null || name.isBlank() ? id : name;
        localHosts = List.copyOf(localHosts);
        localPorts = List.copyOf(localPorts);
        remoteHosts = List.copyOf(remoteHosts);
        remotePorts = List.copyOf(remotePorts);
        purpose = purpose == null ? "" : purpose;
        advice = advice == null ? "" : advice;
        notes = notes == null ? "" : notes;
        published = published == null ? "" : published;
    }

    /** The same template under another id and title, as a preset that uses a shared rule names it. */
    public PresetRule renamed(String newId, String newName, Optional<SourceRef> newSource) {
        return new PresetRule(newId, newName, action, direction, protocol, localHosts, localPorts, remoteHosts,
                remotePorts, state, sessionTimeout, minimumSessionTimeout, conntrackHelper, when, purpose, advice,
                newSource.or(() -> source), sharedRule, notes, published);
    }

    /** The same template marked as taken from shared rule {@code sharedId}. */
    public PresetRule sharedAs(String sharedId) {
        return new PresetRule(id, name, action, direction, protocol, localHosts, localPorts, remoteHosts,
                remotePorts, state, sessionTimeout, minimumSessionTimeout, conntrackHelper, when, purpose, advice,
                source, Optional.of(sharedId), notes, published);
    }
}
