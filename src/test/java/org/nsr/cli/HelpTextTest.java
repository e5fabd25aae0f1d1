package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code nsr --help} and each {@code nsr <command> --help} show. */
class HelpTextTest {
    private static final List<String> READING_COMMANDS = List.of("simulate", "generate", "replay", "export", "query",
            "verify");

    @Test
    void theCommandListShowsACompleteSentenceForEveryCommand() {
        for (Map.Entry<String, CommandLine> e : Main.commandLine().getSubcommands().entrySet()) {
            String[] description = e.getValue().getCommandSpec().usageMessage().description();
            if (description.length == 0) {
                continue; // picocli's help command
            }
            String first = description[0].strip();
            assertTrue(first.endsWith("."), e.getKey() + ": the command list shows only the first description line, "
                    + "which must be a complete sentence: '" + first + "'");
        }
    }

    @Test
    void everyOptionWithAValueHasAParamLabelInsteadOfTheFieldName() {
        Pattern fieldPlaceholder = Pattern.compile("<[a-z]+[A-Z][A-Za-z]*>|<[a-z]+>");
        for (String name : READING_COMMANDS) {
            CommandLine cl = Main.commandLine().getSubcommands().get(name);
            String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            Matcher m = fieldPlaceholder.matcher(usage);
            assertTrue(!m.find(), name + " --help shows the placeholder " + (m.hitEnd() ? "" : m.group())
                    + "; give the option a paramLabel:\n" + usage);
            CommandSpec spec = cl.getCommandSpec();
            spec.options().stream().filter(o -> o.arity().max() > 0).forEach(o -> assertTrue(
                    o.paramLabel().equals(o.paramLabel().toUpperCase(java.util.Locale.ROOT)),
                    name + " " + o.longestName() + ": paramLabel '" + o.paramLabel() + "' is not an upper-case label"));
        }
    }

    @Test
    void queryOffersFormatAndNoLongerTheOutputAliasThatReadLikeOut() {
        CommandSpec query = Main.commandLine().getSubcommands().get("query").getCommandSpec();
        assertTrue(query.findOption("--format") != null, "query --format");
        assertTrue(query.findOption("--output") == null, "query --output is gone; --format names the format");
        String usage = Main.commandLine().getSubcommands().get("query").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(!usage.contains("--output"), usage);
    }
}
