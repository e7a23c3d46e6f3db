package dev.portcullis.policy;

import dev.portcullis.model.PortRange;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A small fixed table of the most common service names, used until the catalog's port registry is wired in.
 * Both transports are listed where the service uses both.
 */
enum BasicServiceNames implements ServiceNames {
    INSTANCE;

    private static final Map<String, Integer> TCP = Map.ofEntries(
            Map.entry("ftp", 21), Map.entry("ssh", 22), Map.entry("telnet", 23), Map.entry("smtp", 25),
            Map.entry("domain", 53), Map.entry("http", 80), Map.entry("pop3", 110), Map.entry("imap", 143),
            Map.entry("https", 443), Map.entry("submission", 587), Map.entry("imaps", 993), Map.entry("pop3s", 995));
    private static final Map<String, Integer> UDP = Map.of("domain", 53, "ntp", 123, "syslog", 514);

    @Override
    public Optional<PortRange> resolve(String name, String transport) {
        String key = name.toLowerCase(Locale.ROOT);
        Integer tcp = TCP.get(key);
        Integer udp = UDP.get(key);
        Integer port = switch (transport) {
            case "udp" -> udp;
            case "tcp+udp" -> tcp != null && tcp.equals(udp) ? tcp : null;
            default -> tcp;
        };
        return Optional.ofNullable(port).map(p -> PortRange.named(key, p));
    }

    @Override
    public Collection<String> names() {
        return java.util.stream.Stream.concat(TCP.keySet().stream(), UDP.keySet().stream()).distinct().toList();
    }
}
