package dev.portcullis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.PresetInstance;
import dev.portcullis.model.Location;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reference 001: "If your firewall session times out in less than 5 minutes" ICQ breaks; the catalog's ICQ
 * preset keeps the UDP session to icq.mirabilis.com at least 300 s, and the engine honours it.
 */
class IcqPresetSessionTest {
    private static final NameResolver RESOLVER = NameResolver.fixed(Map.of("icq.mirabilis.com", List.of("203.0.113.5")));

    @Test
    void udpSessionToTheIcqServerStaysTrackedForFiveMinutes() {
        List<Rule> rules = Catalog.builtIn().expand(PresetInstance.of("icq-network-firewall", Location.of("test")));
        Policy policy = Policy.of(Mode.BLOCK_MOST, rules);
        ManualClock clock = ManualClock.atEpoch();
        Engine engine = new Engine(policy, RESOLVER, clock);
        Packet query = Packet.parse("out udp 10.0.0.2:40000 -> 203.0.113.5:4000");

        Decision opened = engine.decide(query);
        assertThat(opened.reason()).isEqualTo(Decision.Reason.MATCHED_RULE);
        assertThat(opened.rule().orElseThrow().sessionTimeout()).hasValueSatisfying(
                timeout -> assertThat(timeout).isGreaterThanOrEqualTo(Duration.ofMinutes(5)));

        clock.advance(Duration.ofSeconds(299));
        assertThat(engine.decide(query.reply()).reason()).isEqualTo(Decision.Reason.TRACKED_REPLY);

        clock.advance(Duration.ofSeconds(300));
        assertThat(engine.tracker().flows()).isEmpty();
        // The preset also states the reply as a static rule (for filters without tracking), which now decides.
        Decision late = engine.decide(query.reply());
        assertThat(late.reason()).isEqualTo(Decision.Reason.MATCHED_RULE);
        assertThat(late.rule().orElseThrow().id()).endsWith("server-reply");
    }
}
