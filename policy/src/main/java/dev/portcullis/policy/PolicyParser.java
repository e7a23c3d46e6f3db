package dev.portcullis.policy;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.PortRegistry;
import dev.portcullis.catalog.Preset;
import dev.portcullis.catalog.PresetInstance;
import dev.portcullis.catalog.ServiceEntry;
import dev.portcullis.input.Problems;
import dev.portcullis.input.YamlFields;
import dev.portcullis.input.YamlNode;
import dev.portcullis.model.Action;
import dev.portcullis.model.AppSelector;
import dev.portcullis.model.ConntrackHelpers;
import dev.portcullis.model.Direction;
import dev.portcullis.model.Durations;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.Location;
import dev.portcullis.model.Mode;
import dev.portcullis.model.Origin;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.Suggestions;
import dev.portcullis.model.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the located YAML tree of a policy file into a {@link PolicyDocument}, checking every key and value and
 * recording each problem at the place it was written. Preset instances are read but not expanded here: that
 * needs the catalog, and is {@link PolicyLoader}'s job.
 */
final class PolicyParser {
    static final List<String> TOP_KEYS = List.of("name", "mode", "settings", "zones", "rules");
    static final List<String> SETTINGS_KEYS = List.of("stateful", "ephemeral-ports", "udp-timeout",
            "tcp-established-timeout", "tcp-transitory-timeout", "icmp-timeout", "management");
    static final List<String> MANAGEMENT_KEYS = List.of("from", "port");
    static final List<String> ZONE_KEYS = List.of("addresses", "interfaces", "description");
    static final List<String> RULE_KEYS = List.of("id", "name", "action", "direction", "protocol", "icmp-types",
            "local-ports", "remote-ports", "local-hosts", "remote-hosts", "state", "application",
            "session-timeout", "helper", "log", "enabled", "purpose", "advice");
    static final List<String> PRESET_KEYS = List.of("preset", "instance", "parameters", "options");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");
    private static final Pattern INTERFACE = Pattern.compile("(?=.{1,15}$)[A-Za-z0-9_.:@+-]*\\*?");

    private final String defaultName;
    private final Catalog catalog;
    private final PortRegistry services;
    private final Set<String> serviceNames;
    private final Problems problems;
    private final YamlFields fields;
    private final Map<String, Location> zoneNames = new LinkedHashMap<>();

    private PolicyParser(String defaultName, Catalog catalog, Problems problems) {
        this.defaultName = defaultName;
        this.catalog = catalog;
        this.services = catalog.ports();
        this.serviceNames = services.entries().stream().map(ServiceEntry::name)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        this.problems = problems;
        this.fields = new YamlFields(problems);
    }

    /**
     * Reads a whole policy. Returns empty only when problems were recorded; a present document means the file is
     * valid as far as can be told without the catalog.
     */
    static Optional<PolicyDocument> parse(YamlNode root, String defaultName, Catalog catalog, Problems problems) {
        return new PolicyParser(defaultName, catalog, problems).document(root);
    }

    private Optional<PolicyDocument> document(YamlNode root) {
        if (!(root instanceof YamlNode.Mapping top)) {
            problems.add(root.location(), "a policy file must be a mapping with 'mode:' and 'rules:', not "
                    + root.describe(), "start the file with 'mode: block-most' and a 'rules:' list; see examples/");
            return Optional.empty();
        }
        checkKeys(top, TOP_KEYS, "policy");
        String name = top.get("name").flatMap(node -> text(node, "name")).orElse(defaultName);
        Optional<Mode> mode = top.get("mode").isEmpty() ? missing(top, "mode", "add 'mode: block-most' "
                + "(or allow-most, stop-all, disabled, learning) at the top of the file")
                : top.get("mode").flatMap(this::mode);
        Settings settings = top.get("settings").map(this::settings).orElse(Settings.DEFAULTS);
        // Zones first, whatever their place in the file, so that rules can be checked against them.
        List<Zone> zones = top.get("zones").map(this::zones).orElse(List.of());
        List<PolicyEntry> entries = top.get("rules").map(this::entries).orElse(List.of());
        if (!problems.isEmpty() || mode.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PolicyDocument(name, mode.get(), settings, zones, entries));
    }

