package dev.portcullis.catalog;

import dev.portcullis.catalog.YamlNode.Entry;
import dev.portcullis.catalog.YamlNode.Mapping;
import dev.portcullis.catalog.YamlNode.Scalar;
import dev.portcullis.catalog.YamlNode.Sequence;
import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.SourceRef;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads preset files (YAML) into {@link Preset}s, validating everything at the edge: each problem is one
 * {@link InvalidInputException} naming {@code file:line:column}, what is wrong and how to fix it.
 *
 * <p>Two passes: first every file's {@code shared-rules} (so a user file may {@code use} a built-in shared rule),
 * then the presets.
 */
final class PresetFiles {
    /** The built-in preset files, one per reference document. */
    static final List<String> BUILT_IN = List.of(
            "presets/000-communication.yaml",
            "presets/001-icq-network-firewall.yaml",
            "presets/003-email-gateway.yaml",
            "presets/004-spammertrap.yaml");

    private static final String RESOURCE_ROOT = "/dev/portcullis/catalog/";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9][a-z0-9-]*)}");

    static final List<String> FILE_KEYS = List.of("document", "shared-rules", "presets");
    static final List<String> PRESET_KEYS = List.of("id", "name", "kind", "aliases", "description", "line",
            "notes", "parameters", "options", "rules");
    static final List<String> RULE_KEYS = List.of("id", "name", "line", "protocol", "icmp-types",
            "direction", "action", "local-ports", "remote-ports", "local-hosts", "remote-hosts", "state",
            "session-timeout", "session-timeout-min", "conntrack-helper", "when", "purpose", "advice", "notes");
    private static final List<String> SHARED_RULE_KEYS = concat(RULE_KEYS, List.of("parameters", "options"));
    static final List<String> USE_KEYS = List.of("use", "id", "name", "line", "notes");
    static final List<String> PARAMETER_KEYS = List.of("name", "kind", "description", "default", "required");
    static final List<String> OPTION_KEYS = List.of("name", "description", "default", "why");

    /** A preset file's name (for messages) and text. */
    record Source(String name, String text) {
    }

    private PresetFiles() {
    }

    static List<Source> builtInSources() {
        List<Source> sources = new ArrayList<>();
        for (String file : BUILT_IN) {
            sources.add(new Source(file, resource(file)));
        }
        return List.copyOf(sources);
    }

    static String resource(String file) {
        try (InputStream in = PresetFiles.class.getResourceAsStream(RESOURCE_ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("built-in catalog file " + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Catalog load(List<Source> builtIns, List<Path> extraFiles, PortRegistry ports) {
        List<Source> sources = new ArrayList<>(builtIns);
        for (Path file : extraFiles) {
            try {
                sources.add(new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
            } catch (NoSuchFileException e) {
                throw new InvalidInputException(Location.of(file.toString()), "preset file not found",
                        "check the path given for the preset file");
            } catch (IOException e) {
                throw new InvalidInputException(Location.of(file.toString()), "cannot read preset file: "
                        + e.getMessage(), "check the file's permissions and encoding (UTF-8)");
            }
        }
        return new PresetFiles.Reader(ports).read(sources);
    }

    /** The state of one load: shared rules seen so far, preset ids seen so far. */
    private static final class Reader {
        private final PortRegistry ports;
        private final Map<String, SharedRule> shared = new LinkedHashMap<>();
        private final Map<String, Location> presetIds = new HashMap<>();

        Reader(PortRegistry ports) {
            this.ports = ports;
        }

        Catalog read(List<Source> sources) {
            List<ParsedFile> files = new ArrayList<>();
            for (Source source : sources) {
                YamlNode root = YamlNode.parse(source.name(), source.text());
                if (root instanceof Scalar s && s.isNull()) {
                    continue;
                }
                Mapping top = mapping(root, "a preset file");
                checkKeys(top, FILE_KEYS, "a preset file");
                String document = top.get("document").map(n -> text(n, "document")).orElse(fileName(source.name()));
                files.add(new ParsedFile(top, document));
            }
            for (ParsedFile file : files) {
                for (YamlNode node : list(file.top(), "shared-rules")) {
                    readShared(node, file.document());
                }
            }
            List<Preset> presets = new ArrayList<>();
            Map<String, List<String>> aliases = new LinkedHashMap<>();
            for (ParsedFile file : files) {
                for (YamlNode node : list(file.top(), "presets")) {
                    Mapping map = mapping(node, "a preset");
                    Preset preset = readPreset(map, file.document());
                    aliases.put(preset.id(), strings(map, "aliases"));
                    presets.add(preset);
                }
            }
            return new Catalog(presets, aliases, ports);
        }

        private record ParsedFile(Mapping top, String document) {
        }

        /** A shared rule as written; it is checked against the using preset's parameters when used. */
        private record SharedRule(String id, Mapping node, String document, List<Parameter> parameters,
                                  List<PresetOption> options) {
        }

        private void readShared(YamlNode node, String document) {
            Mapping map = mapping(node, "a shared rule");
            checkKeys(map, SHARED_RULE_KEYS, "a shared rule");
            Scalar id = requiredScalar(map, "id", "shared rule");
            checkId(id, "shared rule id");
            SharedRule before = shared.get(id.text());
            if (before != null) {
                throw new InvalidInputException(id.location(), "duplicate shared rule id '" + id.text() + "'",
                        "it is already defined at " + before.node().location() + "; rename one of them");
            }
            List<Parameter> parameters = readParameters(map);
            List<PresetOption> options = readOptions(map);
            SharedRule rule = new SharedRule(id.text(), map, document, parameters, options);
            // Check it once on its own, so a broken shared rule is reported even if nothing uses it.
            readRule(map, document, parameters, options, "shared rule");
            shared.put(id.text(), rule);
        }

        private Preset readPreset(Mapping map, String document) {
            checkKeys(map, PRESET_KEYS, "a preset");
            Scalar id = requiredScalar(map, "id", "preset");
            checkId(id, "preset id");
            Location before = presetIds.putIfAbsent(id.text(), id.location());
            if (before != null) {
                throw new InvalidInputException(id.location(), "duplicate preset id '" + id.text() + "'",
                        "preset '" + id.text() + "' is already defined at " + before + "; rename one of them");
            }
            String name = map.get("name").map(n -> text(n, "name")).orElse(id.text());
            PresetKind kind = map.get("kind").map(n -> enumValue(n, PresetKind.class, "preset kind"))
                    .orElse(PresetKind.APPLICATION);
            List<Parameter> parameters = new ArrayList<>(readParameters(map));
            List<PresetOption> options = new ArrayList<>(readOptions(map));
            List<SourceRef> sources = new ArrayList<>();
            map.get("line").ifPresent(n -> sources.add(new SourceRef(document, positive(n, "line"))));

            // Shared rules bring their parameters and options; the preset's own declarations win.
            Sequence ruleNodes = map.get("rules").map(n -> sequence(n, "rules"))
                    .orElseThrow(() -> new InvalidInputException(id.location(), "preset '" + id.text()
                            + "' has no rules", "add a 'rules:' list (rules of their own or 'use: <shared rule>')"));
            for (YamlNode node : ruleNodes.items()) {
                Mapping rule = mapping(node, "a rule");
                rule.get("use").ifPresent(use -> {
                    SharedRule sharedRule = sharedRule(use);
                    for (Parameter p : sharedRule.parameters()) {
                        if (parameters.stream().noneMatch(q -> q.name().equals(p.name()))) {
                            parameters.add(p);
                        }
                    }
                    for (PresetOption o : sharedRule.options()) {
                        if (options.stream().noneMatch(q -> q.name().equals(o.name()))) {
                            options.add(o);
                        }
                    }
                });
            }

            // An instance's value locations are keyed by name, so a name may not be both a parameter and an option.
            for (PresetOption option : options) {
                if (parameters.stream().anyMatch(p -> p.name().equals(option.name()))) {
                    throw new InvalidInputException(id.location(), "preset '" + id.text() + "' has a parameter and an"
                            + " option both named '" + option.name() + "'", "rename one of them");
                }
            }
            List<PresetRule> rules = new ArrayList<>();
            Map<String, Location> ruleIds = new HashMap<>();
            for (YamlNode node : ruleNodes.items()) {
                Mapping ruleMap = mapping(node, "a rule");
                PresetRule rule;
                Location idLocation;
                if (ruleMap.get("use").isPresent()) {
                    checkKeys(ruleMap, USE_KEYS, "a 'use' of a shared rule");
                    SharedRule sharedRule = sharedRule(ruleMap.get("use").get());
                    PresetRule template = readRule(sharedRule.node(), sharedRule.document(), parameters, options,
                            "shared rule").sharedAs(sharedRule.id());
                    Optional<Scalar> ownId = ruleMap.get("id").map(n -> scalar(n, "id"));
                    ownId.ifPresent(s -> checkId(s, "rule id"));
                    String ruleId = ownId.map(Scalar::text).orElse(sharedRule.id());
                    String ruleName = ruleMap.get("name").map(n -> text(n, "name")).orElse(template.name());
                    Optional<SourceRef> source = ruleMap.get("line")
                            .map(n -> new SourceRef(document, positive(n, "line")));
                    rule = template.renamed(ruleId, ruleName, source);
                    String extraNotes = ruleMap.get("notes").map(n -> text(n, "notes")).orElse("");
                    if (!extraNotes.isEmpty()) {
                        rule = withNotes(rule, rule.notes().isEmpty() ? extraNotes : rule.notes() + " " + extraNotes);
                    }
                    idLocation = ownId.map(Scalar::location).orElse(ruleMap.get("use").get().location());
                } else {
                    rule = readRule(ruleMap, document, parameters, options, "rule");
                    idLocation = ruleMap.get("id").get().location();
                }
                Location previous = ruleIds.putIfAbsent(rule.id(), idLocation);
                if (previous != null) {
                    throw new InvalidInputException(idLocation, "duplicate rule id '" + rule.id() + "' in preset '"
                            + id.text() + "'", "it is already used at line " + previous.line()
                            + "; give this rule its own 'id:'");
                }
                rules.add(rule);
                rule.source().filter(s -> !sources.contains(s)).ifPresent(sources::add);
            }
            return new Preset(id.text(), name, kind,
                    map.get("description").map(n -> text(n, "description")).orElse(""),
                    rules, parameters, options, sources,
                    map.get("notes").map(n -> text(n, "notes")).orElse(""));
        }

        private SharedRule sharedRule(YamlNode use) {
            Scalar name = scalar(use, "use");
            SharedRule rule = shared.get(name.text());
            if (rule == null) {
                throw new InvalidInputException(name.location(), "unknown shared rule '" + name.text() + "'",
                        shared.isEmpty() ? "no shared rules are defined" : "shared rules: "
                                + String.join(", ", shared.keySet()));
            }
            return rule;
        }

        private PresetRule readRule(Mapping map, String document, List<Parameter> parameters,
                                    List<PresetOption> options, String what) {
            checkKeys(map, what.equals("shared rule") ? SHARED_RULE_KEYS : RULE_KEYS, "a " + what);
            Scalar id = requiredScalar(map, "id", what);
            checkId(id, "rule id");
            String ruleId = id.text();
            Scalar protocolNode = requiredScalar(map, "protocol", what + " '" + ruleId + "'");
            List<IcmpType> icmpTypes = new ArrayList<>();
            map.entry("icmp-types").ifPresent(entry -> {
                for (YamlNode item : sequence(entry.value(), "icmp-types").items()) {
                    icmpTypes.add(icmpType(item));
                }
            });
            ProtocolMatch protocol;
            try {
                protocol = ProtocolMatch.parse(protocolNode.text(), List.of());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(protocolNode.location(), e.getMessage(),
                        "write tcp, udp, tcp+udp, icmp or icmpv6");
            }
            if (!icmpTypes.isEmpty()) {
                Entry types = map.entry("icmp-types").get();
                try {
                    protocol = ProtocolMatch.parse(protocolNode.text(), icmpTypes);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(types.keyLocation(), e.getMessage(),
                            "remove icmp-types, or set protocol: icmp");
                }
            }
            Direction direction = map.get("direction").map(n -> {
                Scalar s = scalar(n, "direction");
                try {
                    return Direction.parse(s.text());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(s.location(), e.getMessage(), "write in, out or both");
                }
            }).orElseThrow(() -> new InvalidInputException(map.location(), what + " '" + ruleId
                    + "' has no direction", "add direction: in, out or both"));
            Action action = map.get("action").map(n -> enumValue(n, Action.class, "action")).orElse(Action.ALLOW);
            StateMatch state = map.get("state").map(n -> enumValue(n, StateMatch.class, "state"))
                    .orElse(StateMatch.ANY);

            String transport = protocol.keyword();
            List<Term<PortRange>> localPorts = portTerms(map, "local-ports", protocol, transport, parameters, options);
            List<Term<PortRange>> remotePorts = portTerms(map, "remote-ports", protocol, transport, parameters, options);
            List<Term<HostMatch>> localHosts = hostTerms(map, "local-hosts", parameters, options);
            List<Term<HostMatch>> remoteHosts = hostTerms(map, "remote-hosts", parameters, options);

            Optional<Term<Duration>> timeout = map.get("session-timeout").map(n -> {
                Scalar s = scalar(n, "session-timeout");
                Optional<String> param = placeholder(s);
                if (param.isPresent()) {
                    checkParameter(s, param.get(), ParameterKind.DURATION, parameters);
                    return new Term.Param<Duration>(param.get(), Optional.empty());
                }
                return new Term.Fixed<>(duration(s), Optional.empty());
            });
            Optional<Duration> minimum = map.get("session-timeout-min").map(n -> duration(scalar(n, "session-timeout-min")));
            if (minimum.isPresent() && timeout.isPresent() && timeout.get() instanceof Term.Fixed<Duration> fixed
                    && fixed.value().compareTo(minimum.get()) < 0) {
                throw new InvalidInputException(map.get("session-timeout").get().location(), "session timeout "
                        + Values.format(fixed.value()) + " is below the rule's minimum " + Values.format(minimum.get()),
                        "raise session-timeout or lower session-timeout-min");
            }
            if (timeout.isPresent() && !(protocol instanceof ProtocolMatch.Udp || protocol instanceof ProtocolMatch.TcpUdp)) {
                throw new InvalidInputException(map.entry("session-timeout").get().keyLocation(),
                        "session-timeout is given for a " + protocol.keyword() + " rule",
                        "only udp (and tcp+udp) rules have an idle session timeout here");
            }

            Optional<Condition> when = map.get("when").map(n -> condition(n, options));
            Optional<SourceRef> source = map.get("line").map(n -> new SourceRef(document, positive(n, "line")));
            return new PresetRule(ruleId,
                    map.get("name").map(n -> text(n, "name")).orElse(ruleId),
                    action, direction, protocol, localHosts, localPorts, remoteHosts, remotePorts, state,
                    timeout, minimum,
                    map.get("conntrack-helper").map(n -> text(n, "conntrack-helper")),
                    when,
                    map.get("purpose").map(n -> text(n, "purpose")).orElse(""),
                    map.get("advice").map(n -> text(n, "advice")).orElse(""),
                    source, Optional.empty(),
                    map.get("notes").map(n -> text(n, "notes")).orElse(""));
        }

        private List<Term<PortRange>> portTerms(Mapping map, String key, ProtocolMatch protocol, String transport,
                                                List<Parameter> parameters, List<PresetOption> options) {
            Optional<Entry> entry = map.entry(key);
            if (entry.isEmpty()) {
                return List.of();
            }
            if (!protocol.carriesPorts()) {
                throw new InvalidInputException(entry.get().keyLocation(), key + " are given for a "
                        + protocol.keyword() + " rule", "only tcp, udp and tcp+udp rules have ports; remove " + key);
            }
            List<Term<PortRange>> terms = new ArrayList<>();
            for (Item item : items(entry.get().value(), key, "port", options)) {
                Optional<String> param = placeholder(item.value());
                if (param.isPresent()) {
                    checkParameter(item.value(), param.get(), ParameterKind.PORTS, parameters);
                    terms.add(new Term.Param<>(param.get(), item.when()));
                    continue;
                }
                for (String one : item.value().text().split(",")) {
                    try {
                        terms.add(new Term.Fixed<>(Values.port(one, transport, ports), item.when()));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidInputException(item.value().location(), e.getMessage(), portHint(e));
                    }
                }
            }
            return List.copyOf(terms);
        }

        private String portHint(IllegalArgumentException e) {
            String message = e.getMessage();
            if (message.contains("reversed")) {
                return "write the lower port first";
            }
            if (message.contains("out of range")) {
                return "TCP and UDP ports are 0-65535";
            }
            if (message.contains("unknown service")) {
                return "write the port number, or a service name the port registry knows (e.g. smtp, pop3, http)";
            }
            return "write a port (25), a range (6660-6670) or a service name (smtp)";
        }

        private List<Term<HostMatch>> hostTerms(Mapping map, String key, List<Parameter> parameters,
                                                List<PresetOption> options) {
            Optional<Entry> entry = map.entry(key);
            if (entry.isEmpty()) {
                return List.of();
            }
            List<Term<HostMatch>> terms = new ArrayList<>();
            for (Item item : items(entry.get().value(), key, "host", options)) {
                Optional<String> param = placeholder(item.value());
                if (param.isPresent()) {
                    checkParameter(item.value(), param.get(), ParameterKind.HOSTS, parameters);
                    terms.add(new Term.Param<>(param.get(), item.when()));
                    continue;
                }
                try {
                    terms.add(new Term.Fixed<>(HostMatch.parse(item.value().text()), item.when()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(item.value().location(), e.getMessage(),
                            "write a host name, an address, a prefix, a range or zone:NAME");
                }
            }
            return List.copyOf(terms);
        }

        /** One list item: a scalar, or {@code {port|host: value, when: option}}. */
        private record Item(Scalar value, Optional<Condition> when) {
        }

        private List<Item> items(YamlNode node, String key, String valueKey, List<PresetOption> options) {
            List<YamlNode> nodes = node instanceof Sequence seq ? seq.items() : List.of(node);
            List<Item> items = new ArrayList<>();
            for (YamlNode one : nodes) {
                if (one instanceof Mapping m) {
                    checkKeys(m, List.of(valueKey, "when"), "an entry of " + key);
                    Scalar value = requiredScalar(m, valueKey, "entry of " + key);
                    Optional<Condition> when = m.get("when").map(n -> condition(n, options));
                    items.add(new Item(value, when));
                } else {
                    Scalar value = scalar(one, key);
                    if (value.isNull() || value.text().isBlank()) {
                        throw new InvalidInputException(value.location(), key + " has an empty entry",
                                "remove the empty entry");
                    }
                    items.add(new Item(value, Optional.empty()));
                }
            }
            return items;
        }

        private Condition condition(YamlNode node, List<PresetOption> options) {
            Scalar s = scalar(node, "when");
            String text = s.text().strip();
            boolean enabled = !text.startsWith("!");
            String name = enabled ? text : text.substring(1).strip();
            if (options.stream().noneMatch(o -> o.name().equals(name))) {
                throw new InvalidInputException(s.location(), "unknown option '" + name + "'",
                        options.isEmpty() ? "declare it under 'options:'"
                                : "declare it under 'options:' or use one of: "
                                + String.join(", ", options.stream().map(PresetOption::name).toList()));
            }
            return new Condition(name, enabled);
        }

        private void checkParameter(Scalar at, String name, ParameterKind kind, List<Parameter> parameters) {
            Parameter parameter = parameters.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidInputException(at.location(), "unknown parameter '" + name + "'",
                            parameters.isEmpty() ? "declare it under 'parameters:'"
                                    : "declare it under 'parameters:' or use one of: "
                                    + String.join(", ", parameters.stream().map(Parameter::name).toList())));
            if (parameter.kind() != kind) {
                throw new InvalidInputException(at.location(), "parameter '" + name + "' is of kind "
                        + parameter.kind().name().toLowerCase(Locale.ROOT) + " but is used as "
                        + kind.name().toLowerCase(Locale.ROOT), "use a parameter of kind "
                        + kind.name().toLowerCase(Locale.ROOT) + " here");
            }
        }

        private Optional<String> placeholder(Scalar s) {
            String text = s.text().strip();
            if (!text.contains("${")) {
                return Optional.empty();
            }
            Matcher m = PLACEHOLDER.matcher(text);
            if (!m.matches()) {
                throw new InvalidInputException(s.location(), "malformed placeholder '" + text + "'",
                        "a placeholder is the whole value, written ${parameter-name}");
            }
            return Optional.of(m.group(1));
        }

        private List<Parameter> readParameters(Mapping map) {
            List<Parameter> parameters = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (YamlNode node : list(map, "parameters")) {
                Mapping p = mapping(node, "a parameter");
                checkKeys(p, PARAMETER_KEYS, "a parameter");
                Scalar name = requiredScalar(p, "name", "parameter");
                checkId(name, "parameter name");
                if (!names.add(name.text())) {
                    throw new InvalidInputException(name.location(), "duplicate parameter '" + name.text() + "'",
                            "declare each parameter once");
                }
                ParameterKind kind = p.get("kind").map(n -> enumValue(n, ParameterKind.class, "parameter kind"))
                        .orElseThrow(() -> new InvalidInputException(p.location(), "parameter '" + name.text()
                                + "' has no kind", "add kind: hosts, ports, duration or text"));
                boolean required = p.get("required").map(n -> bool(n, "required")).orElse(false);
                Optional<String> defaultValue = p.get("default").map(n -> text(n, "default"));
                if (required && defaultValue.isPresent()) {
                    throw new InvalidInputException(p.get("default").get().location(), "required parameter '"
                            + name.text() + "' has a default", "remove 'required: true' or the default");
                }
                if (!required && defaultValue.isEmpty()) {
                    // Optional without a default: unset, so the clause using it stays unrestricted.
                    defaultValue = Optional.of("");
                }
                defaultValue.filter(v -> !v.isBlank()).ifPresent(v -> checkDefault(p.get("default").get(), v, kind));
                parameters.add(new Parameter(name.text(), p.get("description").map(n -> text(n, "description"))
                        .orElse(""), required ? Optional.empty() : defaultValue, kind));
            }
            return List.copyOf(parameters);
        }

        private void checkDefault(YamlNode at, String value, ParameterKind kind) {
            try {
                switch (kind) {
                    case HOSTS -> Values.hosts(value);
                    case PORTS -> Values.ports(value, "tcp", ports);
                    case DURATION -> Values.duration(value);
                    case TEXT -> {
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(at.location(), e.getMessage(), Values.hint(kind));
            }
        }

        private List<PresetOption> readOptions(Mapping map) {
            List<PresetOption> options = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (YamlNode node : list(map, "options")) {
                Mapping o = mapping(node, "an option");
                checkKeys(o, OPTION_KEYS, "an option");
                Scalar name = requiredScalar(o, "name", "option");
                checkId(name, "option name");
                if (!names.add(name.text())) {
                    throw new InvalidInputException(name.location(), "duplicate option '" + name.text() + "'",
                            "declare each option once");
                }
                boolean enabled = o.get("default").map(n -> bool(n, "default"))
                        .orElseThrow(() -> new InvalidInputException(o.location(), "option '" + name.text()
                                + "' has no default", "add default: true or default: false"));
                options.add(new PresetOption(name.text(), o.get("description").map(n -> text(n, "description"))
                        .orElse(""), enabled, o.get("why").map(n -> text(n, "why")).orElse("")));
            }
            return List.copyOf(options);
        }
    }

    private static PresetRule withNotes(PresetRule r, String notes) {
        return new PresetRule(r.id(), r.name(), r.action(), r.direction(), r.protocol(), r.localHosts(),
                r.localPorts(), r.remoteHosts(), r.remotePorts(), r.state(), r.sessionTimeout(),
                r.minimumSessionTimeout(), r.conntrackHelper(), r.when(), r.purpose(), r.advice(), r.source(),
                r.sharedRule(), notes);
    }

    // --- small typed readers over the YAML tree; each failure names the node's location ---

    private static void checkKeys(Mapping map, List<String> allowed, String what) {
        for (Entry entry : map.entries()) {
            if (!allowed.contains(entry.key())) {
                List<String> close = allowed.stream().filter(k -> Suggestions.distance(k, entry.key()) <= 2).toList();
                throw new InvalidInputException(entry.keyLocation(), "unknown key '" + entry.key() + "' in " + what,
                        (close.isEmpty() ? "" : "did you mean " + String.join(" or ", close) + "? ")
                                + "allowed keys: " + String.join(", ", allowed));
            }
        }
    }

    private static Mapping mapping(YamlNode node, String what) {
        if (node instanceof Mapping m) {
            return m;
        }
        throw new InvalidInputException(node.location(), "expected " + what + " (a mapping of keys to values), found "
                + YamlNode.describe(node), "write it as 'key: value' lines");
    }

    private static Sequence sequence(YamlNode node, String key) {
        if (node instanceof Sequence s) {
            return s;
        }
        throw new InvalidInputException(node.location(), "'" + key + "' must be a list, found "
                + YamlNode.describe(node), "write each item on its own line starting with '- '");
    }

    private static List<YamlNode> list(Mapping map, String key) {
        return map.get(key).map(n -> n instanceof Scalar s && s.isNull() ? List.<YamlNode>of() : sequence(n, key).items())
                .orElse(List.of());
    }

    private static Scalar scalar(YamlNode node, String key) {
        if (node instanceof Scalar s) {
            return s;
        }
        throw new InvalidInputException(node.location(), "'" + key + "' must be a single value, found "
                + YamlNode.describe(node), "write " + key + ": <value>");
    }

    private static Scalar requiredScalar(Mapping map, String key, String what) {
        Scalar s = scalar(map.get(key).orElseThrow(() -> new InvalidInputException(map.location(),
                what + " has no '" + key + "'", "add " + key + ": <value>")), key);
        if (s.isNull() || s.text().isBlank()) {
            throw new InvalidInputException(s.location(), "'" + key + "' of " + what + " is empty",
                    "give " + key + " a value");
        }
        return s;
    }

    private static String text(YamlNode node, String key) {
        Scalar s = scalar(node, key);
        return s.isNull() ? "" : s.text().strip();
    }

    private static List<String> strings(Mapping map, String key) {
        List<String> values = new ArrayList<>();
        for (YamlNode node : list(map, key)) {
            values.add(text(node, key));
        }
        return values;
    }

    private static void checkId(Scalar s, String what) {
        if (!ID.matcher(s.text()).matches()) {
            throw new InvalidInputException(s.location(), what + " '" + s.text() + "' is not a valid id",
                    "use lower-case letters, digits and '-', starting with a letter or digit");
        }
    }

    private static int positive(YamlNode node, String key) {
        Scalar s = scalar(node, key);
        try {
            int value = Integer.parseInt(s.text().strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(s.location(), "'" + key + "' must be a positive number, found '"
                + s.text() + "'", "give the 1-based line number in the source document");
    }

    private static boolean bool(YamlNode node, String key) {
        Scalar s = scalar(node, key);
        return switch (s.text().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new InvalidInputException(s.location(), "'" + key + "' must be true or false, found '"
                    + s.text() + "'", "write true or false");
        };
    }

    private static <E extends Enum<E>> E enumValue(YamlNode node, Class<E> type, String what) {
        Scalar s = scalar(node, what);
        String wanted = s.text().strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new InvalidInputException(s.location(), "unknown " + what + " '" + s.text() + "'",
                "write one of: " + String.join(", ", names));
    }

    private static IcmpType icmpType(YamlNode node) {
        Scalar s = scalar(node, "icmp-types");
        String text = s.text().strip();
        try {
            int slash = text.indexOf('/');
            return slash < 0 ? IcmpType.of(Integer.parseInt(text))
                    : IcmpType.of(Integer.parseInt(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(s.location(), "'" + text + "' is not an ICMP type",
                    "write a type number 0-255, or type/code such as 3/4");
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(s.location(), e.getMessage(), "ICMP types and codes are 0-255");
        }
    }

    private static Duration duration(Scalar s) {
        try {
            return Values.duration(s.text());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(s.location(), e.getMessage(), Values.hint(ParameterKind.DURATION));
        }
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
