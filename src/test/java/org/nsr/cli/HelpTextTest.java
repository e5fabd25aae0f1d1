package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code nsr --help} and each {@code nsr <command> --help} show. */
class HelpTextTest {
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
}
