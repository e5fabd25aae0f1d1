package org.nsr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One package owns each server library: the rest of the code talks to our own small interfaces. */
class LibraryImportsTest {
    private static final Path MAIN = Path.of("src/main/java/org/nsr");

    private static List<String> importersOf(String prefix, String allowedPackageDir) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !MAIN.relativize(p).toString().startsWith(allowedPackageDir + "/"))
                    .filter(p -> {
                        try {
                            return Files.readAllLines(p).stream().anyMatch(l -> l.startsWith("import " + prefix));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(p -> MAIN.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void onlyTheServerPackageImportsJetty() throws IOException {
        assertEquals(List.of(), importersOf("org.eclipse.jetty", "server"));
    }

    @Test
    void onlyTheMetricsPackageImportsThePrometheusClient() throws IOException {
        assertEquals(List.of(), importersOf("io.prometheus", "metrics"));
    }

    @Test
    void onlyTheColumnSidecarPackageImportsLz4() throws IOException {
        assertEquals(List.of(), importersOf("net.jpountz", "replay/columns"));
    }

    @Test
    void nothingUsesTheJdkHttpServerAnyMore() throws IOException {
        assertEquals(List.of(), importersOf("com.sun.net.httpserver", "none"));
    }
}
