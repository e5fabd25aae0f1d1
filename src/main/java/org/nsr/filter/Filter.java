package org.nsr.filter;

import java.util.List;
import java.util.Optional;
import org.nsr.record.codec.Flow;

/**
 * A compiled flow filter, shared by {@code nsr generate}, {@code query} and {@code replay}.
 * Immutable and thread-safe; {@link #matches} allocates nothing.
 *
 * <p>The language (keywords are case-insensitive; README "Flow filters" has examples):
 * <pre>
 * filter    = "" | "any" | or
 * or        = and { ("or" | "||") and }
 * and       = unary { ["and" | "&&"] unary }        (juxtaposition is "and": "tcp port 80")
 * unary     = ("not" | "!") unary | "(" or ")" | primitive
 * primitive = [side] ("host" | "ip") IPV4
 *           | [side] "net" IPV4 ["/" 0..32]          (no host bits set)
 *           | [side] ("port" | "portrange") PORT ["-" PORT]
 *           | "proto" (tcp | udp | icmp | 0..255) | "tcp" | "udp" | "icmp"
 *           | ("packets" | "bytes") [CMP] NUMBER     CMP = "=" "==" "!=" "&lt;" "&lt;=" "&gt;" "&gt;="
 * side      = "src" | "dst"                           (none: either end)
 * </pre>
 * Precedence: {@code not} binds tightest, then {@code and}, then {@code or}. Ports never match ICMP
 * flows (their "ports" are type and code); {@code packets}/{@code bytes} never match a flow whose
 * line carries no counters (NDTwin snapshots).
 */
public final class Filter {
    /** Matches every flow; pins nothing. */
    public static final Filter ALL = new Filter("", Nodes.ALL, null);

    private final String expression;
    private final FlowPredicate predicate;
    private final List<IpPin> pins;

    private Filter(String expression, FlowPredicate predicate, List<IpPin> pins) {
        this.expression = expression;
        this.predicate = predicate;
        this.pins = pins == null ? null : List.copyOf(pins);
    }

    /** Parses and compiles {@code expression}; a syntax error names the column and what was expected. */
    public static Filter parse(String expression) throws FilterSyntaxException {
        Parser.Parsed p = Parser.parse(expression);
        return p.predicate() == Nodes.ALL ? ALL : new Filter(expression, p.predicate(), p.pins());
    }

    public boolean matches(int srcIp, int dstIp, int srcPort, int dstPort, int protocol, long packets, long bytes) {
        return predicate.test(srcIp, dstIp, srcPort, dstPort, protocol, packets, bytes);
    }

    /** Tests a flow of the codec's flow view. */
    public boolean matches(Flow f) {
        return predicate.test(f.srcIp(), f.dstIp(), f.srcPort(), f.dstPort(), f.protocol(), f.packets(), f.bytes());
    }

    public boolean matchesAll() {
        return predicate == Nodes.ALL;
    }

    /**
     * The addresses the filter pins, for an index lookup: when present, every matching flow lies in
     * at least one of the pins (on the pin's side). Empty when the filter does not bound the IPs
     * (no host/net term on every path, or under a {@code not}); the caller then scans.
     */
    public Optional<List<IpPin>> pinnedIps() {
        return Optional.ofNullable(pins);
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return matchesAll() ? "any" : expression;
    }
}
