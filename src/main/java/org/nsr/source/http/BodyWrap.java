package org.nsr.source.http;

import java.util.Locale;

/**
 * How a response body becomes one record line (config key {@code wrap}).
 *
 * <ul>
 *   <li>{@link #FIELD} ({@code wrap: field}): {@code {"timestamp":<ms>,"<field>":<body>}} - any JSON
 *       body; {@code field} defaults to the source name. The default flowinfo source uses it.</li>
 *   <li>{@link #MERGE} ({@code wrap: merge}): {@code {"timestamp":<ms>,<the body object's fields>}} -
 *       the body must be a JSON object. The default graphinfo source uses it. A body field itself
 *       named {@code timestamp} is dropped, so the line never carries the key twice.</li>
 * </ul>
 */
public enum BodyWrap {
    FIELD,
    MERGE;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
