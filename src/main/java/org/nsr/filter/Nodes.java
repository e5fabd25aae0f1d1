package org.nsr.filter;

/** The compiled nodes of a filter: small immutable predicates, combined as the parser builds them. */
final class Nodes {
    static final int ICMP = 1;
    static final int ICMPV6 = 58;

    private Nodes() {
    }

    static final FlowPredicate ALL = (s, d, sp, dp, p, pk, b) -> true;

    record And(FlowPredicate left, FlowPredicate right) implements FlowPredicate {
        @Override
        public boolean test(int s, int d, int sp, int dp, int p, long pk, long b) {
            return left.test(s, d, sp, dp, p, pk, b) && right.test(s, d, sp, dp, p, pk, b);
        }
    }

    record Or(FlowPredicate left, FlowPredicate right) implements FlowPredicate {
        @Override
        public boolean test(int s, int d, int sp, int dp, int p, long pk, long b) {
            return left.test(s, d, sp, dp, p, pk, b) || right.test(s, d, sp, dp, p, pk, b);
        }
    }

    record Not(FlowPredicate inner) implements FlowPredicate {
        @Override
        public boolean test(int s, int d, int sp, int dp, int p, long pk, long b) {
            return !inner.test(s, d, sp, dp, p, pk, b);
        }
    }

    /** {@code host}, {@code ip} and {@code net}: the side's address inside the subnet. */
    record Net(Side side, int network, int mask) implements FlowPredicate {
        @Override
        public boolean test(int s, int d, int sp, int dp, int p, long pk, long b) {
            return switch (side) {
                case SRC -> (s & mask) == network;
                case DST -> (d & mask) == network;
                case EITHER -> (s & mask) == network || (d & mask) == network;
            };
        }
    }

    /** {@code port} and port ranges; ICMP's "ports" are its type and code, so they never match. */
    record Port(Side side, int low, int high) implements FlowPredicate {
        @Override
        public boolean test(int s, int d, int sp, int dp, int p, long pk, long b) {
            if (p == ICMP || p == ICMPV6) {
                return false;
            }
            return switch (side) {
                case SRC -> in(sp);
                case DST -> in(dp);
                case EITHER -> in(sp) || in(dp);
            };
        }

        private boolean in(int port) {
            return port >= low && port <= high;
        }
    }

    record Proto(int protocol) implements FlowPredicate {
        @Override
        public boolean test(int s, int d, int sp, int dp, int p, long pk, long b) {
            return p == protocol;
        }
    }

    /** The comparison operators of {@code packets} and {@code bytes}. */
    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String text;

        Op(String text) {
            this.text = text;
        }

        boolean holds(long a, long b) {
            return switch (this) {
                case EQ -> a == b;
                case NE -> a != b;
                case LT -> a < b;
                case LE -> a <= b;
                case GT -> a > b;
                case GE -> a >= b;
            };
        }
    }

    /** {@code packets > N}, {@code bytes <= N}: a line without the counter never matches. */
    record Count(boolean bytes, Op op, long value) implements FlowPredicate {
        @Override
        public boolean test(int s, int d, int sp, int dp, int p, long pk, long b) {
            long v = bytes ? b : pk;
            return v >= 0 && op.holds(v, value);
        }
    }
}
