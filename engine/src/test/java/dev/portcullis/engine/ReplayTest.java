package dev.portcullis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.Direction;
import dev.portcullis.model.HostMatch;
import dev.portcullis.model.HostSet;
import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.PortSet;
import dev.portcullis.model.ProtocolMatch;
import dev.portcullis.model.Rule;
import dev.portcullis.model.TcpFlags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayTest {
    private static final Rule ICQ_SERVER = Rule.builder("icq.server").direction(Direction.OUT).protocol(ProtocolMatch.UDP)
            .remoteHosts(HostSet.of(new HostMatch.HostName("icq.mirabilis.com"))).remotePorts(PortSet.of(4000))
            .sessionTimeout(Duration.ofMinutes(5)).build();
    private static final Rule YAHOO = Rule.builder("yahoo.login").direction(Direction.OUT).protocol(ProtocolMatch.TCP)
            .remotePorts(PortSet.of(5050)).build();
    private static final Rule IRC = Rule.builder("irc").direction(Direction.OUT).protocol(ProtocolMatch.TCP)
            .remotePorts(PortSet.of(6667)).build();
    private static final Policy POLICY = Policy.of(Mode.BLOCK_MOST, List.of(ICQ_SERVER, YAHOO, IRC));
    private static final NameResolver RESOLVER = NameResolver.fixed(Map.of("icq.mirabilis.com", List.of("203.0.113.5")));

    private static final String FLOWS = """
            time,direction,protocol,src,sport,dst,dport,flags,icmp_type,icmp_code,related
            # ICQ: a query, its reply within the 5 minutes, and a reply after it
            0,out,udp,10.0.0.2,40000,203.0.113.5,4000,,,,
            299.5,in,udp,203.0.113.5,4000,10.0.0.2,40000,,,,
            600,in,udp,203.0.113.5,4000,10.0.0.2,40000,,,,

            600.1,out,tcp,10.0.0.2,40001,198.51.100.9,5050,syn,,,
            600.2,in,tcp,198.51.100.9,5050,10.0.0.2,40001,syn+ack,,,
            600.3,out,tcp,10.0.0.2,40001,198.51.100.9,5050,ack,,,
            601,in,icmp,192.0.2.254,,10.0.0.2,,,3,4,tcp 10.0.0.2:40001 -> 198.51.100.9:5050
            602,in,icmp,192.0.2.254,,10.0.0.2,,,3,4,tcp 10.0.0.2:40002 -> 198.51.100.9:5050
            """;

    @Test
    void replayGivesPerLineVerdictsAndPerRuleHits() {
        ReplayResult result = Replay.run(POLICY, RESOLVER, FlowFile.parse("flows.csv", FLOWS));

        assertThat(result.verdicts()).extracting(v -> v.decision().reason()).containsExactly(
                Decision.Reason.MATCHED_RULE, Decision.Reason.TRACKED_REPLY, Decision.Reason.DEFAULT_OF_MODE,
                Decision.Reason.MATCHED_RULE, Decision.Reason.TRACKED_REPLY, Decision.Reason.ESTABLISHED,
                Decision.Reason.RELATED_ICMP, Decision.Reason.DEFAULT_OF_MODE);
        assertThat(result.verdicts().get(0).flow().location()).isEqualTo(new Location("flows.csv", 3, 1));
        assertThat(result.ruleHits()).containsExactly(
                new ReplayResult.RuleHits(ICQ_SERVER, 1, 1),
                new ReplayResult.RuleHits(YAHOO, 1, 3),
                new ReplayResult.RuleHits(IRC, 0, 0));
        assertThat(result.unusedRules()).containsExactly(IRC);
        assertThat(result.learned().candidates()).isEmpty();
    }

    @Test
    void learningReplayOffersTheBlockedFlowsAsCandidates() {
        ReplayResult result = Replay.run(POLICY.withMode(Mode.LEARNING), RESOLVER, FlowFile.parse("flows.csv", FLOWS));

        assertThat(result.learned().candidates()).extracting(c -> c.rule().id())
                .containsExactly("learned.in-udp-40000");
    }

    @Test
    void flowFileReadsEveryColumn() {
        FlowRecord record = FlowFile.parse("f", """
                interface,time,direction,protocol,src,sport,dst,dport,flags
                eth0,1.25,in,tcp,2001:db8::1,443,2001:db8::2,50000,ack+psh
                """).get(0);

        assertThat(record.time()).isEqualTo(Duration.ofMillis(1250));
        assertThat(record.packet()).isEqualTo(Packet.parse("in tcp [2001:db8::1]:443 -> [2001:db8::2]:50000 if eth0")
                .withTcpFlags(TcpFlags.ACK | TcpFlags.PSH));
        assertThat(record.quoted()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1,sideways,tcp,10.0.0.2,1,10.0.0.3,2            | 2:3  | direction 'sideways' is not in or out",
            "x,out,tcp,10.0.0.2,1,10.0.0.3,2                 | 2:1  | time 'x' is not a number of seconds",
            "1,out,tcp,10.0.0.2,,10.0.0.3,2                  | 2:20 | a tcp packet needs sport",
            "1,out,udp,10.0.0.2,1,10.0.0.3,70000             | 2:31 | dport '70000' is not a port 0-65535",
            "1,out,icmp,10.0.0.2,1,10.0.0.3,                 | 2:21 | an icmp packet has no ports",
            "1,out,gre,10.0.0.2,,10.0.0.3,                   | 2:7  | protocol 'gre' is unknown",
            "1,out,tcp,10.0.0.999,1,10.0.0.3,2               | 2:11 | src '10.0.0.999' is not an IP address",
            "1,out,tcp,10.0.0.2,1,10.0.0.3,2,extra           | 2:33 | this line has 8 fields, the header 7",
    })
    void badLinesAreReportedAtTheirLineAndColumn(String line, String where, String message) {
        String text = "time,direction,protocol,src,sport,dst,dport\n" + line + "\n";
        assertThatThrownBy(() -> FlowFile.parse("f.csv", text)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> {
                    InputProblem problem = e.problems().get(0);
                    assertThat(problem.location().line() + ":" + problem.location().column()).isEqualTo(where);
                    assertThat(problem.message()).isEqualTo(message);
                });
    }

    @Test
    void timeMustNotRunBackwardsAndHeaderMustBeComplete() {
        assertThatThrownBy(() -> FlowFile.parse("f.csv", """
                time,direction,protocol,src,sport,dst,dport
                5,out,udp,10.0.0.2,1,10.0.0.3,2
                4,out,udp,10.0.0.2,1,10.0.0.3,2
                """)).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                .extracting(InputProblem::render)
                .containsExactly("f.csv:3:1: error: time 4 is before the previous line's 5"
                        + System.lineSeparator() + "  hint: a flow file is in time order; sort it by its first column"));
        assertThatThrownBy(() -> FlowFile.parse("f.csv", "time,direction,proto,src,sport,dst,dport\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.location() + " " + p.message())
                        .containsExactly("f.csv:1:16 unknown column 'proto'",
                                "f.csv:1:1 the header lacks column 'protocol'"));
    }

    @Test
    void onlyIcmpErrorsQuoteAPacket() {
        assertThatThrownBy(() -> FlowFile.parse("f.csv", """
                time,direction,protocol,src,sport,dst,dport,icmp_type,related
                1,in,icmp,10.0.0.3,,10.0.0.2,,8,udp 10.0.0.2:1 -> 10.0.0.3:2
                """)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.problems().get(0).location()).isEqualTo(new Location("f.csv", 2, 33)));
    }
}
