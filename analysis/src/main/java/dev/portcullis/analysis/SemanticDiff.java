package dev.portcullis.analysis;

import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Policy;
import java.util.ArrayList;
import java.util.List;

/** Compares two policies by what they do to every packet, not by their text. */
public final class SemanticDiff {
    private SemanticDiff() {
    }

    public static DiffReport diff(Policy left, Policy right, NameResolver resolver) {
        return diff(left, right, resolver, PolicyQueries.DEFAULT_BOX_LIMIT);
    }

    public static DiffReport diff(Policy left, Policy right, NameResolver resolver, int boxLimit) {
        PacketSpace space = PacketSpace.of(resolver, List.of(left, right), List.of());
        CompiledPolicy l = new CompiledPolicy(space, left);
        CompiledPolicy r = new CompiledPolicy(space, right);
        Bdd bdd = space.bdd;
        List<DiffReport.Change> changes = new ArrayList<>();
        for (int li : deciders(l)) {
            int changed = bdd.diff(l.deciderSet(li), r.verdicts()[l.deciderAction(li).ordinal()]);
            if (changed == Bdd.FALSE) {
                continue;
            }
            CompiledPolicy.Hull hull = li == CompiledPolicy.DEFAULT ? CompiledPolicy.Hull.ANY : l.hulls[li];
            for (int ri : deciders(r)) {
                if (r.deciderAction(ri) == l.deciderAction(li)
                        || (ri != CompiledPolicy.DEFAULT && !r.hulls[ri].overlaps(hull))) {
                    continue;
                }
                int cell = bdd.and(changed, r.deciderSet(ri));
                if (cell == Bdd.FALSE) {
                    continue;
                }
                List<Boxes.RawBox> raw = Boxes.of(space, cell, boxLimit + 1);
                changes.add(new DiffReport.Change(l.deciderName(li), l.deciderAction(li), r.deciderName(ri),
                        r.deciderAction(ri), space.example(cell),
                        raw.stream().limit(boxLimit).map(b -> Boxes.render(space, b)).toList(),
                        raw.size() > boxLimit));
                changed = bdd.diff(changed, cell);
                if (changed == Bdd.FALSE) {
                    break;
                }
            }
        }
        return new DiffReport(left.name(), right.name(), changes);
    }

    /** Rules that fire, then the default. */
    private static List<Integer> deciders(CompiledPolicy c) {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < c.rules.size(); i++) {
            if (c.reach[i] != Bdd.FALSE) {
                result.add(i);
            }
        }
        result.add(CompiledPolicy.DEFAULT);
        return result;
    }

    /** The exact set of packets whose verdict differs (for tests). */
    static int differenceSet(PacketSpace space, CompiledPolicy l, CompiledPolicy r) {
        Bdd bdd = space.bdd;
        int same = Bdd.FALSE;
        for (int a = 0; a < l.verdicts().length; a++) {
            same = bdd.or(same, bdd.and(l.verdicts()[a], r.verdicts()[a]));
        }
        return bdd.diff(space.universe(), same);
    }
}