    private <T> Optional<T> missing(YamlNode.Mapping where, String key, String hint) {
        return fields.missing(where, key, hint);
    }

    private Optional<Mode> mode(YamlNode node) {
        return text(node, "mode").flatMap(word -> {
            try {
                return Optional.of(Mode.parse(word));
            } catch (IllegalArgumentException e) {
                List<String> modes = Arrays.stream(Mode.values()).map(Mode::keyword).toList();
                problems.add(node.location(), "unknown mode '" + word + "'", Suggestions.hint(word, modes, "mode"));
                return Optional.empty();
            }
        });
    }

    // ---- settings -------------------------------------------------------------------------------------------

    private Settings settings(YamlNode node) {
        Settings d = Settings.DEFAULTS;
        Optional<YamlNode.Mapping> found = mapping(node, "settings");
        if (found.isEmpty()) {
            return d;
        }
        YamlNode.Mapping map = found.get();
        checkKeys(map, SETTINGS_KEYS, "settings");
        boolean stateful = map.get("stateful").flatMap(n -> bool(n, "stateful")).orElse(d.stateful());
        PortRange ephemeral = map.get("ephemeral-ports").flatMap(this::singleRange).orElse(d.ephemeralPorts());
        Duration udp = map.get("udp-timeout").flatMap(n -> duration(n, "udp-timeout")).orElse(d.udpTimeout());
        Duration established = map.get("tcp-established-timeout")
                .flatMap(n -> duration(n, "tcp-established-timeout")).orElse(d.tcpEstablishedTimeout());
        Duration transitory = map.get("tcp-transitory-timeout")
                .flatMap(n -> duration(n, "tcp-transitory-timeout")).orElse(d.tcpTransitoryTimeout());
        Duration icmp = map.get("icmp-timeout").flatMap(n -> duration(n, "icmp-timeout")).orElse(d.icmpTimeout());
        List<Settings.ManagementAccess> management = map.get("management").map(this::management)
                .orElse(d.management());
        return new Settings(stateful, ephemeral, udp, established, transitory, icmp, management);
    }

    private Optional<PortRange> singleRange(YamlNode node) {
        Optional<YamlNode.Scalar> scalar = scalar(node, "ephemeral-ports");
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        String text = scalar.get().text().trim();
        if (!PortRange.looksNumeric(text)) {
            problems.add(node.location(), "ephemeral-ports must be one port range such as 1024-65535, not '"
                    + text + "'", "write FIRST-LAST, e.g. 1024-65535");
            return Optional.empty();
        }
        return portNumbers(text, node.location());
    }

    private List<Settings.ManagementAccess> management(YamlNode node) {
        List<Settings.ManagementAccess> accesses = new ArrayList<>();
        for (YamlNode item : list(node, "management")) {
            Optional<YamlNode.Mapping> found = mapping(item, "a management entry");
            if (found.isEmpty()) {
                continue;
            }
            YamlNode.Mapping map = found.get();
            checkKeys(map, MANAGEMENT_KEYS, "management entry");
            Optional<HostMatch.AddressBlock> from = map.get("from").isEmpty()
                    ? missing(map, "from", "give the address the administrator connects from, e.g. from: 192.0.2.10/32")
                    : map.get("from").flatMap(this::addressBlock);
            Optional<Integer> port = map.get("port").isEmpty()
                    ? missing(map, "port", "give the TCP port the administrator uses, e.g. port: 22")
                    : map.get("port").flatMap(n -> portNumber(n, "port"));
            if (from.isPresent() && port.isPresent()) {
                if (port.get() == 0) {
                    problems.add(map.get("port").get().location(), "management port 0 cannot be connected to",
                            "give the port the administrator uses, e.g. 22");
                } else {
                    accesses.add(new Settings.ManagementAccess(from.get(), port.get()));
                }
            }
        }
        return accesses;
    }

