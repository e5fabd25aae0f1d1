package org.nsr.console;

import org.nsr.index.IndexKind;

/** One parsed console command; immutable. See {@link CommandParser} for the grammar. */
public sealed interface Command {

    /** What {@code show} shows. */
    enum Topic {
        STATS, SOURCES, INDEX, CLASSES, SUBSCRIPTIONS;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code query feed|to_file "NAME" index INDEX "KEY" [start T] [end T] [subscribe]}. Times are
     * epoch nanoseconds, both inclusive ({@code end T} is exclusive, so {@code toNanos} is T - 1);
     * {@code fileName} is null for a feed.
     */
    record Query(String fileName, IndexKind kind, String keyText, byte[] key, long fromNanos, long toNanos,
            boolean subscribe) implements Command {
        public boolean toFile() {
            return fileName != null;
        }
    }

    record Show(Topic topic) implements Command {
    }

    /** {@code help [COMMAND]}; topic null for the list of commands. */
    record Help(String topic) implements Command {
    }

    record Unsubscribe(long id) implements Command {
    }

    /** {@code auth TOKEN}: the first line on a remote console that needs a token. */
    record Auth(String token) implements Command {
    }

    record Quit() implements Command {
    }
}
