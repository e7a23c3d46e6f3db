package dev.portcullis.analysis;

import dev.portcullis.model.IpProtocols;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Cuts a set of packets into few boxes, exactly: field by field, the values of the field are grouped by what the
 * rest of the set looks like for them (the BDD node below the field, which is canonical), and a group's values are
 * merged into maximal intervals. A box is the cross product of one interval list per field, so "tcp to ports 22,
 * 80, 443" is one box and the boxes of a set never overlap.
 */
final class Boxes {
    /** One box as interval lists, one per field of the space (empty list: never, as boxes are non-empty). */
    record RawBox(List<List<BigInteger[]>> intervals) {
    }

    private final PacketSpace space;
    private final int limit;

    private Boxes(PacketSpace space, int limit) {
        this.space = space;
        this.limit = limit;
    }

    /** At most {@code limit} boxes (the boxes found before the limit; callers say when a list was cut). */
    static List<RawBox> of(PacketSpace space, int set, int limit) {
        Boxes boxes = new Boxes(space, limit);
        List<RawBox> out = new ArrayList<>();
        boxes.decompose(set, 0, new ArrayList<>(), out);
        return out;
    }

    private void decompose(int node, int fieldIndex, List<List<BigInteger[]>> prefix, List<RawBox> out) {
        if (node == Bdd.FALSE || out.size() >= limit) {
            return;
        }
        List<PacketSpace.Field> fields = space.fields;
        if (fieldIndex == fields.size()) {
            out.add(new RawBox(List.copyOf(prefix)));
            return;
        }
        PacketSpace.Field field = fields.get(fieldIndex);
        boolean splitEveryValue = field == space.version;
        for (var group : groups(node, field, splitEveryValue)) {
            prefix.add(group.getValue());
            decompose(group.getKey(), fieldIndex + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    /** The residual set below the field, for each group of field values that lead to it (merged intervals). */
    private List<Map.Entry<Integer, List<BigInteger[]>>> groups(int node, PacketSpace.Field field,
                                                                 boolean splitEveryValue) {
        Map<Integer, List<BigInteger[]>> raw = new LinkedHashMap<>();
        explore(node, field, 0, BigInteger.ZERO, raw);
        List<Map.Entry<Integer, List<BigInteger[]>>> merged = new ArrayList<>();
        for (var entry : raw.entrySet()) {
            List<BigInteger[]> intervals = new ArrayList<>(entry.getValue());
            intervals.sort((a, b) -> a[0].compareTo(b[0]));
            List<BigInteger[]> result = new ArrayList<>();
            for (BigInteger[] interval : intervals) {
                BigInteger[] last = result.isEmpty() ? null : result.get(result.size() - 1);
                if (last != null && last[1].add(BigInteger.ONE).compareTo(interval[0]) >= 0) {
                    last[1] = last[1].max(interval[1]);
                } else {
                    result.add(new BigInteger[] {interval[0], interval[1]});
                }
            }
            merged.add(Map.entry(entry.getKey(), result));
        }
        if (!splitEveryValue) {
            return merged;
        }
        // The IP version decides how addresses read, so each version value gets its own boxes.
        List<Map.Entry<Integer, List<BigInteger[]>>> split = new ArrayList<>();
        for (var entry : merged) {
            for (BigInteger[] interval : entry.getValue()) {
                for (BigInteger v = interval[0]; v.compareTo(interval[1]) <= 0; v = v.add(BigInteger.ONE)) {
                    split.add(Map.entry(entry.getKey(), List.<BigInteger[]>of(new BigInteger[] {v, v})));
                }
            }
        }
        split.sort((a, b) -> a.getValue().get(0)[0].compareTo(b.getValue().get(0)[0]));
        return split;
    }

    private void explore(int node, PacketSpace.Field field, int bit, BigInteger prefix,
                         Map<Integer, List<BigInteger[]>> out) {
        if (node == Bdd.FALSE) {
            return;
        }
        Bdd bdd = space.bdd;
        int end = field.first() + field.width();
        int v = node <= Bdd.TRUE ? Integer.MAX_VALUE : bdd.var(node);
        if (v >= end) {
            int free = field.width() - bit;
            BigInteger lo = prefix.shiftLeft(free);
            BigInteger hi = lo.add(BigInteger.ONE.shiftLeft(free).subtract(BigInteger.ONE));
            out.computeIfAbsent(node, k -> new ArrayList<>()).add(new BigInteger[] {lo, hi});
            return;
        }
        int tested = v - field.first();
        BigInteger zero = prefix.shiftLeft(1);
        BigInteger one = zero.add(BigInteger.ONE);
        if (tested > bit) {
            explore(node, field, bit + 1, zero, out);
            explore(node, field, bit + 1, one, out);
        } else {
            explore(bdd.low(node), field, bit + 1, zero, out);
            explore(bdd.high(node), field, bit + 1, one, out);
        }
    }

    /** The set a box stands for (to check that boxes are exact). */
    static int toSet(PacketSpace space, RawBox box) {
        Bdd bdd = space.bdd;
        int set = space.universe();
        for (int f = 0; f < space.fields.size(); f++) {
            PacketSpace.Field field = space.fields.get(f);
            int values = Bdd.FALSE;
            for (BigInteger[] interval : box.intervals().get(f)) {
                values = bdd.or(values, space.rangeBig(field, interval[0], interval[1]));
            }
            set = bdd.and(set, values);
        }
        return set;
    }

    // ---------------------------------------------------------------- rendering

    static TrafficBox render(PacketSpace space, RawBox box) {
        Map<String, String> out = new LinkedHashMap<>();
        List<List<BigInteger[]>> iv = box.intervals();
        boolean v6 = iv.get(fieldIndex(space, space.version)).get(0)[0].signum() != 0;
        for (int f = 0; f < space.fields.size(); f++) {
            PacketSpace.Field field = space.fields.get(f);
            List<BigInteger[]> values = iv.get(f);
            if (field == space.version) {
                out.put("version", v6 ? "6" : "4");
                continue;
            }
            if (isFull(space, field, values)) {
                continue;
            }
            String text;
            if (field == space.direction) {
                text = values.get(0)[0].signum() == 0 ? "in" : "out";
            } else if (field == space.protocol) {
                text = join(values, v -> IpProtocols.name(v.intValue()));
            } else if (field == space.localAddress || field == space.remoteAddress) {
                text = values.stream().map(i -> addresses(i, v6)).collect(Collectors.joining(","));
            } else if (field == space.flags) {
                text = flagCombos(values);
            } else if (field == space.iface) {
                text = join(values, v -> nameAt(space.interfaceNames(), v.intValue()));
            } else if (field == space.executable) {
                text = join(values, v -> nameAt(space.executableNames(), v.intValue()));
            } else if (field == space.user) {
                text = join(values, v -> nameAt(space.userNames(), v.intValue()));
            } else if (field == space.cgroup) {
                text = join(values, v -> nameAt(space.cgroupNames(), v.intValue()));
            } else if (field.width() == 1 && field.name().contains(":")) {
                text = values.get(0)[0].signum() == 0 ? "no" : "yes";
            } else {
                text = values.stream().map(i -> i[0].equals(i[1]) ? i[0].toString() : i[0] + "-" + i[1])
                        .collect(Collectors.joining(","));
            }
            out.put(field.name(), text);
        }
        return new TrafficBox(out);
    }

    private static int fieldIndex(PacketSpace space, PacketSpace.Field field) {
        return space.fields.indexOf(field);
    }

    private static boolean isFull(PacketSpace space, PacketSpace.Field field, List<BigInteger[]> values) {
        BigInteger max = BigInteger.ONE.shiftLeft(field.width()).subtract(BigInteger.ONE);
        if (field == space.iface) {
            max = BigInteger.valueOf(space.interfaceNames().size());
        } else if (field == space.executable) {
            max = BigInteger.valueOf(space.executableNames().size());
        } else if (field == space.user) {
            max = BigInteger.valueOf(space.userNames().size());
        } else if (field == space.cgroup) {
            max = BigInteger.valueOf(space.cgroupNames().size());
        }
        return values.size() == 1 && values.get(0)[0].signum() == 0 && values.get(0)[1].compareTo(max) >= 0;
    }

    private static String join(List<BigInteger[]> values, java.util.function.Function<BigInteger, String> name) {
        List<String> names = new ArrayList<>();
        for (BigInteger[] interval : values) {
            if (interval[1].subtract(interval[0]).compareTo(BigInteger.valueOf(16)) > 0) {
                names.add(interval[0] + "-" + interval[1]);
                continue;
            }
            for (BigInteger v = interval[0]; v.compareTo(interval[1]) <= 0; v = v.add(BigInteger.ONE)) {
                names.add(name.apply(v));
            }
        }
        return String.join(",", names);
    }

    private static String nameAt(List<String> names, int index) {
        return index == 0 ? "other" : names.get(index - 1);
    }

    private static String flagCombos(List<BigInteger[]> values) {
        List<String> combos = new ArrayList<>();
        for (BigInteger[] interval : values) {
            for (int v = interval[0].intValue(); v <= interval[1].intValue(); v++) {
                List<String> set = new ArrayList<>();
                if ((v & 4) != 0) {
                    set.add("syn");
                }
                if ((v & 2) != 0) {
                    set.add("ack");
                }
                if ((v & 1) != 0) {
                    set.add("rst");
                }
                combos.add(set.isEmpty() ? "none" : String.join("+", set));
            }
        }
        return String.join("|", combos);
    }

    private static String addresses(BigInteger[] interval, boolean v6) {
        IPAddress lo = v6 ? new IPv6Address(interval[0]) : new IPv4Address(interval[0].shiftRight(96).intValue());
        IPAddress hi = v6 ? new IPv6Address(interval[1]) : new IPv4Address(interval[1].shiftRight(96).intValue());
        if (lo.equals(hi)) {
            return lo.toCanonicalString();
        }
        IPAddressSeqRange range = lo.spanWithRange(hi);
        IPAddress[] blocks = range.spanWithPrefixBlocks();
        if (blocks.length <= 2) {
            return Arrays.stream(blocks).map(IPAddress::toCanonicalString).collect(Collectors.joining(","));
        }
        return lo.toCanonicalString() + "-" + hi.toCanonicalString();
    }
}
