package org.nsr.console;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.nsr.index.IndexKind;

/**
 * Tab completion for the console: the command words, then the words each position allows (index
 * names after {@code index}, show topics after {@code show}), and source names anywhere a word may
 * go (they help in keys and file names).
 */
final class ConsoleCompleter implements Completer {
    private final Supplier<List<String>> sourceNames;

    ConsoleCompleter(Supplier<List<String>> sourceNames) {
        this.sourceNames = sourceNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        for (String w : candidates(line.words().subList(0, line.wordIndex()))) {
            candidates.add(new Candidate(w));
        }
    }

    List<String> candidates(List<String> before) {
        List<String> out = new ArrayList<>();
        if (before.isEmpty()) {
            out.addAll(CommandParser.COMMANDS);
            out.remove("subscribe");
            return out;
        }
        String first = before.get(0).toLowerCase(java.util.Locale.ROOT);
        String last = before.get(before.size() - 1).toLowerCase(java.util.Locale.ROOT);
        switch (first) {
            case "show" -> {
                if (before.size() == 1) {
                    for (Command.Topic t : Command.Topic.values()) {
                        out.add(t.word());
                    }
                }
            }
            case "help" -> {
                if (before.size() == 1) {
                    out.addAll(CommandParser.COMMANDS);
                }
            }
            case "query" -> {
                if (before.size() == 1) {
                    out.addAll(List.of("feed", "to_file"));
                } else if (last.equals("index")) {
                    for (IndexKind k : IndexKind.values()) {
                        out.add(k.configName());
                    }
                } else if (before.size() == 2 && last.equals("feed") || before.size() == 3) {
                    out.add("index");
                } else if (before.size() >= 5) {
                    out.addAll(List.of("start", "end", "subscribe"));
                }
            }
            default -> {
            }
        }
        out.addAll(sourceNames.get());
        return out;
    }
}
