package org.nsr.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nsr.index.IndexKind;

class CommandParserTest {
    private static final Instant NOW = Instant.parse("2025-08-22T12:00:00Z");
    private final CommandParser parser = new CommandParser(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);

    private static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private String error(String line) {
        return assertThrows(ParseException.class, () -> parser.parse(line), line).getMessage();
    }

    @Test
    void aFeedQueryNamesTheIndexTheParsedKeyAndAnOpenRange() throws Exception {
        Command.Query q = (Command.Query) parser.parse("query feed index ip \"10.0.0.5\"");
        assertEquals(IndexKind.IP, q.kind());
        assertArrayEquals(IndexKind.IP.parse("10.0.0.5"), q.key());
        assertFalse(q.toFile());
        assertFalse(q.subscribe());
        assertEquals(Long.MIN_VALUE, q.fromNanos());
        assertEquals(Long.MAX_VALUE, q.toNanos());
    }

    @Test
    void startIsInclusiveEndExclusiveInTheFormsOfReplay() throws Exception {
        Command.Query q = (Command.Query) parser.parse(
                "query feed index connection4 \"tcp 10.0.0.5:443 192.168.1.20:51000\" start 2025-08-22T10:00:00Z "
                        + "end \"2025-08-22T11:00:00Z\"");
        assertEquals(nanos("2025-08-22T10:00:00Z"), q.fromNanos());
        assertEquals(nanos("2025-08-22T11:00:00Z") - 1, q.toNanos());
        Command.Query rel = (Command.Query) parser.parse("query feed index ip \"1.2.3.4\" start -15m end now");
        assertEquals(nanos("2025-08-22T11:45:00Z"), rel.fromNanos());
        Command.Query ms = (Command.Query) parser.parse("query feed index ip \"1.2.3.4\" start 1755857592000");
        assertEquals(1755857592000L * 1_000_000L, ms.fromNanos());
    }

    @Test
    void toFileTakesAPlainNameAndSubscribeOnlyFollowsAFeed() throws Exception {
        Command.Query q = (Command.Query) parser.parse("query to_file \"out.ndjson\" index connection2 \"1.1.1.1 2.2.2.2\"");
        assertEquals("out.ndjson", q.fileName());
        Command.Query s = (Command.Query) parser.parse("QUERY FEED INDEX ip \"1.2.3.4\" subscribe");
        assertTrue(s.subscribe());
        assertEquals("at column 57: expected the end of the line, got 'subscribe'",
                error("query to_file \"out.ndjson\" index ip \"1.2.3.4\" start now subscribe"));
    }

    @Test
    void aToFileNameThatLeavesTheExportsDirectoryIsRefused() {
        for (String bad : new String[] {"../x", "a/b", "..", ".hidden", "", "a\\\\b"}) {
            String msg = error("query to_file \"" + bad + "\" index ip \"1.2.3.4\"");
            assertTrue(msg.startsWith("at column 16: expected a plain file name"), msg);
        }
    }

    @Test
    void showHelpQuitUnsubscribeAndAuthParse() throws Exception {
        for (Command.Topic t : Command.Topic.values()) {
            assertEquals(new Command.Show(t), parser.parse("show " + t.word()));
        }
        assertEquals(new Command.Help(null), parser.parse("help"));
        assertEquals(new Command.Help("query"), parser.parse("help Query"));
        assertInstanceOf(Command.Quit.class, parser.parse("quit"));
        assertInstanceOf(Command.Quit.class, parser.parse("  exit  "));
        assertEquals(new Command.Unsubscribe(7), parser.parse("unsubscribe 7"));
        assertEquals(new Command.Auth("s3cret-token"), parser.parse("auth s3cret-token"));
    }

    @Test
    void errorsNameTheColumnWhatWasExpectedAndWhatWasThere() {
        assertEquals("at column 12: expected 'index', got 'idx'", error("query feed idx ip \"1.2.3.4\""));
        assertEquals("at column 1: expected a command (query, show, help, unsubscribe, quit), got 'select'",
                error("select * from flows"));
        assertEquals("at column 7: expected 'feed' or 'to_file', got 'fed'", error("query fed index ip \"1.2.3.4\""));
        assertTrue(error("query feed index port \"80\"").startsWith("at column 18: expected an index (connection4"));
        assertEquals("at column 22: expected a key of the form \"IP\", got \"1.2.3\"",
                error("query feed index ip \"1.2.3\""));
        assertEquals("at column 21: expected a quoted key of the form \"IP\", got '1.2.3.4'",
                error("query feed index ip 1.2.3.4"));
        assertEquals("at column 20: expected a quoted key of the form \"IP\", got the end of the line",
                error("query feed index ip"));
        assertTrue(error("query feed index ip \"1.2.3.4\" start yesterday")
                .startsWith("at column 37: expected a time"));
        assertEquals("at column 52: expected an end after the start, got '2025-08-21'",
                error("query feed index ip \"1.2.3.4\" start 2025-08-22 end 2025-08-21"));
        assertEquals("at column 6: expected 'stats', 'sources', 'index', 'classes' or 'subscriptions', got 'foo'",
                error("show foo"));
        assertEquals("at column 12: expected the end of the line, got 'extra'", error("show stats extra"));
        assertEquals("at column 13: expected a subscription number, got '-1'", error("unsubscribe -1"));
        assertEquals("at column 12: expected a subscription number, got the end of the line", error("unsubscribe"));
    }

    @Test
    void quotedStringsUndoEscapesAndAnUnclosedQuoteIsAnError() throws Exception {
        Command.Query q = (Command.Query) parser.parse("query to_file \"a\\\"b\" index ip \"1.2.3.4\"");
        assertEquals("a\"b", q.fileName());
        assertEquals("at column 29: expected a closing '\"' for the string at column 21, got the end of the line",
                error("query feed index ip \"1.2.3.4"));
        assertEquals("at column 30: expected a blank after the closing '\"', got 'x'",
                error("query feed index ip \"1.2.3.4\"x"));
        assertEquals("at column 3: expected a blank before the '\"', got 'ab\"'", error("ab\"c\""));
        assertNull(((Command.Help) parser.parse("help")).topic());
    }

    @Test
    void tenThousandRandomLinesGiveACommandOrAParseErrorAndNothingElse() {
        Random rnd = new Random(42);
        String[] words = {"query", "feed", "to_file", "index", "ip", "connection4", "connection3", "connection2",
                "start", "end", "subscribe", "show", "stats", "help", "quit", "unsubscribe", "auth", "\"", "\\",
                "\"1.2.3.4\"", "\"tcp 1.2.3.4:1 5.6.7.8:2\"", "now", "-15m", "2025-08-22", "\"../x\"", "7", "\t", ""};
        int parsed = 0;
        for (int i = 0; i < 10_000; i++) {
            StringBuilder line = new StringBuilder();
            int n = rnd.nextInt(9);
            for (int w = 0; w < n; w++) {
                if (rnd.nextInt(5) == 0) {
                    for (int c = rnd.nextInt(6); c > 0; c--) {
                        line.append((char) rnd.nextInt(0x80));
                    }
                } else {
                    line.append(words[rnd.nextInt(words.length)]);
                }
                line.append(rnd.nextBoolean() ? " " : "");
            }
            try {
                parser.parse(line.toString());
                parsed++;
            } catch (ParseException e) {
                assertTrue(e.column() >= 1 && e.column() <= line.length() + 1, "column in the line: " + line);
            }
        }
        assertTrue(parsed > 0, "some random lines are commands");
    }
}
