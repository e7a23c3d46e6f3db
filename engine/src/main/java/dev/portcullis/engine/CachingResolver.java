package dev.portcullis.engine;

import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import inet.ipaddr.IPAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A name resolver with a cache: each name is asked of the upstream resolver at most once per time-to-live,
 * including names that did not resolve, so a slow or failing DNS does not slow every packet. A name that does
 * not resolve gives no addresses, and a rule naming it matches nothing; it never widens to "any".
 *
 * <p>The CLI wraps the system resolver ({@link #system}); tests use {@link NameResolver#fixed} or a
 * {@link HostsFile}, with or without this cache.
 */
public final class CachingResolver implements NameResolver {
    private final NameResolver upstream;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(List<IPAddress> addresses, Instant expiresAt) {
    }

    public CachingResolver(NameResolver upstream, Duration timeToLive, Clock clock) {
        if (timeToLive.isNegative()) {
            throw new IllegalArgumentException("a cache time-to-live cannot be negative: " + timeToLive);
        }
        this.upstream = upstream;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    /** The operating system's resolver (InetAddress: hosts file, then DNS) behind a cache. */
    public static CachingResolver system(Duration timeToLive) {
        return new CachingResolver(CachingResolver::resolveWithSystem, timeToLive, Clock.systemUTC());
    }

    @Override
    public List<IPAddress> resolve(String hostName) {
        String name = normalize(hostName);
        Instant now = clock.instant();
        Entry cached = cache.get(name);
        if (cached != null && now.isBefore(cached.expiresAt())) {
            return cached.addresses();
        }
        List<IPAddress> addresses = List.copyOf(upstream.resolve(name));
        cache.put(name, new Entry(addresses, now.plus(timeToLive)));
        return addresses;
    }

    /** Forgets every cached answer, e.g. before recompiling a policy after DNS changes. */
    public void clear() {
        cache.clear();
    }

    private static String normalize(String hostName) {
        String name = hostName.trim().toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static List<IPAddress> resolveWithSystem(String hostName) {
        try {
            return Arrays.stream(InetAddress.getAllByName(hostName))
                    .map(address -> {
                        String text = address.getHostAddress();
                        int scope = text.indexOf('%'); // an IPv6 zone index is no part of the address
                        return Packet.parseAddress(scope < 0 ? text : text.substring(0, scope));
                    })
                    .distinct()
                    .toList();
        } catch (UnknownHostException | SecurityException e) {
            return List.of();
        }
    }
}
