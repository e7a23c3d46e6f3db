package dev.portcullis.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.Action;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.IcmpType;
import dev.portcullis.model.Location;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.StateMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reads the reference documents themselves and proves every rule in them is in the built-in catalog with the
 * same protocol, direction, ports and action. Each check returns what is missing, so the tests also show that a
 * catalog with a rule taken out fails.
 */
class ReferenceCoverageTest {
    private static final Pattern PORTS = Pattern.compile("(\\d+)(?:-(\\d+))?");
    private static final Location HERE = new Location("coverage-test.yaml", 1, 1);

    private final Catalog catalog = Catalog.builtIn();

    // ---------------------------------------------------------------- document 000

    /** One "Protocol: / Direction: / ... / Action:" block and the application titles above it. */
    record Block000(int line, List<String> titles, String protocol, Direction direction, PortSet remotePorts,
                    PortSet localPorts, Action action) {
    }

    static List<Block000> blocks000() {
        List<String> lines = ReferenceDocuments.lines("000_");
        List<Block000> blocks = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        boolean inTitles = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("Top")) {
                titles = new ArrayList<>();
                inTitles = true;
            } else if (line.startsWith("Protocol:")) {
                inTitles = false;
                int start = i;
                String protocol = value(line);
                Direction direction = Direction.BOTH;
                PortSet remote = PortSet.ANY;
                PortSet local = PortSet.ANY;
                Action action = null;
                for (i++; action == null; i++) {
                    String field = lines.get(i).strip();
                    if (field.startsWith("Direction:")) {
                        direction = Direction.parse(value(field));
                    } else if (field.startsWith("Remote Port")) {
                        remote = ports(value(field));
                    } else if (field.startsWith("Local Port")) {
                        local = ports(value(field));
                    } else if (field.startsWith("Action:")) {
                        assertThat(value(field)).isEqualTo("Allow It");
                        action = Action.ALLOW;
                    } else {
                        throw new AssertionError("unexpected line " + (i + 1) + " in a rule block: " + field);
                    }
                }
                i--;
                blocks.add(new Block000(start + 1, List.copyOf(titles), protocol.toLowerCase(), direction, remote,
                        local, action));
            } else if (inTitles && !line.startsWith("There are two rules")) {
                titles.add(line);
            }
        }
        return blocks;
    }

    /** Which preset an application title in document 000 belongs to. */
    static String presetOf(String title) {
        if (title.startsWith("Yahoo! Messenger AutoUpdater")) {
            return "yahoo-autoupdater";
        }
        Map<String, String> prefixes = new LinkedHashMap<>();
        prefixes.put("Yahoo! Messenger", "yahoo-messenger");
        prefixes.put("ICQ", "icq");
        prefixes.put("mIRC", "irc-mirc");
        prefixes.put("Microsoft Chat", "microsoft-chat");
        prefixes.put("Microsoft NetMeeting", "microsoft-netmeeting");
        prefixes.put("MSN Messenger", "msn-messenger");
        prefixes.put("Default MSN Messenger", "msn-messenger");
        return prefixes.entrySet().stream().filter(e -> title.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("title names no known application: " + title));
    }

    static List<String> missing000(Catalog catalog) {
        List<String> missing = new ArrayList<>();
        Map<String, List<Rule>> expanded = new HashMap<>();
        for (Block000 block : blocks000()) {
            for (String title : block.titles()) {
                String presetId = presetOf(title);
                List<Rule> rules = expanded.computeIfAbsent(presetId,
                        id -> catalog.expand(PresetInstance.of(id, HERE)));
                boolean found = rules.stream().anyMatch(rule -> rule.protocol().keyword().equals(block.protocol())
                        && rule.direction() == block.direction()
                        && rule.action() == block.action()
                        && rule.remotePorts().normalized().equals(block.remotePorts().normalized())
                        && (rule.localPorts().normalized().equals(block.localPorts().normalized())
                        || narrowedOnPurpose(catalog, presetId, rule, block)));
                if (!found) {
                    missing.add(presetId + ": \"" + title + "\" (line " + block.line() + ") " + block.protocol()
                            + " " + block.direction() + " remote " + block.remotePorts() + " local "
                            + block.localPorts());
                }
            }
        }
        return missing;
    }

    /**
     * A preset may narrow the local side of a published rule (ICQ's inbound rules name local ports the document
     * does not, issue 10), only where it says what was published, and only to a subset of the published ports.
     */
    static boolean narrowedOnPurpose(Catalog catalog, String presetId, Rule rule, Block000 block) {
        Preset preset = catalog.find(presetId).orElseThrow();
        String published = rule.origin().presetRule().flatMap(preset::rule).map(PresetRule::published).orElse("");
        List<PortRange> allowed = block.localPorts().normalized();
        return !published.isEmpty() && rule.source().orElseThrow().line() == block.line()
                && rule.localPorts().normalized().stream().allMatch(r -> allowed.stream()
                        .anyMatch(a -> a.first() <= r.first() && r.last() <= a.last()));
    }

    @Test
    void icqsInboundRulesNameTheirLocalPortsAndSayWhatWasPublished() {
        Preset icq = catalog.find("icq").orElseThrow();
        assertThat(icq.rule("client-in").orElseThrow().published())
                .isEqualTo("inbound TCP from remote ports 1024-65535 to any local port");
        List<Rule> rules = catalog.expand(PresetInstance.of("icq", HERE));
        Rule clientIn = rules.stream().filter(r -> r.id().equals("icq.client-in")).findFirst().orElseThrow();
        assertThat(clientIn.localPorts().normalized()).containsExactly(PortRange.of(20000, 20019));
        Rule serverIn = rules.stream().filter(r -> r.id().equals("icq.server-in")).findFirst().orElseThrow();
        assertThat(serverIn.localPorts().normalized()).containsExactly(PortRange.of(1024, 65535));
        assertThat(serverIn.remoteHosts().toString()).isEqualTo("icq.mirabilis.com");
    }

    @Test
    void document000HasTheExpectedShape() {
        List<Block000> blocks = blocks000();
        assertThat(blocks).hasSize(25);
        assertThat(blocks.stream().mapToInt(b -> b.titles().size()).sum()).isEqualTo(30);
        assertThat(blocks).filteredOn(b -> b.titles().size() > 1).extracting(Block000::line)
                .containsExactly(59, 90, 116);
    }

    @Test
    void everyRuleOfDocument000IsInTheCatalog() {
        assertThat(missing000(catalog)).isEmpty();
    }

    @Test
    void everyApplicationOfDocument000HasAPreset() {
        List<String> lines = ReferenceDocuments.lines("000_");
        Map<String, String> applications = Map.of("ICQ", "icq", "IRC", "irc-mirc", "Microsoft Chat",
                "microsoft-chat", "Microsoft NetMeeting", "microsoft-netmeeting", "MSN Messenger", "msn-messenger",
                "Odigo", "odigo", "Yahoo! Messenger", "yahoo-messenger", "Yahoo! AutoUpdater", "yahoo-autoupdater");
        // Lines 4-11 list the applications that have presets.
        for (String application : lines.subList(3, 11)) {
            assertThat(applications).containsKey(application.strip());
            Preset preset = catalog.find(applications.get(application.strip())).orElseThrow();
            assertThat(catalog.find(application)).contains(preset);
            assertThat(preset.kind()).isEqualTo(PresetKind.APPLICATION);
            assertThat(preset.sources()).allMatch(s -> s.document().equals(ReferenceDocuments.fileName("000_")));
        }
    }

    @Test
    void aCatalogWithoutARuleFailsTheDocument000Check() {
        Catalog without = withoutRule(catalog, "yahoo-messenger", "login");
        assertThat(missing000(without)).containsExactly(
                "yahoo-messenger: \"Yahoo! Messenger Login\" (line 175) tcp OUT remote 23,5050 local any");
        Catalog narrowed = withoutRule(catalog, "icq", "http-connection");
        assertThat(missing000(narrowed)).singleElement().asString().startsWith("icq: \"ICQ HTTP connection\"");
    }

    // ---------------------------------------------------------------- document 003

    record Row003(int line, int port, String protocol, Direction direction) {
    }

    static List<Row003> rows003() {
        Pattern row = Pattern.compile("^(\\d+)\\*? \\| ([^|]+?) \\| ([^|]+?) \\|");
        List<String> lines = ReferenceDocuments.lines("003_");
        List<Row003> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = row.matcher(lines.get(i));
            if (m.find()) {
                String protocol = switch (m.group(2)) {
                    case "TCP", "FTP", "FTPS (explicit)", "FTPS", "SFTP" -> "tcp";
                    case "UDP" -> "udp";
                    case "UDP/TCP" -> "tcp+udp";
                    default -> throw new AssertionError("unknown protocol column " + m.group(2));
                };
                rows.add(new Row003(i + 1, Integer.parseInt(m.group(1)), protocol, Direction.parse(m.group(3))));
            }
        }
        return rows;
    }

    /**
     * How each "In/Out" row of document 003 is read (issue 10): the gateway's own lookups, queries and client
     * connections go out and their answers come back by connection tracking ({@code out}); active FTP's data
     * connection comes in from the server's port 20 to an unprivileged local port ({@code in-from}); the peers'
     * greylisting broadcast is both ways, as an inbound and an outbound rule ({@code in+out}). Never "both with the
     * port on the remote side", which would open every local port to anyone sending from that port.
     */
    static final Map<Integer, String> IN_OUT_READING = Map.ofEntries(
            Map.entry(3, "in-from"), Map.entry(4, "out"), Map.entry(5, "out"), Map.entry(8, "out"),
            Map.entry(12, "out"), Map.entry(35, "out"), Map.entry(36, "out"), Map.entry(37, "out"),
            Map.entry(41, "out"), Map.entry(44, "out"), Map.entry(45, "out"), Map.entry(47, "out"),
            Map.entry(50, "out"), Map.entry(51, "in+out"));

    static List<String> missing003(Catalog catalog) {
        Preset preset = catalog.find("email-gateway").orElseThrow();
        List<Rule> rules = catalog.expand(everythingOn(preset));
        List<String> missing = new ArrayList<>();
        for (Row003 row : rows003()) {
            List<Rule> atRow = rules.stream().filter(r -> r.source().orElseThrow().line() == row.line()).toList();
            PortRange port = PortRange.of(row.port());
            String reading = row.direction() == Direction.BOTH ? IN_OUT_READING.get(row.line())
                    : row.direction().keyword();
            boolean same = atRow.stream().allMatch(rule -> rule.protocol().keyword().equals(row.protocol())
                    && rule.action() == Action.ALLOW);
            boolean found = same && switch (reading == null ? "unread" : reading) {
                case "in" -> atRow.size() == 1 && isIn(atRow.get(0), port);
                case "out", "unread" -> atRow.size() == 1 && isOut(atRow.get(0), port);
                case "in-from" -> atRow.size() == 1 && atRow.get(0).direction() == Direction.IN
                        && atRow.get(0).remotePorts().normalized().equals(List.of(port))
                        && atRow.get(0).localPorts().normalized().equals(List.of(PortRange.of(1024, 65535)));
                case "in+out" -> atRow.size() == 2 && atRow.stream().anyMatch(r -> isIn(r, port))
                        && atRow.stream().anyMatch(r -> isOut(r, port));
                default -> false;
            };
            if (!found) {
                missing.add("line " + row.line() + ": " + row.port() + " " + row.protocol() + " " + row.direction()
                        + (reading == null ? "" : " read " + reading));
            }
        }
        return missing;
    }

    private static boolean isIn(Rule rule, PortRange port) {
        return rule.direction() == Direction.IN && rule.localPorts().normalized().equals(List.of(port));
    }

    private static boolean isOut(Rule rule, PortRange port) {
        return rule.direction() == Direction.OUT && rule.remotePorts().normalized().equals(List.of(port));
    }

    @Test
    void everyInOutRowSaysHowItIsReadAndNoRuleOpensEveryLocalPort() {
        assertThat(rows003()).filteredOn(r -> r.direction() == Direction.BOTH).extracting(Row003::line)
                .containsExactlyInAnyOrderElementsOf(IN_OUT_READING.keySet());
        Preset preset = catalog.find("email-gateway").orElseThrow();
        for (Rule rule : catalog.expand(everythingOn(preset))) {
            int line = rule.source().orElseThrow().line();
            if (IN_OUT_READING.containsKey(line)) {
                assertThat(preset.rule(rule.origin().presetRule().orElseThrow()).orElseThrow().notes())
                        .as("notes of " + rule.id()).startsWith("Read as");
            }
            if (rule.direction() != Direction.OUT && rule.protocol().carriesPorts()) {
                assertThat(rule.localPorts().isAny()).as(rule.id() + " names its local ports").isFalse();
            }
        }
    }

    @Test
    void everyRowOfDocument003IsInTheCatalog() {
        assertThat(rows003()).hasSize(39);
        assertThat(missing003(catalog)).isEmpty();
        Preset preset = catalog.find("email-gateway").orElseThrow();
        assertThat(preset.rules()).hasSize(rows003().size() + 1); // the greylisting row is two rules
        assertThat(preset.kind()).isEqualTo(PresetKind.APPLIANCE);
    }

    @Test
    void aCatalogWithoutARowFailsTheDocument003Check() {
        assertThat(missing003(withoutRule(catalog, "email-gateway", "greylisting-peers-in")))
                .containsExactly("line 51: 19200 udp BOTH read in+out");
    }

    // ---------------------------------------------------------------- document 004

    record Bullet004(int line, String zone, Direction direction, String protocol, List<Integer> numbers) {
    }

    static List<Bullet004> bullets004() {
        Map<String, Object[]> headings = Map.of(
                "Internet to SpammerTrap", new Object[] {"internet", Direction.IN},
                "SpammerTrap to Internet", new Object[] {"internet", Direction.OUT},
                "Internal Network (LAN) to SpammerTrap", new Object[] {"lan", Direction.IN},
                "SpammerTrap to Internal network (LAN)", new Object[] {"lan", Direction.OUT});
        Pattern bullet = Pattern.compile("^•\\s*(TCP/UDP|TCP|UDP|ICMP) ([\\d, and]+?)\\s*[(;]");
        List<String> lines = ReferenceDocuments.lines("004_");
        List<Bullet004> bullets = new ArrayList<>();
        Object[] section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (headings.containsKey(line)) {
                section = headings.get(line);
            } else if (line.startsWith("What if")) {
                section = null;
            } else if (section != null) {
                Matcher m = bullet.matcher(line);
                if (m.find()) {
                    String protocol = m.group(1).equals("TCP/UDP") ? "tcp+udp" : m.group(1).toLowerCase();
                    List<Integer> numbers = numbers(m.group(2));
                    bullets.add(new Bullet004(i + 1, (String) section[0], (Direction) section[1], protocol, numbers));
                } else if (line.startsWith("•")) {
                    throw new AssertionError("unparsed bullet at line " + (i + 1) + ": " + line);
                }
            }
        }
        return bullets;
    }

    static List<String> missing004(Catalog catalog) {
        Preset preset = catalog.find("spammertrap").orElseThrow();
        List<Rule> rules = catalog.expand(everythingOn(preset));
        List<String> missing = new ArrayList<>();
        for (Bullet004 b : bullets004()) {
            boolean found = rules.stream().anyMatch(rule -> rule.source().orElseThrow().line() == b.line()
                    && rule.protocol().keyword().equals(b.protocol())
                    && rule.direction() == b.direction()
                    && rule.action() == Action.ALLOW
                    && rule.remoteHosts().entries().equals(List.of(new HostMatch.ZoneRef(b.zone())))
                    && (b.protocol().equals("icmp")
                            ? icmpTypes(rule).equals(new TreeSet<>(b.numbers()))
                            : ports(b.direction() == Direction.IN ? rule.localPorts() : rule.remotePorts())
                            .equals(new TreeSet<>(b.numbers()))));
            if (!found) {
                missing.add("line " + b.line() + ": " + b.protocol() + " " + b.numbers() + " " + b.direction() + " "
                        + b.zone());
            }
        }
        missing.addAll(missingStatic004(rules));
        return missing;
    }

    /** The "static or port filtering firewall" additions, read from the document's own lines. */
    static List<String> missingStatic004(List<Rule> rules) {
        List<String> lines = ReferenceDocuments.lines("004_");
        List<String> missing = new ArrayList<>();
        int established = indexOf(lines, "Allow established TCP connections back in");
        if (rules.stream().noneMatch(r -> r.source().orElseThrow().line() == established
                && r.protocol().equals(ProtocolMatch.TCP) && r.direction() == Direction.IN
                && r.state() == StateMatch.ESTABLISHED)) {
            missing.add("line " + established + ": established TCP back in");
        }
        int udp = indexOf(lines, "UDP All:53 to SpammerTrap:");
        Matcher target = Pattern.compile("All:(\\d+) to SpammerTrap: (\\d+)-(\\d+)").matcher(lines.get(udp - 1));
        assertThat(target.find()).isTrue();
        Set<Integer> sameWith = new TreeSet<>(numbers(lines.get(indexOf(lines, "Same with") - 1)
                .replaceAll("see above.*", "")));
        sameWith.add(Integer.parseInt(target.group(1)));
        PortSet clientPorts = PortSet.of(PortRange.of(Integer.parseInt(target.group(2)),
                Integer.parseInt(target.group(3))));
        if (rules.stream().noneMatch(r -> r.source().orElseThrow().line() == udp
                && r.protocol().equals(ProtocolMatch.UDP) && r.direction() == Direction.IN
                && r.state() == StateMatch.ESTABLISHED
                && ports(r.remotePorts()).equals(sameWith)
                && r.localPorts().normalized().equals(clientPorts.normalized()))) {
            missing.add("line " + udp + ": UDP replies from " + sameWith + " to " + clientPorts);
        }
        int icmp = indexOf(lines, "allow ICMP RETURNS for");
        Set<Integer> types = new TreeSet<>(numbers(lines.get(icmp - 1).replaceAll(".*RETURNS for", "")));
        if (rules.stream().noneMatch(r -> r.source().orElseThrow().line() == icmp
                && r.protocol() instanceof ProtocolMatch.Icmp && r.direction() == Direction.IN
                && icmpTypes(r).equals(types))) {
            missing.add("line " + icmp + ": ICMP returns " + types);
        }
        return missing;
    }

    @Test
    void everyRuleOfDocument004IsInTheCatalog() {
        assertThat(bullets004()).hasSize(23);
        assertThat(missing004(catalog)).isEmpty();
    }

    @Test
    void aCatalogWithoutARuleFailsTheDocument004Check() {
        assertThat(missing004(withoutRule(catalog, "spammertrap", "lan-icmp-in")))
                .containsExactly("line 43: icmp [3, 4, 5, 8, 11, 12] IN lan");
        assertThat(missing004(withoutRule(catalog, "spammertrap", "static-udp-replies")))
                .containsExactly("line 69: UDP replies from [53, 123, 6277] to 1023-65535");
    }

    @Test
    void theStaticFilterAdditionsAreOffByDefault() {
        List<Rule> rules = catalog.expand(PresetInstance.of("spammertrap", HERE));
        assertThat(rules).noneMatch(r -> r.state() != StateMatch.ANY);
        assertThat(rules).noneMatch(r -> r.protocol().equals(ProtocolMatch.ANY));
        assertThat(catalog.find("spammertrap").orElseThrow().option("static-filter").orElseThrow()
                .enabledByDefault()).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    /** An instance with every option on and every required parameter given, so that every rule is present. */
    static PresetInstance everythingOn(Preset preset) {
        Map<String, Boolean> options = preset.options().stream()
                .collect(Collectors.toMap(PresetOption::name, o -> true));
        Map<String, String> parameters = preset.parameters().stream().filter(Parameter::required)
                .collect(Collectors.toMap(Parameter::name, p -> switch (p.kind()) {
                    case HOSTS -> "192.0.2.1";
                    case PORTS -> "1";
                    case DURATION -> "300s";
                    case TEXT -> "x";
                }));
        return new PresetInstance(preset.id(), preset.id(), parameters, options, HERE, Map.of());
    }

    static Catalog withoutRule(Catalog catalog, String presetId, String ruleId) {
        List<Preset> presets = catalog.presets().stream().map(p -> !p.id().equals(presetId) ? p
                : new Preset(p.id(), p.name(), p.kind(), p.description(),
                        p.rules().stream().filter(r -> !r.id().equals(ruleId)).toList(),
                        p.parameters(), p.options(), p.sources(), p.notes())).toList();
        assertThat(presets.stream().mapToInt(p -> p.rules().size()).sum())
                .isEqualTo(catalog.presets().stream().mapToInt(p -> p.rules().size()).sum() - 1);
        return new Catalog(presets, Map.of(), Map.of(), catalog.ports());
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("document 004 no longer says: " + text);
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }

    private static PortSet ports(String text) {
        List<PortRange> ranges = new ArrayList<>();
        // "POP3 (110)": the number in parentheses is the port, not the 3 of the name.
        Matcher m = PORTS.matcher(text.replaceAll("[A-Za-z][A-Za-z0-9]*\\s*\\((\\d+)\\)", "$1"));
        while (m.find()) {
            int first = Integer.parseInt(m.group(1));
            ranges.add(m.group(2) == null ? PortRange.of(first) : PortRange.of(first, Integer.parseInt(m.group(2))));
        }
        return new PortSet(ranges);
    }

    private static List<Integer> numbers(String text) {
        List<Integer> numbers = new ArrayList<>();
        Matcher m = Pattern.compile("\\d+").matcher(text);
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group()));
        }
        return numbers;
    }

    private static Set<Integer> ports(PortSet set) {
        Set<Integer> ports = new TreeSet<>();
        if (set.isAny()) {
            return ports;
        }
        for (PortRange range : set.ranges()) {
            for (int p = range.first(); p <= range.last(); p++) {
                ports.add(p);
            }
        }
        return ports;
    }

    private static Set<Integer> icmpTypes(Rule rule) {
        return rule.protocol() instanceof ProtocolMatch.Icmp icmp
                ? icmp.types().stream().map(IcmpType::type).collect(Collectors.toCollection(TreeSet::new))
                : Set.of();
    }
}
