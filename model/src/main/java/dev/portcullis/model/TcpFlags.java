package dev.portcullis.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** TCP flag bits as they appear in the header. */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    private TcpFlags() {
    }

    /** A connection-opening segment: SYN without ACK. */
    public static boolean isInitialSyn(int flags) {
        return (flags & SYN) != 0 && (flags & ACK) == 0;
    }

    /** What a static filter's "established" keyword matches: ACK or RST set. */
    public static boolean isEstablishedStyle(int flags) {
        return (flags & (ACK | RST)) != 0;
    }

    public static int parse(String text) {
        int flags = 0;
        for (String word : text.toLowerCase(Locale.ROOT).split("[,|+ ]+")) {
            flags |= switch (word) {
                case "fin" -> FIN;
                case "syn" -> SYN;
                case "rst" -> RST;
                case "psh" -> PSH;
                case "ack" -> ACK;
                case "urg" -> URG;
                case "" -> 0;
                default -> throw new IllegalArgumentException("unknown TCP flag '" + word
                        + "' (expected fin, syn, rst, psh, ack, urg)");
            };
        }
        return flags;
    }

    public static String format(int flags) {
        List<String> names = new ArrayList<>();
        String[] all = {"fin", "syn", "rst", "psh", "ack", "urg"};
        for (int bit = 0; bit < all.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                names.add(all[bit]);
            }
        }
        return String.join(",", names);
    }
}
