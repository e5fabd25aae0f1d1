package org.nsr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No import cycle among the packages of replay/ (the port in replay, the sinks in replay.sink, ...)
 * and of record/ (the codec): a sub-package may use its parent, never the other way round as well.
 * Reads the main sources' references to {@code org.nsr.*} classes, imports and qualified names alike.
 */
class ReplayPackageCycleTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.nsr(?:\\.[a-z][a-z0-9_]*)+)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package ([a-z0-9_.]+);", Pattern.MULTILINE);

    /** Package → the org.nsr packages its classes refer to. */
    private static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String src = Files.readString(f);
                Matcher pkg = PACKAGE.matcher(src);
                if (!pkg.find()) {
                    continue;
                }
                Set<String> used = uses.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(src);
                while (m.find()) {
                    if (!m.group(1).equals(pkg.group(1))) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    /** Strongly connected components with more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String p : uses.keySet()) {
            if (!index.containsKey(p)) {
                connect(p, uses, index, low, stack, onStack, found, counter);
            }
        }
        return found;
    }

    private static void connect(String p, Map<String, Set<String>> uses, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found, int[] counter) {
        index.put(p, counter[0]);
        low.put(p, counter[0]++);
        stack.push(p);
        onStack.add(p);
        for (String q : uses.getOrDefault(p, Set.of())) {
            if (!index.containsKey(q)) {
                connect(q, uses, index, low, stack, onStack, found, counter);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (onStack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            Set<String> component = new TreeSet<>();
            String q;
            do {
                q = stack.pop();
                onStack.remove(q);
                component.add(q);
            } while (!q.equals(p));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    @Test
    void theReplayAndRecordPackagesImportNoPackageThatImportsThemBack() throws IOException {
        Map<String, Set<String>> uses = graph();
        assertTrue(uses.containsKey("org.nsr.replay.sink") && uses.containsKey("org.nsr.record.codec"),
                "the scan found the packages: " + uses.keySet());
        List<Set<String>> ours = cycles(uses).stream()
                .filter(c -> c.stream().anyMatch(p -> p.startsWith("org.nsr.replay") || p.startsWith("org.nsr.record")))
                .toList();
        assertEquals(List.of(), ours, "package cycles through replay/ or record/");
    }

    @Test
    void theCycleFinderFindsALoopBetweenAPackageAndItsSubPackage() {
        Map<String, Set<String>> uses = Map.of("a", Set.of("a.sink"), "a.sink", Set.of("a"), "b", Set.of("a"));
        assertEquals(List.of(Set.of("a", "a.sink")), cycles(uses));
    }
}
