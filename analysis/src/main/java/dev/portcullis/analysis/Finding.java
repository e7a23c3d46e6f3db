package dev.portcullis.analysis;

import java.util.List;
import java.util.Optional;

/**
 * One finding of the anomaly report: what kind, which rules (by id, in policy order; {@code default} stands for
 * the mode's default verdict), a concrete packet showing it, and a sentence for people.
 */
public record Finding(Kind kind, List<String> rules, Optional<Example> example, String message) {
    public Finding {
        rules = List.copyOf(rules);
    }

    public enum Kind {
        /** The rule matches no packet at all (e.g. a zone without addresses, contradictory clauses). */
        NEVER_MATCHES(true),
        /** Every packet the rule matches is decided by earlier rules (one or several together): it never fires. */
        SHADOWED(true),
        /** The rule fires, but removing it changes no packet's verdict: later rules or the default agree. */
        REDUNDANT(true),
        /**
         * A later rule matches everything this earlier rule matches, with a different action (an exception); reported
         * when the earlier rule decides some of those packets (otherwise the order of the two cannot matter).
         */
        GENERALIZATION(true),
        /**
         * Two rules overlap partially (neither contains the other) with different actions and the earlier one
         * decides some packet of the overlap: their order decides that packet's verdict.
         */
        CORRELATION(true),
        /** An allow rule for any local and any remote host on any port. */
        ANY_TO_ANY(false),
        /** An allow rule whose service ports span a whole port class (well-known, registered or dynamic). */
        WIDE_PORT_RANGE(false),
        /** An allow rule whose service ports are every unprivileged port (1024-65535): a peer-to-peer range. */
        OPEN_PEER_RANGE(false),
        /** A web rule that also opens proxy ports (SOCKS 1080, 3128, 8080, 8088, AOL 11523). */
        PROXY_PORTS(false),
        /** A web rule that also opens the auxiliary HTTP ports 81-83. */
        AUXILIARY_HTTP_PORTS(false),
        /** The reference document's own "To optimize" advice for this rule. */
        OPTIMIZE_ADVICE(false),
        /** The mode ignores every rule (stop-all or disabled). */
        RULES_IGNORED(false);

        private final boolean anomaly;

        Kind(boolean anomaly) {
            this.anomaly = anomaly;
        }

        /** Anomalies are about rule order and overlap; the others say a rule allows more than it likely needs. */
        public boolean isAnomaly() {
            return anomaly;
        }
    }
}
