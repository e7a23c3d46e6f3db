package dev.portcullis.catalog;

import dev.portcullis.model.*;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void print() {
        try {
            Catalog c = Catalog.builtIn();
            for (Preset p : c.presets()) {
                System.out.println("== " + p.id() + " " + p.options().stream().map(PresetOption::name).toList()
                        + " " + p.parameters().stream().map(Parameter::name).toList());
                for (Rule r : c.expand(PresetInstance.of(p.id(), new Location("t.yaml", 1, 1)))) {
                    System.out.println("  " + r.id() + "  " + r.summary() + "  " + r.source().orElse(null));
                }
            }
        } catch (InvalidInputException e) {
            System.out.println(e.render());
            throw e;
        }
    }
}