    private Optional<Integer> portNumber(YamlNode node, String key) {
        return scalar(node, key).flatMap(scalar -> {
            String text = scalar.text().trim();
            if (!text.matches("\\d+")) {
                problems.add(node.location(), key + " must be a port number, not '" + text + "'",
                        "write a number from 1 to 65535");
                return Optional.empty();
            }
            return portNumbers(text, node.location()).map(PortRange::first);
        });
    }

    // ---- zones ------------------------------------------------------------------------------------------------

    private List<Zone> zones(YamlNode node) {
        Optional<YamlNode.Mapping> found = mapping(node, "zones");
        if (found.isEmpty()) {
            return List.of();
        }
        List<Zone> zones = new ArrayList<>();
        for (YamlNode.Entry entry : found.get().entries()) {
            String name = entry.key();
            if (!IDENTIFIER.matcher(name).matches()) {
                problems.add(entry.keyLocation(), "zone name '" + name + "' is not a plain name",
                        "use letters, digits, '-', '_' and '.', e.g. lan, dmz, internet");
                continue;
            }
            zoneNames.put(name, entry.keyLocation());
            zone(name, entry.value()).ifPresent(zones::add);
        }
        return zones;
    }

    private Optional<Zone> zone(String name, YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return Optional.of(new Zone(name, List.of(), List.of(), ""));
        }
        Optional<YamlNode.Mapping> found = mapping(node, "zone '" + name + "'");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Mapping map = found.get();
        checkKeys(map, ZONE_KEYS, "zone");
        List<HostMatch.AddressBlock> addresses = new ArrayList<>();
        for (YamlNode.Scalar item : items(map.get("addresses"), "addresses")) {
            addressBlock(item).ifPresent(addresses::add);
        }
        List<String> interfaces = new ArrayList<>();
        for (YamlNode.Scalar item : items(map.get("interfaces"), "interfaces")) {
            String text = item.text().trim();
            if (INTERFACE.matcher(text).matches()) {
                interfaces.add(text);
            } else {
                problems.add(item.location(), "'" + text + "' is not an interface name",
                        "interface names have at most 15 letters, digits and '-_.:@+'; a trailing '*' matches a prefix (eth* is eth0, eth1, ...), a '*' elsewhere is refused");
            }
        }
        String description = map.get("description").flatMap(n -> text(n, "description")).orElse("");
        return Optional.of(new Zone(name, addresses, interfaces, description));
    }

    private Optional<HostMatch.AddressBlock> addressBlock(YamlNode node) {
        return scalar(node, "an address").flatMap(scalar -> {
            try {
                return Optional.of(HostMatch.AddressBlock.parse(scalar.text()));
            } catch (IllegalArgumentException e) {
                problems.add(node.location(), e.getMessage(),
                        "write an address (192.0.2.7), a prefix (192.0.2.0/24, 2001:db8::/32) or a range (192.0.2.1-192.0.2.9)");
                return Optional.empty();
            }
        });
    }

    // ---- rules ------------------------------------------------------------------------------------------------

    private List<PolicyEntry> entries(YamlNode node) {
        List<PolicyEntry> entries = new ArrayList<>();
        Map<String, Location> ruleIds = new HashMap<>();
        Map<String, Location> instanceNames = new HashMap<>();
        if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return entries;
        }
        if (!(node instanceof YamlNode.Sequence sequence)) {
            problems.add(node.location(), "'rules' must be a list of rules and preset instances, not "
                    + node.describe(), "write each rule as a list item starting with '- id: ...' or '- preset: ...'");
            return entries;
        }
        for (YamlNode item : sequence.items()) {
            Optional<YamlNode.Mapping> found = mapping(item, "a rules entry");
            if (found.isEmpty()) {
                continue;
            }
            YamlNode.Mapping map = found.get();
            if (map.entry("preset").isPresent()) {
                presetUse(map).ifPresent(use -> {
                    PresetInstance instance = use.instance();
                    Location earlier = instanceNames.putIfAbsent(instance.instanceName(), use.location());
                    if (earlier != null) {
                        problems.add(map.entry("instance").map(YamlNode.Entry::keyLocation).orElse(map.location()),
                                "preset instance name '" + instance.instanceName() + "' is used twice (first at line "
                                        + earlier.line() + ")",
                                "give each use of a preset its own 'instance:' name, e.g. instance: "
                                        + instance.presetId() + "-2");
                    } else {
                        entries.add(use);
                    }
                });
            } else {
                rule(map).ifPresent(plain -> {
                    Location earlier = ruleIds.putIfAbsent(plain.rule().id(), plain.location());
                    if (earlier != null) {
                        problems.add(map.get("id").map(YamlNode::location).orElse(map.location()),
                                "rule id '" + plain.rule().id() + "' is used twice (first at line "
                                        + earlier.line() + ")", "give every rule its own id");
                    } else {
                        entries.add(plain);
                    }
                });
            }
        }
        return entries;
    }

    private Optional<PolicyEntry.PresetUse> presetUse(YamlNode.Mapping map) {
        checkKeys(map, PRESET_KEYS, "preset instance");
        Optional<String> presetId = map.get("preset").flatMap(n -> text(n, "preset"));
        Optional<String> instance = map.get("instance").flatMap(n -> identifier(n, "instance"));
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, Boolean> options = new LinkedHashMap<>();
        Map<String, Location> valueLocations = new HashMap<>();
        map.get("parameters").flatMap(n -> mapping(n, "parameters")).ifPresent(values -> {
            for (YamlNode.Entry entry : values.entries()) {
                parameterValue(entry).ifPresent(value -> {
                    parameters.put(entry.key(), value);
                    valueLocations.put(entry.key(), entry.value().location());
                });
            }
        });
        map.get("options").flatMap(n -> mapping(n, "options")).ifPresent(values -> {
            for (YamlNode.Entry entry : values.entries()) {
                bool(entry.value(), "option '" + entry.key() + "'").ifPresent(on -> {
                    options.put(entry.key(), on);
                    valueLocations.put(entry.key(), entry.value().location());
                });
            }
        });
        if (presetId.isEmpty() || (map.get("instance").isPresent() && instance.isEmpty())) {
            return Optional.empty();
        }
        // A preset may be named by title or alias; its id names the instance, so rule ids stay plain names.
        String id = catalog.find(presetId.get()).map(Preset::id).orElse(presetId.get());
        return Optional.of(new PolicyEntry.PresetUse(new PresetInstance(id, instance.orElse(id), parameters, options,
                map.location(), valueLocations)));
    }

    /** A parameter value is text; a list is accepted for host and port parameters and joined with commas. */
    private Optional<String> parameterValue(YamlNode.Entry entry) {
        if (entry.value() instanceof YamlNode.Sequence) {
            List<YamlNode.Scalar> items = items(Optional.of(entry.value()), "parameter '" + entry.key() + "'");
            return Optional.of(items.stream().map(YamlNode.Scalar::text).collect(Collectors.joining(", ")));
        }
        return text(entry.value(), "parameter '" + entry.key() + "'");
    }

    private Optional<PolicyEntry.PlainRule> rule(YamlNode.Mapping map) {
        checkKeys(map, RULE_KEYS, "rule");
        Optional<YamlNode> idNode = map.get("id");
        if (idNode.isEmpty()) {
            problems.add(map.location(), "this rule has no 'id'",
                    "give every plain rule a unique id (e.g. id: ssh-from-lan), or write 'preset: NAME' to use a preset");
            return Optional.empty();
        }
        Optional<String> id = identifier(idNode.get(), "id");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        int before = problemCount();
        Rule.Builder builder = Rule.builder(id.get()).origin(Origin.at(map.location()));
        map.get("name").flatMap(n -> text(n, "name")).ifPresent(builder::name);
        // No defaults for what a rule does and which way it applies: a forgotten action or direction must
        // never silently become "allow" or "both".
        Optional<Action> action = map.get("action").isEmpty() ? missing(map, "action", "say what rule '" + id.get()
                + "' does: action: allow, block or reject (there is no default)")
                : map.get("action").flatMap(this::action);
        action.ifPresent(builder::action);
        Optional<Direction> direction = map.get("direction").isEmpty() ? missing(map, "direction", "say which way"
                + " rule '" + id.get() + "' applies: direction: in, out or both (there is no default)")
                : map.get("direction").flatMap(n -> parsed(n, "direction", Direction::parse, "write in, out or both"));
        direction.ifPresent(builder::direction);
        Optional<ProtocolMatch> protocol = protocol(map);
        protocol.ifPresent(builder::protocol);
        ProtocolMatch effective = protocol.orElse(ProtocolMatch.ANY);
        if (protocol.isPresent() || map.get("protocol").isEmpty()) {
            map.entry("local-ports").flatMap(e -> ports(e, effective)).ifPresent(builder::localPorts);
            map.entry("remote-ports").flatMap(e -> ports(e, effective)).ifPresent(builder::remotePorts);
        }
        builder.localHosts(hosts(map.get("local-hosts"), "local-hosts"));
        builder.remoteHosts(hosts(map.get("remote-hosts"), "remote-hosts"));
        map.get("state").flatMap(n -> parsed(n, "state", StateMatch::parse,
                "write any, new, established or related")).ifPresent(builder::state);
        map.get("application").flatMap(n -> parsed(n, "application", AppSelector::parse,
                "write exe:/usr/bin/NAME, user:NAME, cgroup:PATH or service:UNIT")).ifPresent(builder::application);
        map.get("session-timeout").flatMap(n -> duration(n, "session-timeout")).ifPresent(builder::sessionTimeout);
        map.get("helper").flatMap(n -> parsed(n, "helper", ConntrackHelpers::parse, "write one of: "
                + ConntrackHelpers.NAMES)).ifPresent(builder::conntrackHelper);
        map.get("log").flatMap(n -> bool(n, "log")).ifPresent(builder::log);
        map.get("enabled").flatMap(n -> bool(n, "enabled")).ifPresent(builder::enabled);
        map.get("purpose").flatMap(n -> text(n, "purpose")).ifPresent(builder::purpose);
        map.get("advice").flatMap(n -> text(n, "advice")).ifPresent(builder::advice);
        if (problemCount() != before) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PolicyEntry.PlainRule(builder.build(), map.location()));
        } catch (IllegalArgumentException e) {
            // Every constraint of Rule is checked above with a better location; this is the safety net.
            problems.add(map.location(), e.getMessage(), "fix the rule's values");
            return Optional.empty();
        }
    }

    private int problemCount() {
        return problems.size();
    }

    private Optional<Action> action(YamlNode node) {
        return fields.parsed(node, "action", Action::parse, "write allow, block or reject");
    }

    private Optional<ProtocolMatch> protocol(YamlNode.Mapping map) {
        List<IcmpType> types = new ArrayList<>();
        Optional<YamlNode.Entry> typesEntry = map.entry("icmp-types");
        int before = problemCount();
        for (YamlNode.Scalar item : items(typesEntry.map(YamlNode.Entry::value), "icmp-types")) {
            icmpType(item).ifPresent(types::add);
        }
        if (problemCount() != before) {
            return Optional.empty();
        }
        Optional<YamlNode> node = map.get("protocol");
        if (node.isEmpty()) {
            if (typesEntry.isPresent()) {
                problems.add(typesEntry.get().keyLocation(), "icmp-types are given but no protocol",
                        "add 'protocol: icmp' (or icmpv6)");
            }
            return Optional.empty();
        }
        return text(node.get(), "protocol").flatMap(word -> {
            ProtocolMatch match;
            try {
                match = ProtocolMatch.parse(word, List.of());
            } catch (IllegalArgumentException e) {
                problems.add(node.get().location(), "unknown protocol '" + word + "'", Suggestions.closest(word,
                        List.of("tcp", "udp", "tcp+udp", "icmp", "icmpv6", "any")).map(c -> "did you mean '" + c + "'?")
                        .orElse("write tcp, udp, tcp+udp, icmp, icmpv6, any or a protocol number 0-255"));
                return Optional.empty();
            }
            boolean icmp = match instanceof ProtocolMatch.Icmp || match instanceof ProtocolMatch.Icmpv6;
            if (typesEntry.isPresent() && !icmp) {
                problems.add(typesEntry.get().keyLocation(), "ICMP types are given for " + ruleKind(match),
                        "only icmp and icmpv6 rules have icmp-types; remove them or set protocol: icmp");
                return Optional.empty();
            }
            return Optional.of(ProtocolMatch.parse(word, types));
        });
    }

    /** "a tcp rule", "an icmp rule", "a rule without a protocol": for messages. */
    private static String ruleKind(ProtocolMatch protocol) {
        if (protocol instanceof ProtocolMatch.AnyProtocol) {
            return "a rule without a protocol";
        }
        return (protocol.keyword().startsWith("i") ? "an " : "a ") + protocol.keyword() + " rule";
    }

    private Optional<IcmpType> icmpType(YamlNode.Scalar item) {
        try {
            return Optional.of(IcmpType.parse(item.text()));
        } catch (IllegalArgumentException e) {
            problems.add(item.location(), e.getMessage(), "ICMP types and codes are numbers from 0 to 255");
            return Optional.empty();
        }
    }

    private Optional<PortSet> ports(YamlNode.Entry entry, ProtocolMatch protocol) {
        List<YamlNode.Scalar> items = items(Optional.of(entry.value()), entry.key());
        if (items.isEmpty()) {
            return Optional.of(PortSet.ANY);
        }
        if (!protocol.carriesPorts()) {
            problems.add(entry.keyLocation(), entry.key() + " are given for " + ruleKind(protocol),
                    protocol instanceof ProtocolMatch.AnyProtocol
                            ? "ports need 'protocol: tcp', 'udp' or 'tcp+udp'"
                            : "only tcp and udp have ports; remove " + entry.key() + " or change the protocol");
            return Optional.empty();
        }
        String transport = switch (protocol) {
            case ProtocolMatch.Udp u -> "udp";
            case ProtocolMatch.TcpUdp both -> "tcp+udp";
            case ProtocolMatch.IpProtocol number -> number.number() == 17 ? "udp" : "tcp";
            default -> "tcp";
        };
        List<PortRange> ranges = new ArrayList<>();
        int before = problemCount();
        for (YamlNode.Scalar item : items) {
            portRange(item, transport).ifPresent(ranges::add);
        }
        return problemCount() == before ? Optional.of(new PortSet(ranges)) : Optional.empty();
    }

    private Optional<PortRange> portRange(YamlNode.Scalar item, String transport) {
        String text = item.text().trim();
        try {
            return Optional.of(PortSet.parseItem(text, transport, services));
        } catch (IllegalArgumentException e) {
            String hint;
            if (e.getMessage().startsWith("unknown service name")) {
                hint = Suggestions.closest(text, serviceNames)
                        .filter(c -> !c.equalsIgnoreCase(text)).map(c -> "did you mean '" + c + "'? ")
                        .orElse("") + "write the port number; policy files take names from the built-in registry "
                        + "only (not /etc/services), so a file means the same on every machine";
            } else if (e.getMessage().contains("reversed")) {
                hint = "write the lower port first";
            } else if (e.getMessage().contains("out of range")) {
                hint = "TCP and UDP ports are numbers from 0 to 65535";
            } else {
                hint = "write a port (25), a range (6660-6670) or a service name (smtp)";
            }
            problems.add(item.location(), e.getMessage(), hint);
            return Optional.empty();
        }
    }

    /** {@code 25} or {@code 6660-6670}, checked against 0-65535 and for order. */
    private Optional<PortRange> portNumbers(String text, Location location) {
        try {
            return Optional.of(PortRange.parse(text));
        } catch (IllegalArgumentException e) {
            problems.add(location, e.getMessage(), e.getMessage().contains("reversed") ? "write the lower port first"
                    : "TCP and UDP ports are numbers from 0 to 65535");
            return Optional.empty();
        }
    }

    private HostSet hosts(Optional<YamlNode> node, String key) {
        List<HostMatch> hosts = new ArrayList<>();
        for (YamlNode.Scalar item : items(node, key)) {
            host(item).ifPresent(hosts::add);
        }
        return new HostSet(hosts);
    }

    private Optional<HostMatch> host(YamlNode.Scalar item) {
        HostMatch host;
        try {
            host = HostMatch.parse(item.text());
        } catch (IllegalArgumentException e) {
            problems.add(item.location(), e.getMessage(), "write zone:NAME, an address (192.0.2.7), a prefix "
                    + "(192.0.2.0/24), a range (192.0.2.1-192.0.2.9) or a host name (smtp.example.net)");
            return Optional.empty();
        }
        if (host instanceof HostMatch.ZoneRef ref && !zoneNames.containsKey(ref.zone())) {
            problems.add(item.location(), "zone '" + ref.zone() + "' is not defined",
                    zoneNames.isEmpty() ? "define it under 'zones:' at the top level, e.g. zones: { "
                            + ref.zone() + ": { addresses: [192.0.2.0/24] } }"
                            : Suggestions.hint(ref.zone(), zoneNames.keySet(), "zone"));
            return Optional.empty();
        }
        return Optional.of(host);
    }

    // ---- scalar helpers: the shared typed readers, with this file's problems ----------------------------------

    private <T> Optional<T> parsed(YamlNode node, String key, java.util.function.Function<String, T> parser,
                                   String hint) {
        return fields.parsed(node, key, parser, hint);
    }

    private Optional<Duration> duration(YamlNode node, String key) {
        return fields.parsed(node, key, Durations::parse, Durations.HINT);
    }

    private Optional<Boolean> bool(YamlNode node, String key) {
        return fields.bool(node, key);
    }

    private Optional<String> identifier(YamlNode node, String key) {
        return fields.name(node, key, IDENTIFIER, "use letters, digits, '-', '_', '.' and ':', starting with a"
                + " letter or digit");
    }

    private Optional<String> text(YamlNode node, String key) {
        return fields.text(node, key);
    }

    private Optional<YamlNode.Scalar> scalar(YamlNode node, String key) {
        return fields.scalar(node, key);
    }

    private Optional<YamlNode.Mapping> mapping(YamlNode node, String what) {
        return fields.mapping(node, what);
    }

    private List<YamlNode> list(YamlNode node, String key) {
        return fields.list(node, key);
    }

    private List<YamlNode.Scalar> items(Optional<YamlNode> node, String key) {
        return fields.items(node, key);
    }

    private void checkKeys(YamlNode.Mapping map, List<String> allowed, String what) {
        Set<String> known = Set.copyOf(allowed);
        for (YamlNode.Entry entry : map.entries()) {
            if (!known.contains(entry.key())) {
                String hint = YamlFields.unknownKeyHint(entry.key(), allowed, what);
                if (what.equals("rule") && PRESET_KEYS.contains(entry.key())) {
                    hint = "'" + entry.key() + "' belongs to a preset instance, which starts with 'preset: NAME'";
                } else if (what.equals("preset instance") && RULE_KEYS.contains(entry.key())) {
                    hint = "a preset instance has only preset, instance, parameters and options; "
                            + "write plain rules as separate list items";
                }
                problems.add(entry.keyLocation(), "unknown key '" + entry.key() + "' in " + what, hint);
            }
        }
    }
}
