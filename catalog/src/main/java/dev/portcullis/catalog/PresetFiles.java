package dev.portcullis.catalog;

import dev.portcullis.input.InputFiles;
import dev.portcullis.input.Problems;
import dev.portcullis.input.YamlFields;
import dev.portcullis.input.YamlNode;
import dev.portcullis.input.YamlNode.Entry;
import dev.portcullis.input.YamlNode.Mapping;
import dev.portcullis.input.YamlNode.Scalar;
import dev.portcullis.input.YamlNode.Sequence;
import dev.portcullis.input.YamlReader;
import dev.portcullis.model.Action;
import dev.portcullis.model.ConntrackHelpers;
import dev.portcullis.model.Direction;
import dev.portcullis.model.Durations;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.SourceRef;
import dev.portcullis.model.StateMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * Reads preset files (YAML) into {@link Preset}s with the project's one YAML reader and one value grammar (the
 * same ports, ranges, durations, actions and ICMP types as policy files). Every problem of every file is
 * collected with its {@code file:line:column} and a hint, and the load fails with all of them together.
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
    private static final String ID_RULE = "use lower-case letters, digits and '-', starting with a letter or digit";

    static final List<String> FILE_KEYS = List.of("document", "shared-rules", "presets");
    static final List<String> DOCUMENT_KEYS = List.of("file", "title", "origin");
    static final List<String> PRESET_KEYS = List.of("id", "name", "kind", "aliases", "description", "line",
            "notes", "parameters", "options", "rules");
    static final List<String> RULE_KEYS = List.of("id", "name", "line", "protocol", "icmp-types",
            "direction", "action", "local-ports", "remote-ports", "local-hosts", "remote-hosts", "state",
            "session-timeout", "session-timeout-min", "helper", "when", "purpose", "advice", "notes", "published");
    private static final List<String> SHARED_RULE_KEYS = concat(RULE_KEYS, List.of("parameters", "options"));
    static final List<String> USE_KEYS = List.of("use", "id", "name", "line", "notes");
    static final List<String> PARAMETER_KEYS = List.of("name", "kind", "description", "default", "required",
            "minimum-ports");
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
            sources.add(new Source(file.toString(), InputFiles.readText(file, "preset file")));
        }
        return new Reader(ports).read(sources);
    }

    /** The state of one load: every problem so far, shared rules and preset ids seen so far. */
    private static final class Reader {
        private final PortRegistry ports;
        private final Problems problems = new Problems();
        private final YamlFields fields = new YamlFields(problems);
        private final Map<String, SharedRule> shared = new LinkedHashMap<>();
        private final Map<String, Location> presetIds = new HashMap<>();
        private final Map<String, SourceDocument> documents = new LinkedHashMap<>();

        Reader(PortRegistry ports) {
            this.ports = ports;
        }

        Catalog read(List<Source> sources) {
            List<ParsedFile> files = new ArrayList<>();
            for (Source source : sources) {
                YamlNode root;
                try {
                    root = YamlReader.read(source.text(), source.name(), problems);
                } catch (InvalidInputException syntax) {
                    problems.addAll(syntax);
                    continue;
                }
                if (root instanceof Scalar s && s.isNull()) {
                    continue;
                }
                Optional<Mapping> top = fields.mapping(root, "a preset file");
                if (top.isEmpty()) {
                    continue;
                }
                fields.checkKeys(top.get(), FILE_KEYS, "preset file");
                String document = top.get().get("document").flatMap(this::document).orElse(fileName(source.name()));
                files.add(new ParsedFile(top.get(), document));
            }
            for (ParsedFile file : files) {
                for (YamlNode node : fields.list(file.top(), "shared-rules")) {
                    readShared(node, file.document());
                }
            }
            List<Preset> presets = new ArrayList<>();
            Map<String, List<String>> aliases = new LinkedHashMap<>();
            for (ParsedFile file : files) {
                for (YamlNode node : fields.list(file.top(), "presets")) {
                    fields.mapping(node, "a preset").ifPresent(map -> readPreset(map, file.document()).ifPresent(p -> {
                        aliases.put(p.id(), strings(map, "aliases"));
                        presets.add(p);
                    }));
                }
            }
            problems.throwIfAny();
            return new Catalog(presets, aliases, documents, ports);
        }

        private record ParsedFile(Mapping top, String document) {
        }

        /** A shared rule as written; it is read again against the using preset's parameters when used. */
        private record SharedRule(String id, Mapping node, String document, List<Parameter> parameters,
                                  List<PresetOption> options) {
        }

        /** {@code document: FILE} or {@code document: {file: FILE, title: ..., origin: ...}}: the file's key. */
        private Optional<String> document(YamlNode node) {
            if (node instanceof Mapping map) {
                fields.checkKeys(map, DOCUMENT_KEYS, "document");
                Optional<String> file = map.get("file").isEmpty()
                        ? fields.missing(map, "file", "give the document's file name, e.g. file: 000_bb963ee8c27136dd.txt")
                        : map.get("file").flatMap(n -> fields.text(n, "file")).map(String::strip);
                file.ifPresent(name -> documents.putIfAbsent(name, new SourceDocument(name,
                        map.get("title").flatMap(n -> fields.text(n, "title")).map(PresetFiles::oneLine).orElse(name),
                        map.get("origin").flatMap(n -> fields.text(n, "origin")).map(PresetFiles::oneLine).orElse(""))));
                return file;
            }
            return fields.text(node, "document").map(String::strip);
        }

        private void readShared(YamlNode node, String document) {
            Optional<Mapping> found = fields.mapping(node, "a shared rule");
            if (found.isEmpty()) {
                return;
            }
            Mapping map = found.get();
            fields.checkKeys(map, SHARED_RULE_KEYS, "shared rule");
            Optional<String> id = requiredId(map, "shared rule", "shared rule id");
            List<Parameter> parameters = readParameters(map);
            List<PresetOption> options = readOptions(map);
            // Read once on its own, so a broken shared rule is reported even if nothing uses it.
            Optional<PresetRule> checked = readRule(map, document, parameters, options, "shared rule");
            if (id.isEmpty()) {
                return;
            }
            SharedRule before = shared.get(id.get());
            if (before != null) {
                problems.add(map.get("id").orElseThrow().location(), "duplicate shared rule id '" + id.get() + "'",
                        "it is already defined at " + before.node().location() + "; rename one of them");
                return;
            }
            if (checked.isPresent()) {
                shared.put(id.get(), new SharedRule(id.get(), map, document, parameters, options));
            }
        }

        private Optional<Preset> readPreset(Mapping map, String document) {
            int before = problems.size();
            fields.checkKeys(map, PRESET_KEYS, "preset");
            Optional<String> id = requiredId(map, "preset", "preset id");
            id.ifPresent(presetId -> {
                Location at = map.get("id").orElseThrow().location();
                Location earlier = presetIds.putIfAbsent(presetId, at);
                if (earlier != null) {
                    problems.add(at, "duplicate preset id '" + presetId + "'",
                            "preset '" + presetId + "' is already defined at " + earlier + "; rename one of them");
                }
            });
            String label = id.orElse("?");
            String name = map.get("name").flatMap(n -> fields.text(n, "name")).map(String::strip).orElse(label);
            PresetKind kind = map.get("kind").flatMap(n -> enumValue(n, PresetKind.class, "preset kind"))
                    .orElse(PresetKind.APPLICATION);
            List<Parameter> parameters = new ArrayList<>(readParameters(map));
            List<PresetOption> options = new ArrayList<>(readOptions(map));
            List<SourceRef> sources = new ArrayList<>();
            map.get("line").flatMap(n -> fields.positive(n, "line")).ifPresent(l -> sources.add(new SourceRef(document, l)));

            List<YamlNode> ruleNodes;
            if (map.get("rules").isEmpty()) {
                problems.add(map.location(), "preset '" + label + "' has no rules",
                        "add a 'rules:' list (rules of their own or 'use: <shared rule>')");
                ruleNodes = List.of();
            } else {
                ruleNodes = fields.list(map.get("rules").get(), "rules");
            }
            // Shared rules bring their parameters and options; the preset's own declarations win.
            for (YamlNode node : ruleNodes) {
                if (node instanceof Mapping rule && rule.get("use").orElse(null) instanceof Scalar use
                        && shared.containsKey(use.text().strip())) {
                    Optional.of(shared.get(use.text().strip())).ifPresent(sharedRule -> {
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
            }
            // An instance's value locations are keyed by name, so a name may not be both a parameter and an option.
            for (PresetOption option : options) {
                if (parameters.stream().anyMatch(p -> p.name().equals(option.name()))) {
                    problems.add(map.location(), "preset '" + label + "' has a parameter and an option both named '"
                            + option.name() + "'", "rename one of them");
                }
            }
            List<PresetRule> rules = new ArrayList<>();
            Map<String, Location> ruleIds = new HashMap<>();
            for (YamlNode node : ruleNodes) {
                Optional<Mapping> ruleMap = fields.mapping(node, "a rule");
                if (ruleMap.isEmpty()) {
                    continue;
                }
                Optional<PresetRule> rule = ruleMap.get().get("use").isPresent()
                        ? usedRule(ruleMap.get(), document, parameters, options)
                        : readRule(ruleMap.get(), document, parameters, options, "rule");
                if (rule.isEmpty()) {
                    continue;
                }
                Location idLocation = ruleMap.get().get("id").or(() -> ruleMap.get().get("use"))
                        .map(YamlNode::location).orElse(ruleMap.get().location());
                Location previous = ruleIds.putIfAbsent(rule.get().id(), idLocation);
                if (previous != null) {
                    problems.add(idLocation, "duplicate rule id '" + rule.get().id() + "' in preset '" + label + "'",
                            "it is already used at line " + previous.line() + "; give this rule its own 'id:'");
                    continue;
                }
                rules.add(rule.get());
                rule.get().source().filter(s -> !sources.contains(s)).ifPresent(sources::add);
            }
            if (id.isEmpty() || problems.size() != before) {
                return Optional.empty();
            }
            return Optional.of(new Preset(id.get(), name, kind,
                    map.get("description").flatMap(n -> fields.text(n, "description")).map(String::strip).orElse(""),
                    rules, parameters, options, sources,
                    map.get("notes").flatMap(n -> fields.text(n, "notes")).map(String::strip).orElse("")));
        }

        /** {@code - use: SHARED} with its own id, name, line and notes. */
        private Optional<PresetRule> usedRule(Mapping ruleMap, String document, List<Parameter> parameters,
                                              List<PresetOption> options) {
            fields.checkKeys(ruleMap, USE_KEYS, "'use' of a shared rule");
            Optional<SharedRule> sharedRule = sharedRule(ruleMap.get("use").get());
            Optional<String> ownId = ruleMap.get("id").flatMap(n -> fields.name(n, "rule id", ID, ID_RULE));
            if (sharedRule.isEmpty() || (ruleMap.get("id").isPresent() && ownId.isEmpty())) {
                return Optional.empty();
            }
            Problems misfit = new Problems();
            Optional<PresetRule> template = new RuleReader(sharedRule.get().node(), sharedRule.get().document(),
                    parameters, options, "shared rule", new YamlFields(misfit)).read();
            if (!misfit.isEmpty() || template.isEmpty()) {
                // The shared rule read cleanly on its own; what fails now is the using preset's declarations.
                problems.add(ruleMap.get("use").get().location(), "shared rule '" + sharedRule.get().id()
                        + "' does not fit this preset: " + (misfit.isEmpty() ? "it cannot be read"
                        : misfit.all().get(0).message()), "check the preset's parameters and options of the same"
                        + " names as the shared rule's");
                return Optional.empty();
            }
            PresetRule rule = template.get().sharedAs(sharedRule.get().id());
            String ruleName = ruleMap.get("name").flatMap(n -> fields.text(n, "name")).map(String::strip)
                    .orElse(rule.name());
            Optional<SourceRef> source = ruleMap.get("line").flatMap(n -> fields.positive(n, "line"))
                    .map(line -> new SourceRef(document, line));
            rule = rule.renamed(ownId.orElse(sharedRule.get().id()), ruleName, source);
            String extraNotes = ruleMap.get("notes").flatMap(n -> fields.text(n, "notes")).map(String::strip).orElse("");
            if (!extraNotes.isEmpty()) {
                rule = withNotes(rule, rule.notes().isEmpty() ? extraNotes : rule.notes() + " " + extraNotes);
            }
            return Optional.of(rule);
        }

        private Optional<SharedRule> sharedRule(YamlNode use) {
            return fields.text(use, "use").map(String::strip).flatMap(name -> {
                SharedRule rule = shared.get(name);
                if (rule == null) {
                    problems.add(use.location(), "unknown shared rule '" + name + "'",
                            shared.isEmpty() ? "no shared rules are defined" : "shared rules: "
                                    + String.join(", ", shared.keySet()));
                }
                return Optional.ofNullable(rule);
            });
        }

        /** One rule template, its problems reported; empty when it has any. */
        private Optional<PresetRule> readRule(Mapping map, String document, List<Parameter> parameters,
                                              List<PresetOption> options, String what) {
            int before = problems.size();
            Optional<PresetRule> rule = new RuleReader(map, document, parameters, options, what, fields).read();
            return problems.size() == before ? rule : Optional.empty();
        }

        /** Reads one rule's keys; a separate class so that the problems go where {@link #readRule} says. */
        private final class RuleReader {
            private final Mapping map;
            private final String document;
            private final List<Parameter> parameters;
            private final List<PresetOption> options;
            private final String what;
            private final YamlFields f;
            private final Problems p;

            RuleReader(Mapping map, String document, List<Parameter> parameters, List<PresetOption> options,
                       String what, YamlFields f) {
                this.map = map;
                this.document = document;
                this.parameters = parameters;
                this.options = options;
                this.what = what;
                this.f = f;
                this.p = f.problems();
            }

            Optional<PresetRule> read() {
                f.checkKeys(map, what.equals("shared rule") ? SHARED_RULE_KEYS : RULE_KEYS, what);
                Optional<String> id = map.get("id").isEmpty()
                        ? f.missing(map, "id", "give every rule an id, e.g. id: server-out")
                        : map.get("id").flatMap(n -> f.name(n, "rule id", ID, ID_RULE));
                String label = what + " '" + id.orElse("?") + "'";
                List<IcmpType> icmpTypes = new ArrayList<>();
                Optional<Entry> typesEntry = map.entry("icmp-types");
                typesEntry.ifPresent(entry -> {
                    for (Scalar item : f.items(Optional.of(entry.value()), "icmp-types")) {
                        try {
                            icmpTypes.add(IcmpType.parse(item.text()));
                        } catch (IllegalArgumentException e) {
                            p.add(item.location(), e.getMessage(), "ICMP types and codes are numbers from 0 to 255");
                        }
                    }
                });
                Optional<ProtocolMatch> protocol = map.get("protocol").isEmpty()
                        ? f.missing(map, "protocol", label + " needs a protocol: tcp, udp, tcp+udp, icmp, icmpv6,"
                        + " any or a number")
                        : map.get("protocol").flatMap(n -> f.parsed(n, "protocol", w -> ProtocolMatch.parse(w, List.of()),
                        "write tcp, udp, tcp+udp, icmp, icmpv6, any or a protocol number 0-255"));
                if (protocol.isPresent() && typesEntry.isPresent()) {
                    try {
                        protocol = Optional.of(ProtocolMatch.parse(protocol.get().keyword(), icmpTypes));
                    } catch (IllegalArgumentException e) {
                        p.add(typesEntry.get().keyLocation(), e.getMessage(), "remove icmp-types, or set protocol: icmp");
                        protocol = Optional.empty();
                    }
                }
                Optional<Direction> direction = map.get("direction").isEmpty()
                        ? f.missing(map, "direction", label + " needs a direction: in, out or both")
                        : map.get("direction").flatMap(n -> f.parsed(n, "direction", Direction::parse,
                        "write in, out or both"));
                Optional<Action> action = map.get("action").isEmpty()
                        ? f.missing(map, "action", label + " needs an action: allow, block or reject (there is no"
                        + " default, so that a forgotten action never allows traffic)")
                        : map.get("action").flatMap(n -> f.parsed(n, "action", Action::parse,
                        "write allow, block or reject"));
                StateMatch state = map.get("state").flatMap(n -> f.parsed(n, "state", StateMatch::parse,
                        "write any, new, established or related")).orElse(StateMatch.ANY);
                ProtocolMatch effective = protocol.orElse(ProtocolMatch.ANY);
                List<Term<PortRange>> localPorts = portTerms("local-ports", effective, protocol.isPresent());
                List<Term<PortRange>> remotePorts = portTerms("remote-ports", effective, protocol.isPresent());
                List<Term<HostMatch>> localHosts = hostTerms("local-hosts");
                List<Term<HostMatch>> remoteHosts = hostTerms("remote-hosts");
                Optional<Term<Duration>> timeout = map.get("session-timeout").flatMap(this::timeoutTerm);
                Optional<Duration> minimum = map.get("session-timeout-min").flatMap(n -> f.parsed(n,
                        "session-timeout-min", Durations::parse, Durations.HINT));
                if (minimum.isPresent() && timeout.isPresent() && timeout.get() instanceof Term.Fixed<Duration> fixed
                        && fixed.value().compareTo(minimum.get()) < 0) {
                    p.add(map.get("session-timeout").get().location(), "session timeout "
                            + Durations.format(fixed.value()) + " is below the rule's minimum "
                            + Durations.format(minimum.get()), "raise session-timeout or lower session-timeout-min");
                }
                if (timeout.isPresent() && protocol.isPresent()
                        && !(protocol.get() instanceof ProtocolMatch.Udp || protocol.get() instanceof ProtocolMatch.TcpUdp)) {
                    p.add(map.entry("session-timeout").get().keyLocation(), "session-timeout is given for a "
                            + protocol.get().keyword() + " rule", "only udp (and tcp+udp) rules have an idle session"
                            + " timeout here");
                }
                Optional<String> helper = map.get("helper").flatMap(n -> f.parsed(n, "helper", ConntrackHelpers::parse,
                        "write one of: " + ConntrackHelpers.NAMES));
                Optional<Condition> when = map.get("when").flatMap(this::condition);
                Optional<SourceRef> source = map.get("line").flatMap(n -> f.positive(n, "line"))
                        .map(line -> new SourceRef(document, line));
                if (id.isEmpty() || protocol.isEmpty() || direction.isEmpty() || action.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new PresetRule(id.get(),
                        map.get("name").flatMap(n -> f.text(n, "name")).map(String::strip).orElse(id.get()),
                        action.get(), direction.get(), protocol.get(), localHosts, localPorts, remoteHosts, remotePorts,
                        state, timeout, minimum, helper, when,
                        map.get("purpose").flatMap(n -> f.text(n, "purpose")).map(String::strip).orElse(""),
                        map.get("advice").flatMap(n -> f.text(n, "advice")).map(String::strip).orElse(""),
                        source, Optional.empty(),
                        map.get("notes").flatMap(n -> f.text(n, "notes")).map(String::strip).orElse(""),
                        map.get("published").flatMap(n -> f.text(n, "published")).map(String::strip).orElse("")));
            }

            private Optional<Term<Duration>> timeoutTerm(YamlNode node) {
                return f.text(node, "session-timeout").flatMap(text -> {
                    Optional<String> param = placeholder(node, text);
                    if (param.isPresent()) {
                        return checkParameter(node.location(), param.get(), ParameterKind.DURATION)
                                ? Optional.of(new Term.Param<Duration>(param.get(), Optional.empty())) : Optional.empty();
                    }
                    if (text.contains("${")) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(new Term.Fixed<>(Durations.parse(text), Optional.empty()));
                    } catch (IllegalArgumentException e) {
                        p.add(node.location(), "session-timeout: " + e.getMessage(), Durations.HINT);
                        return Optional.empty();
                    }
                });
            }

            private List<Term<PortRange>> portTerms(String key, ProtocolMatch protocol, boolean known) {
                Optional<Entry> entry = map.entry(key);
                if (entry.isEmpty()) {
                    return List.of();
                }
                if (known && !protocol.carriesPorts()) {
                    p.add(entry.get().keyLocation(), key + " are given for " + (protocol.keyword().startsWith("i")
                            ? "an " : "a ") + protocol.keyword() + " rule", "only tcp, udp and tcp+udp rules have"
                            + " ports; remove " + key);
                    return List.of();
                }
                String transport = protocol.keyword();
                List<Term<PortRange>> terms = new ArrayList<>();
                for (Item item : items(entry.get().value(), key, "port")) {
                    Optional<String> param = placeholder(item.value(), item.value().text());
                    if (param.isPresent()) {
                        if (checkParameter(item.value().location(), param.get(), ParameterKind.PORTS)) {
                            terms.add(new Term.Param<>(param.get(), item.when()));
                        }
                        continue;
                    }
                    if (item.value().text().contains("${")) {
                        continue;
                    }
                    try {
                        terms.add(new Term.Fixed<>(PortSet.parseItem(item.value().text(), transport, ports), item.when()));
                    } catch (IllegalArgumentException e) {
                        p.add(item.value().location(), e.getMessage(), portHint(e));
                    }
                }
                return List.copyOf(terms);
            }

            private List<Term<HostMatch>> hostTerms(String key) {
                Optional<Entry> entry = map.entry(key);
                if (entry.isEmpty()) {
                    return List.of();
                }
                List<Term<HostMatch>> terms = new ArrayList<>();
                for (Item item : items(entry.get().value(), key, "host")) {
                    Optional<String> param = placeholder(item.value(), item.value().text());
                    if (param.isPresent()) {
                        if (checkParameter(item.value().location(), param.get(), ParameterKind.HOSTS)) {
                            terms.add(new Term.Param<>(param.get(), item.when()));
                        }
                        continue;
                    }
                    if (item.value().text().contains("${")) {
                        continue;
                    }
                    try {
                        terms.add(new Term.Fixed<>(HostMatch.parse(item.value().text()), item.when()));
                    } catch (IllegalArgumentException e) {
                        p.add(item.value().location(), e.getMessage(),
                                "write a host name, an address, a prefix, a range or zone:NAME");
                    }
                }
                return List.copyOf(terms);
            }

            /** The items of a port or host list: scalars (comma-separated) or {@code {port|host: value, when: option}}. */
            private List<Item> items(YamlNode node, String key, String valueKey) {
                List<YamlNode> nodes = node instanceof Sequence seq ? seq.items() : List.of(node);
                List<Item> items = new ArrayList<>();
                for (YamlNode one : nodes) {
                    if (one instanceof Mapping m) {
                        f.checkKeys(m, List.of(valueKey, "when"), "entry of " + key);
                        Optional<Scalar> value = m.get(valueKey).isEmpty()
                                ? f.missing(m, valueKey, "write {" + valueKey + ": VALUE, when: OPTION}")
                                : m.get(valueKey).flatMap(n -> f.scalar(n, valueKey));
                        Optional<Condition> when = m.get("when").flatMap(this::condition);
                        if (value.isPresent() && (m.get("when").isEmpty() || when.isPresent())) {
                            for (Scalar piece : YamlFields.split(value.get())) {
                                items.add(new Item(piece, when));
                            }
                        }
                    } else if (one instanceof Scalar s && !s.isNull() && !s.text().isBlank()) {
                        for (Scalar piece : YamlFields.split(s)) {
                            items.add(new Item(piece, Optional.empty()));
                        }
                    } else {
                        p.add(one.location(), key + " has an empty or nested entry (" + one.describe() + ")",
                                "write single values, or {" + valueKey + ": VALUE, when: OPTION}");
                    }
                }
                return items;
            }

            private Optional<Condition> condition(YamlNode node) {
                return f.text(node, "when").map(String::strip).flatMap(text -> {
                    boolean enabled = !text.startsWith("!");
                    String name = enabled ? text : text.substring(1).strip();
                    if (options.stream().noneMatch(o -> o.name().equals(name))) {
                        p.add(node.location(), "unknown option '" + name + "'", options.isEmpty()
                                ? "declare it under 'options:'" : "declare it under 'options:' or use one of: "
                                + String.join(", ", options.stream().map(PresetOption::name).toList()));
                        return Optional.empty();
                    }
                    return Optional.of(new Condition(name, enabled));
                });
            }

            private boolean checkParameter(Location at, String name, ParameterKind kind) {
                Optional<Parameter> parameter = parameters.stream().filter(q -> q.name().equals(name)).findFirst();
                if (parameter.isEmpty()) {
                    p.add(at, "unknown parameter '" + name + "'", parameters.isEmpty()
                            ? "declare it under 'parameters:'" : "declare it under 'parameters:' or use one of: "
                            + String.join(", ", parameters.stream().map(Parameter::name).toList()));
                    return false;
                }
                if (parameter.get().kind() != kind) {
                    String has = parameter.get().kind().name().toLowerCase(Locale.ROOT);
                    String wanted = kind.name().toLowerCase(Locale.ROOT);
                    p.add(at, "parameter '" + name + "' is of kind " + has + " but is used as " + wanted,
                            "use a parameter of kind " + wanted + " here");
                    return false;
                }
                return true;
            }

            /** The parameter a value names, when the whole value is {@code ${name}}; a malformed one is a problem. */
            private Optional<String> placeholder(YamlNode at, String value) {
                String text = value.strip();
                if (!text.contains("${")) {
                    return Optional.empty();
                }
                Matcher m = PLACEHOLDER.matcher(text);
                if (!m.matches()) {
                    p.add(at.location(), "malformed placeholder '" + text + "'",
                            "a placeholder is the whole value, written ${parameter-name}");
                    return Optional.empty();
                }
                return Optional.of(m.group(1));
            }
        }

        /** One list item: a value, present only under a condition when {@code when} is given. */
        private record Item(Scalar value, Optional<Condition> when) {
        }

        private List<Parameter> readParameters(Mapping map) {
            List<Parameter> parameters = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (YamlNode node : fields.list(map, "parameters")) {
                Optional<Mapping> found = fields.mapping(node, "a parameter");
                if (found.isEmpty()) {
                    continue;
                }
                Mapping p = found.get();
                fields.checkKeys(p, PARAMETER_KEYS, "parameter");
                Optional<String> name = p.get("name").isEmpty()
                        ? fields.missing(p, "name", "give the parameter a name, e.g. name: smtp-server")
                        : p.get("name").flatMap(n -> fields.name(n, "parameter name", ID, ID_RULE));
                Optional<ParameterKind> kind = p.get("kind").isEmpty()
                        ? fields.missing(p, "kind", "parameter '" + name.orElse("?") + "' needs a kind: hosts,"
                        + " ports, duration or text")
                        : p.get("kind").flatMap(n -> enumValue(n, ParameterKind.class, "parameter kind"));
                boolean required = p.get("required").flatMap(n -> fields.bool(n, "required")).orElse(false);
                int minimumPorts = p.get("minimum-ports").flatMap(n -> fields.positive(n, "minimum-ports")).orElse(0);
                if (minimumPorts > 0 && kind.isPresent() && kind.get() != ParameterKind.PORTS) {
                    problems.add(p.get("minimum-ports").get().location(), "minimum-ports is given for a parameter of"
                            + " kind " + kind.get().name().toLowerCase(Locale.ROOT), "only ports parameters have a"
                            + " minimum number of ports");
                }
                Optional<String> defaultValue = p.get("default").flatMap(n -> fields.text(n, "default"))
                        .map(PresetFiles::oneLine);
                if (required && defaultValue.isPresent()) {
                    problems.add(p.get("default").get().location(), "required parameter '" + name.orElse("?")
                            + "' has a default", "remove 'required: true' or the default");
                    continue;
                }
                if (name.isEmpty() || kind.isEmpty()) {
                    continue;
                }
                if (!names.add(name.get())) {
                    problems.add(p.get("name").get().location(), "duplicate parameter '" + name.get() + "'",
                            "declare each parameter once");
                    continue;
                }
                // Optional without a default: unset, so the clause using it stays unrestricted.
                String value = required ? null : defaultValue.orElse("");
                if (value != null && !value.isBlank()) {
                    checkDefault(p.get("default").get(), value, kind.get(), minimumPorts);
                }
                parameters.add(new Parameter(name.get(), p.get("description").flatMap(n -> fields.text(n,
                        "description")).map(PresetFiles::oneLine).orElse(""), Optional.ofNullable(value), kind.get(),
                        minimumPorts));
            }
            return List.copyOf(parameters);
        }

        private void checkDefault(YamlNode at, String value, ParameterKind kind, int minimumPorts) {
            try {
                switch (kind) {
                    case HOSTS -> Expander.hosts(value);
                    case PORTS -> Expander.checkPortCount(PortSet.parse(value, "tcp", ports), minimumPorts);
                    case DURATION -> Durations.parse(value);
                    case TEXT -> {
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add(at.location(), "default: " + e.getMessage(), Expander.hint(kind));
            }
        }

        private List<PresetOption> readOptions(Mapping map) {
            List<PresetOption> options = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (YamlNode node : fields.list(map, "options")) {
                Optional<Mapping> found = fields.mapping(node, "an option");
                if (found.isEmpty()) {
                    continue;
                }
                Mapping o = found.get();
                fields.checkKeys(o, OPTION_KEYS, "option");
                Optional<String> name = o.get("name").isEmpty()
                        ? fields.missing(o, "name", "give the option a name, e.g. name: socks")
                        : o.get("name").flatMap(n -> fields.name(n, "option name", ID, ID_RULE));
                Optional<Boolean> enabled = o.get("default").isEmpty()
                        ? fields.missing(o, "default", "option '" + name.orElse("?") + "' needs default: true or"
                        + " default: false")
                        : o.get("default").flatMap(n -> fields.bool(n, "default"));
                if (name.isEmpty() || enabled.isEmpty()) {
                    continue;
                }
                if (!names.add(name.get())) {
                    problems.add(o.get("name").get().location(), "duplicate option '" + name.get() + "'",
                            "declare each option once");
                    continue;
                }
                options.add(new PresetOption(name.get(), o.get("description").flatMap(n -> fields.text(n,
                        "description")).map(PresetFiles::oneLine).orElse(""), enabled.get(),
                        o.get("why").flatMap(n -> fields.text(n, "why")).map(PresetFiles::oneLine).orElse("")));
            }
            return List.copyOf(options);
        }

        private Optional<String> requiredId(Mapping map, String what, String key) {
            if (map.get("id").isEmpty()) {
                return fields.missing(map, "id", "give the " + what + " an id, e.g. id: my-" + what.replace(' ', '-'));
            }
            return map.get("id").flatMap(n -> fields.name(n, key, ID, ID_RULE));
        }

        private List<String> strings(Mapping map, String key) {
            List<String> values = new ArrayList<>();
            for (YamlNode node : fields.list(map, key)) {
                fields.text(node, key).map(String::strip).ifPresent(values::add);
            }
            return values;
        }

        private <E extends Enum<E>> Optional<E> enumValue(YamlNode node, Class<E> type, String what) {
            return fields.text(node, what).flatMap(text -> {
                String wanted = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
                List<String> names = new ArrayList<>();
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equals(wanted)) {
                        return Optional.of(constant);
                    }
                    names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
                problems.add(node.location(), "unknown " + what + " '" + text.strip() + "'",
                        "write one of: " + String.join(", ", names));
                return Optional.empty();
            });
        }
    }

    private static String portHint(IllegalArgumentException e) {
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

    private static PresetRule withNotes(PresetRule r, String notes) {
        return new PresetRule(r.id(), r.name(), r.action(), r.direction(), r.protocol(), r.localHosts(),
                r.localPorts(), r.remoteHosts(), r.remotePorts(), r.state(), r.sessionTimeout(),
                r.minimumSessionTimeout(), r.conntrackHelper(), r.when(), r.purpose(), r.advice(), r.source(),
                r.sharedRule(), notes, r.published());
    }

    /** Folded YAML text keeps a trailing newline; values are one line. */
    private static String oneLine(String text) {
        return text.strip();
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
