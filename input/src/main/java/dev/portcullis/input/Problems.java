package dev.portcullis.input;

import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems found while reading one input. Reading goes on after a problem so that one run reports every
 * mistake, each at its own place; {@link #throwIfAny()} ends the read. Not thread-safe: one per read.
 */
public final class Problems {
    private final List<InputProblem> found = new ArrayList<>();

    public void add(Location location, String message, String hint) {
        found.add(new InputProblem(location, message, hint));
    }

    public void add(InputProblem problem) {
        found.add(problem);
    }

    public void addAll(InvalidInputException invalid) {
        found.addAll(invalid.problems());
    }

    public int size() {
        return found.size();
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<InputProblem> all() {
        return List.copyOf(found);
    }

    /** Ends the read with every problem, in the order they appear in the file (not the order checked in). */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            List<InputProblem> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparing((InputProblem p) -> p.location().file())
                    .thenComparingInt(p -> p.location().line())
                    .thenComparingInt(p -> p.location().column()));
            throw new InvalidInputException(sorted);
        }
    }
}
