package org.nsr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The architecture as the package names show it: no import cycles among the top-level packages. */
class PackageCyclesTest {
    private static final Path MAIN = Path.of("src/main/java/org/nsr");
    private static final Pattern USE = Pattern.compile("\\borg\\.nsr\\.([a-z]+)\\.");

    /** Top-level package → the other top-level packages its sources name. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = MAIN.relativize(f);
                if (rel.getNameCount() < 2) {
                    continue;
                }
                String pkg = rel.getName(0).toString();
                Set<String> uses = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.add(m.group(1));
                    }
                }
            }
        }
        return deps;
    }

    private static boolean reaches(Map<String, Set<String>> deps, String from, String to) {
        List<String> todo = new ArrayList<>(deps.getOrDefault(from, Set.of()));
        Set<String> seen = new TreeSet<>();
        while (!todo.isEmpty()) {
            String p = todo.remove(todo.size() - 1);
            if (p.equals(to)) {
                return true;
            }
            if (seen.add(p)) {
                todo.addAll(deps.getOrDefault(p, Set.of()));
            }
        }
        return false;
    }

    @Test
    void noTwoTopLevelPackagesDependOnEachOther() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.size() > 5, "the sources were found: " + deps.keySet());
        List<String> cycles = new ArrayList<>();
        deps.forEach((pkg, uses) -> uses.stream().filter(u -> reaches(deps, u, pkg))
                .forEach(u -> cycles.add(pkg + " -> " + u + " -> ... -> " + pkg)));
        assertEquals(List.of(), cycles);
    }

    @Test
    void theLifecycleContractAndTheConfigLoaderStandOnTheirOwn() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        assertEquals(Set.of("core"), deps.get("lifecycle"), "lifecycle/ holds the contract and the manager only");
        assertTrue(!deps.get("config").contains("source"), "config/ gets its source types passed in");
    }
}
