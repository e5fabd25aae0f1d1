package org.nsr.console;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.nsr.config.ConfigException;
import org.nsr.index.IndexKind;
import org.nsr.replay.TimeSpec;

/**
 * The one parser of the console language, shared by the local and the remote console.
 *
 * <pre>
 * command     := query | show | help | unsubscribe | auth | quit
 * query       := "query" ( "feed" | "to_file" STRING ) "index" INDEX STRING
 *                [ "start" TIME ] [ "end" TIME ] [ "subscribe" ]      (subscribe: feed only)
 * show        := "show" ( "stats" | "sources" | "index" | "classes" | "subscriptions" )
 * help        := "help" [ WORD ]
 * unsubscribe := "unsubscribe" NUMBER
 * auth        := "auth" WORD
 * quit        := "quit" | "exit"
 * STRING      := '"' ( any character but '"' and '\' | '\"' | '\\' )* '"'
 * TIME        := WORD or STRING in a form of replay --from
 * </pre>
 *
 * Keywords are case-insensitive. Errors name the 1-based column, what was expected and what was
 * there. Thread-safe (immutable); the clock and zone resolve relative and local times.
 */
public final class CommandParser {
    /** The first words of the commands, for help and completion. */
    public static final List<String> COMMANDS = List.of("query", "show", "help", "subscribe", "unsubscribe", "quit");

    private final Clock clock;
    private final ZoneId zone;

    public CommandParser(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** The command of a non-blank line. */
    public Command parse(String line) throws ParseException {
        Cursor c = new Cursor(Lexer.split(line), line.length());
        Token first = c.next("a command (" + String.join(", ", COMMANDS) + ")");
        Command cmd = switch (first.text().toLowerCase(Locale.ROOT)) {
            case "query" -> query(c);
            case "show" -> show(c);
            case "help" -> new Command.Help(c.atEnd() ? null : c.word("a command name").text()
                    .toLowerCase(Locale.ROOT));
            case "unsubscribe" -> unsubscribe(c);
            case "auth" -> new Command.Auth(c.next("a token").text());
            case "quit", "exit" -> new Command.Quit();
            default -> throw new ParseException(first.column(), "a command (query, show, help, unsubscribe, quit)",
                    first.shown());
        };
        c.end();
        return cmd;
    }

    private Command query(Cursor c) throws ParseException {
        Token how = c.word("'feed' or 'to_file'");
        String fileName = null;
        switch (how.text().toLowerCase(Locale.ROOT)) {
            case "feed" -> {
            }
            case "to_file" -> {
                Token name = c.string("a quoted file name");
                fileName = checkFileName(name);
            }
            default -> throw new ParseException(how.column(), "'feed' or 'to_file'", how.shown());
        }
        c.keyword("index");
        Token index = c.word("an index (" + IndexKind.allNames() + ")");
        IndexKind kind = IndexKind.byName(index.text().toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new ParseException(index.column(), "an index (" + IndexKind.allNames() + ")", index.shown());
        }
        Token keyToken = c.string("a quoted key of the form \"" + kind.expectedForm() + "\"");
        byte[] key;
        try {
            key = kind.parse(keyToken.text());
        } catch (ConfigException e) {
            throw new ParseException(keyToken.column() + 1, "a key of the form \"" + kind.expectedForm() + "\"",
                    keyToken.shown());
        }
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        Token endToken = null;
        boolean subscribe = false;
        if (c.peekKeyword("start")) {
            c.next("start");
            from = time(c.next("a time after 'start'"));
        }
        if (c.peekKeyword("end")) {
            c.next("end");
            endToken = c.next("a time after 'end'");
            to = time(endToken) - 1;
        }
        if (endToken != null && from > to) {
            throw new ParseException(endToken.column(), "an end after the start", endToken.shown());
        }
        if (fileName == null && c.peekKeyword("subscribe")) {
            c.next("subscribe");
            subscribe = true;
        }
        return new Command.Query(fileName, kind, keyToken.text(), key, from, to, subscribe);
    }

    private long time(Token t) throws ParseException {
        try {
            return TimeSpec.parseNanos("time", t.text(), clock, zone);
        } catch (ConfigException e) {
            throw new ParseException(t.column(), "a time (2025-08-22T10:13:12Z, 2025-08-22, epoch milliseconds, "
                    + "-15m, now)", t.shown());
        }
    }

    /** A plain file name: exports stay inside output_dir/exports. */
    private static String checkFileName(Token name) throws ParseException {
        String n = name.text();
        if (n.isEmpty() || n.contains("/") || n.contains("\\") || n.contains("..") || n.startsWith(".")
                || n.length() > 255 || n.chars().anyMatch(ch -> ch < 0x20)) {
            throw new ParseException(name.column() + 1, "a plain file name (no '/', no '..', no leading '.')",
                    name.shown());
        }
        return n;
    }

    private static Command show(Cursor c) throws ParseException {
        String expected = "'stats', 'sources', 'index', 'classes' or 'subscriptions'";
        Token what = c.word(expected);
        for (Command.Topic t : Command.Topic.values()) {
            if (t.word().equalsIgnoreCase(what.text())) {
                return new Command.Show(t);
            }
        }
        throw new ParseException(what.column(), expected, what.shown());
    }

    private static Command unsubscribe(Cursor c) throws ParseException {
        Token id = c.word("a subscription number");
        try {
            long n = Long.parseLong(id.text());
            if (n > 0) {
                return new Command.Unsubscribe(n);
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new ParseException(id.column(), "a subscription number", id.shown());
    }

    /** Walks the tokens of one line. */
    private static final class Cursor {
        private final List<Token> tokens;
        private final int endColumn;
        private int at;

        Cursor(List<Token> tokens, int lineLength) {
            this.tokens = tokens;
            this.endColumn = lineLength + 1;
        }

        boolean atEnd() {
            return at >= tokens.size();
        }

        Token next(String expected) throws ParseException {
            if (atEnd()) {
                throw new ParseException(endColumn, expected, "the end of the line");
            }
            return tokens.get(at++);
        }

        Token word(String expected) throws ParseException {
            Token t = next(expected);
            if (t.quoted()) {
                throw new ParseException(t.column(), expected, t.shown());
            }
            return t;
        }

        Token string(String expected) throws ParseException {
            Token t = next(expected);
            if (!t.quoted()) {
                throw new ParseException(t.column(), expected, t.shown());
            }
            return t;
        }

        void keyword(String word) throws ParseException {
            Token t = word("'" + word + "'");
            if (!t.text().equalsIgnoreCase(word)) {
                throw new ParseException(t.column(), "'" + word + "'", t.shown());
            }
        }

        boolean peekKeyword(String word) {
            return !atEnd() && !tokens.get(at).quoted() && tokens.get(at).text().equalsIgnoreCase(word);
        }

        void end() throws ParseException {
            if (!atEnd()) {
                Token t = tokens.get(at);
                throw new ParseException(t.column(), "the end of the line", t.shown());
            }
        }
    }
}
