package org.nsr.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads what a recorder left in an output directory, with the JDK's own zip reader. */
public final class Recordings {
    private Recordings() {
    }

    public static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every line of every {@code _json.zip} in name order; fails on any archive that is not sound. */
    public static List<String> archivedLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path zip : files(dir, "_json.zip")) {
            lines.addAll(linesOf(zip));
        }
        return lines;
    }

    /** The lines of one archive, which must hold exactly one entry named after it. */
    public static List<String> linesOf(Path zip) throws IOException {
        String expectedEntry = zip.getFileName().toString().replaceFirst("_json\\.zip$", ".json");
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = zf.entries();
            ZipEntry e = entries.nextElement();
            if (!e.getName().equals(expectedEntry) || entries.hasMoreElements()) {
                throw new IOException(zip + ": expected the single entry " + expectedEntry);
            }
            try (InputStream in = zf.getInputStream(e)) { // inflating checks the CRC at the end
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!text.isEmpty() && !text.endsWith("\n")) {
                    throw new IOException(zip + ": last line is incomplete");
                }
                return text.isEmpty() ? List.of() : List.of(text.split("\n"));
            }
        }
    }
}
