package dev.portcullis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import inet.ipaddr.IPAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolverTest {
    @Test
    void cacheAsksUpstreamOncePerTimeToLiveIncludingFailures() {
        List<String> asked = new ArrayList<>();
        NameResolver upstream = name -> {
            asked.add(name);
            return name.equals("icq.mirabilis.com") ? List.of(Packet.parseAddress("203.0.113.5")) : List.of();
        };
        ManualClock clock = ManualClock.atEpoch();
        CachingResolver resolver = new CachingResolver(upstream, Duration.ofSeconds(60), clock);

        assertThat(resolver.resolve("ICQ.mirabilis.com.")).extracting(IPAddress::toCanonicalString)
                .containsExactly("203.0.113.5");
        assertThat(resolver.resolve("icq.mirabilis.com")).hasSize(1);
        assertThat(resolver.resolve("gone.example")).isEmpty();
        assertThat(resolver.resolve("gone.example")).isEmpty();
        assertThat(asked).containsExactly("icq.mirabilis.com", "gone.example");

        clock.advance(Duration.ofSeconds(60));
        resolver.resolve("icq.mirabilis.com");
        assertThat(asked).containsExactly("icq.mirabilis.com", "gone.example", "icq.mirabilis.com");
    }

    @Test
    void systemResolverAnswersLocalhostAndNothingForAnInvalidName() {
        CachingResolver system = CachingResolver.system(Duration.ofMinutes(1));
        assertThat(system.resolve("localhost")).isNotEmpty();
        assertThat(system.resolve("no-such-host.invalid")).isEmpty();
    }

    @Test
    void hostsFileMapsEveryNameOnALineToItsAddress() {
        NameResolver resolver = HostsFile.parse("hosts", """
                # ICQ servers
                203.0.113.5   icq.mirabilis.com login.icq.com
                203.0.113.6   icq.mirabilis.com   # a second address
                2001:db8::5   icq.mirabilis.com
                """);

        assertThat(resolver.resolve("icq.mirabilis.com")).extracting(IPAddress::toCanonicalString)
                .containsExactly("203.0.113.5", "203.0.113.6", "2001:db8::5");
        assertThat(resolver.resolve("login.icq.com")).hasSize(1);
        assertThat(resolver.resolve("other.example")).isEmpty();
    }

    @Test
    void hostsFileErrorsSayWhere() {
        assertThatThrownBy(() -> HostsFile.parse("hosts", "203.0.113.5 ok.example\n  300.1.2.3 bad.example\n10.0.0.1\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.location())
                        .containsExactly(new Location("hosts", 2, 3), new Location("hosts", 3, 9)));
    }
}
