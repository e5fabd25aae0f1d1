package org.nsr.record.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of line kinds a reader knows, tried in registration order. {@link #standard()} holds
 * the kinds the recorder writes today; a later kind (ingest, CSV rows) joins with {@link #with},
 * which returns a new registry, so readers are never edited to learn one. Immutable.
 */
public final class LineKinds {
    /** Any line no registered kind recognises. */
    public static final LineKind OTHER = new LineKind() {
        @Override
        public String name() {
            return "other";
        }

        @Override
        public boolean matches(byte[] b, int off, int end, Flow scratch) {
            return true;
        }

        @Override
        public String toString() {
            return name();
        }
    };

    private static final LineKinds STANDARD = new LineKinds(
            List.of(GeneratorFlowLine.KIND, NdtwinFlowPoll.KIND, GraphPoll.KIND, ErrorLine.KIND, IngestLine.KIND));

    private final List<LineKind> kinds;
    /** The kinds whose lines hold flows, as an array: the flow view walks it for every line. */
    final LineKind[] flowKinds;

    private LineKinds(List<LineKind> kinds) {
        this.kinds = List.copyOf(kinds);
        this.flowKinds = this.kinds.stream().filter(LineKind::holdsFlows).toArray(LineKind[]::new);
    }

    /** Generator flow, NDTwin flow poll, graph poll, error line, ingest batch. */
    public static LineKinds standard() {
        return STANDARD;
    }

    /** A registry with {@code kind} tried after the ones here. */
    public LineKinds with(LineKind kind) {
        for (LineKind k : kinds) {
            if (k.name().equals(kind.name())) {
                throw new IllegalArgumentException("line kind '" + kind.name() + "' is already registered");
            }
        }
        List<LineKind> more = new ArrayList<>(kinds);
        more.add(kind);
        return new LineKinds(more);
    }

    public List<LineKind> all() {
        return kinds;
    }

    /** The registered kind of that name, or null. */
    public LineKind byName(String name) {
        for (LineKind k : kinds) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
