package org.nsr.record.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The NDTwin API fixtures (test resources, byte-identical copies of shared/fixtures/ndtwin/). */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static String text(String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/ndtwin/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonNode tree(String name) throws IOException {
        return JSON.readTree(text(name));
    }

    /** The fixture as compact JSON, the way the recorder writes a body into a line. */
    static String compact(String name) throws IOException {
        return JSON.writeValueAsString(tree(name));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
