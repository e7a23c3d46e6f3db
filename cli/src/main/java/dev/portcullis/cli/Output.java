package dev.portcullis.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/**
 * Writes a command's answer: text for people by default, JSON for machines with {@code --json}, from the same
 * data. Commands build a plain value (records, lists, maps) and hand it here with a text renderer.
 */
public final class Output {
    /**
     * Holds the mapper, so that it is built on the first JSON output and not by every text command: building it
     * loads a few hundred of Jackson's databind classes (docs/benchmarks.md, "Start-up time").
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .findAndRegisterModules()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    private final PrintWriter out;
    private final boolean json;

    public Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    /** Prints {@code data} as JSON, or {@code text} for people. */
    public void print(Object data, String text) {
        if (json) {
            out.println(toJson(data));
        } else {
            out.print(text.endsWith("\n") ? text : text + "\n");
        }
        out.flush();
    }

    public static String toJson(Object data) {
        try {
            return Json.MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render output as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
