package dev.portcullis.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.portcullis.catalog.PresetInstance;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.Durations;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.Zone;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link PolicyDocument} as a policy file in the format {@link PolicyLoader} reads, leaving out what
 * equals the default so that the file shows only the author's decisions. Loading the output gives the same rules.
 */
public final class PolicyWriter {
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private PolicyWriter() {
    }

    /** The policy as YAML text, preceded by {@code header} lines written as comments (none when empty). */
    public static String write(PolicyDocument document, List<String> header) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", document.name());
        root.put("mode", document.mode().keyword());
        Map<String, Object> settings = settings(document.settings());
        if (!settings.isEmpty()) {
            root.put("settings", settings);
        }
        if (!document.zones().isEmpty()) {
            Map<String, Object> zones = new LinkedHashMap<>();
            document.zones().forEach(zone -> zones.put(zone.name(), zone(zone)));
            root.put("zones", zones);
        }
        root.put("rules", document.entries().stream().map(PolicyWriter::entry).toList());
        StringBuilder text = new StringBuilder();
        header.forEach(line -> text.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
        try {
            return text.append(YAML.writeValueAsString(root)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps and lists always serialise: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> settings(Settings settings) {
        Settings d = Settings.DEFAULTS;
        Map<String, Object> map = new LinkedHashMap<>();
        if (settings.stateful() != d.stateful()) {
            map.put("stateful", settings.stateful());
        }
        if (!settings.ephemeralPorts().equals(d.ephemeralPorts())) {
            map.put("ephemeral-ports", port(settings.ephemeralPorts()));
        }
        putDuration(map, "udp-timeout", settings.udpTimeout(), d.udpTimeout());
        putDuration(map, "tcp-established-timeout", settings.tcpEstablishedTimeout(), d.tcpEstablishedTimeout());
        putDuration(map, "tcp-transitory-timeout", settings.tcpTransitoryTimeout(), d.tcpTransitoryTimeout());
        putDuration(map, "icmp-timeout", settings.icmpTimeout(), d.icmpTimeout());
        if (!settings.management().isEmpty()) {
            map.put("management", settings.management().stream().map(access -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("from", access.from().text());
                entry.put("port", access.port());
                return entry;
            }).toList());
        }
        return map;
    }

    private static void putDuration(Map<String, Object> map, String key, java.time.Duration value,
                                     java.time.Duration standard) {
        if (!value.equals(standard)) {
            map.put(key, Durations.format(value));
        }
    }

    private static Map<String, Object> zone(Zone zone) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (!zone.addresses().isEmpty()) {
            map.put("addresses", zone.addresses().stream().map(HostMatch.AddressBlock::text).toList());
        }
        if (!zone.interfaces().isEmpty()) {
            map.put("interfaces", zone.interfaces());
        }
        if (!zone.description().isEmpty()) {
            map.put("description", zone.description());
        }
        return map;
    }

    private static Map<String, Object> entry(PolicyEntry entry) {
        return switch (entry) {
            case PolicyEntry.PlainRule plain -> rule(plain.rule());
            case PolicyEntry.PresetUse use -> preset(use.instance());
        };
    }

    private static Map<String, Object> preset(PresetInstance instance) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("preset", instance.presetId());
        if (!instance.instanceName().equals(instance.presetId())) {
            map.put("instance", instance.instanceName());
        }
        // Sorted: the instance keeps no order, and a stable file diffs well.
        if (!instance.parameters().isEmpty()) {
            map.put("parameters", new TreeMap<>(instance.parameters()));
        }
        if (!instance.options().isEmpty()) {
            map.put("options", new TreeMap<>(instance.options()));
        }
        return map;
    }

    private static Map<String, Object> rule(Rule rule) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", rule.id());
        if (!rule.name().equals(rule.id())) {
            map.put("name", rule.name());
        }
        map.put("action", rule.action().keyword());
        map.put("direction", rule.direction().keyword());
        if (!(rule.protocol() instanceof ProtocolMatch.AnyProtocol)) {
            map.put("protocol", rule.protocol().keyword());
        }
        List<IcmpType> types = switch (rule.protocol()) {
            case ProtocolMatch.Icmp icmp -> icmp.types();
            case ProtocolMatch.Icmpv6 icmp -> icmp.types();
            default -> List.of();
        };
        if (!types.isEmpty()) {
            map.put("icmp-types", types.stream().map(t -> t.code().isPresent() ? (Object) t.toString() : t.type()).toList());
        }
        putPorts(map, "local-ports", rule.localPorts());
        putPorts(map, "remote-ports", rule.remotePorts());
        putHosts(map, "local-hosts", rule.localHosts());
        putHosts(map, "remote-hosts", rule.remoteHosts());
        if (rule.state() != StateMatch.ANY) {
            map.put("state", rule.state().keyword());
        }
        rule.application().ifPresent(app -> map.put("application", app.toString()));
        rule.sessionTimeout().ifPresent(timeout -> map.put("session-timeout", Durations.format(timeout)));
        rule.conntrackHelper().ifPresent(helper -> map.put("helper", helper));
        if (rule.log()) {
            map.put("log", true);
        }
        if (!rule.enabled()) {
            map.put("enabled", false);
        }
        if (!rule.purpose().isEmpty()) {
            map.put("purpose", rule.purpose());
        }
        if (!rule.advice().isEmpty()) {
            map.put("advice", rule.advice());
        }
        return map;
    }

    private static void putPorts(Map<String, Object> map, String key, PortSet ports) {
        if (!ports.isAny()) {
            map.put(key, ports.ranges().stream().map(PolicyWriter::port).toList());
        }
    }

    /** A service name as written, a single port as a number, a range as {@code first-last}. */
    private static Object port(PortRange range) {
        if (range.serviceName().isPresent()) {
            return range.serviceName().get();
        }
        return range.isSingle() ? (Object) range.first() : range.first() + "-" + range.last();
    }

    private static void putHosts(Map<String, Object> map, String key, HostSet hosts) {
        if (!hosts.isAny()) {
            map.put(key, hosts.entries().stream().map(HostMatch::toString).toList());
        }
    }
}
