package dev.portcullis.analysis;

import dev.portcullis.model.Action;
import dev.portcullis.model.AppIdentity;
import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.IpProtocols;
import dev.portcullis.model.Mode;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortRange;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.Settings;
import dev.portcullis.model.TcpFlags;
import inet.ipaddr.ipv4.IPv4Address;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads ClassBench filter sets and traces from the shared directory (never copied into the repository) into model
 * policies and packets. A filter becomes an outbound rule: source = local side, destination = remote side; the
 * action alternates by line (even lines allow, odd lines block) so that the anomaly report has work to do.
 * Filters that give ports to a protocol other than TCP/UDP (only in fw2 and fw4) lose their port clause, because in
 * the model (RuleMatcher) such packets carry no ports; {@link #lossyRules} counts them.
 */
final class ClassBench {
    final Policy policy;
    final int lossyRules;

    private ClassBench(Policy policy, int lossyRules) {
        this.policy = policy;
        this.lossyRules = lossyRules;
    }

    static Path shared() {
        return Path.of(System.getProperty("portcullis.shared", "../../shared"));
    }

    static Path rules(String set) {
        Path plain = shared().resolve("classbench/rules").resolve(set);
        return Files.exists(plain) ? plain : shared().resolve("classbench/rules").resolve(set + ".gz");
    }

    static ClassBench load(String set) throws IOException {
        List<Rule> rules = new ArrayList<>();
        int lossy = 0;
        try (BufferedReader reader = open(rules(set))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.substring(1).split("\t");
                int index = rules.size();
                int proto = Integer.decode(cells[4].split("/")[0]);
                boolean anyProto = cells[4].endsWith("/0x00");
                ProtocolMatch protocol = anyProto ? ProtocolMatch.ANY
                        : proto == IpProtocols.TCP ? ProtocolMatch.TCP
                        : proto == IpProtocols.UDP ? ProtocolMatch.UDP
                        : new ProtocolMatch.IpProtocol(proto);
                PortSet sport = ports(cells[2]);
                PortSet dport = ports(cells[3]);
                if (!protocol.carriesPorts() && !(sport.isAny() && dport.isAny())) {
                    lossy++;
                    sport = PortSet.ANY;
                    dport = PortSet.ANY;
                }
                rules.add(Rule.builder("cb" + (index + 1))
                        .action(index % 2 == 0 ? Action.ALLOW : Action.BLOCK)
                        .direction(Direction.OUT)
                        .protocol(protocol)
                        .localHosts(hosts(cells[0]))
                        .remoteHosts(hosts(cells[1]))
                        .localPorts(sport)
                        .remotePorts(dport)
                        .build());
            }
        }
        return new ClassBench(new Policy(set, Mode.BLOCK_MOST, List.of(), rules, Settings.DEFAULTS), lossy);
    }

    private static HostSet hosts(String prefix) {
        return prefix.endsWith("/0") ? HostSet.ANY : HostSet.of(HostMatch.AddressBlock.parse(normalize(prefix)));
    }

    /** ClassBench writes host bits beyond the prefix length at times; the prefix is what a filter means. */
    private static String normalize(String prefix) {
        String[] parts = prefix.split("/");
        int len = Integer.parseInt(parts[1]);
        long address = new IPv4Address(
                new inet.ipaddr.IPAddressString(parts[0]).getAddress().getBytes()).longValue();
        long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        return new IPv4Address((int) (address & mask)).toCanonicalString() + "/" + len;
    }

    private static PortSet ports(String range) {
        String[] bounds = range.split(":");
        int lo = Integer.parseInt(bounds[0].trim());
        int hi = Integer.parseInt(bounds[1].trim());
        return lo == 0 && hi == 65535 ? PortSet.ANY : PortSet.of(PortRange.of(lo, hi));
    }

    /** Trace headers as outbound packets, with the 1-based first-match line from the firstmatch file. */
    record TracePacket(Packet packet, int firstMatchLine) {
    }

    static List<TracePacket> trace(String set, int limit) throws IOException {
        Path trace = shared().resolve("classbench/traces").resolve(set + "_trace.gz");
        Path answers = shared().resolve("classbench/firstmatch").resolve(set + "_trace.firstmatch.gz");
        List<TracePacket> packets = new ArrayList<>();
        try (BufferedReader headers = open(trace); BufferedReader firsts = open(answers)) {
            String line;
            while ((line = headers.readLine()) != null && packets.size() < limit) {
                String[] cells = line.trim().split("\\s+");
                int proto = Integer.parseInt(cells[4]);
                boolean ports = proto == IpProtocols.TCP || proto == IpProtocols.UDP;
                boolean icmp = proto == IpProtocols.ICMP;
                Packet packet = new Packet(Direction.OUT, proto, new IPv4Address((int) Long.parseLong(cells[0])),
                        ports ? Integer.parseInt(cells[2]) : 0, new IPv4Address((int) Long.parseLong(cells[1])),
                        ports ? Integer.parseInt(cells[3]) : 0, icmp ? 0 : -1, icmp ? 0 : -1,
                        proto == IpProtocols.TCP ? TcpFlags.SYN : 0, Optional.empty(), AppIdentity.UNKNOWN);
                packets.add(new TracePacket(packet, Integer.parseInt(firsts.readLine().trim())));
            }
        }
        return packets;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
    }
}
