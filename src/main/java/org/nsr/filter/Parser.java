package org.nsr.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nsr.filter.Lexer.Token;
import org.nsr.record.codec.Ipv4;

/**
 * Recursive descent over the grammar in {@link Filter}. Each rule returns the compiled predicate
 * together with the IPs it pins (null when it pins none), so {@link Filter#pinnedIps()} needs no
 * second walk.
 */
final class Parser {
    /** A parsed sub-expression: its predicate and the pins every match satisfies (null: none). */
    record Parsed(FlowPredicate predicate, List<IpPin> pins) {
    }

    /** Upper bound on pins kept for an {@code or} of hosts: past it, an index lookup is no win. */
    static final int MAX_PINS = 64;

    private final String expr;
    private final List<Token> tokens;
    private int pos;

    private Parser(String expr, List<Token> tokens) {
        this.expr = expr;
        this.tokens = tokens;
    }

    static Parsed parse(String expr) throws FilterSyntaxException {
        List<Token> tokens = Lexer.tokens(expr);
        if (tokens.isEmpty() || tokens.size() == 1 && tokens.get(0).is("any")) {
            return new Parsed(Nodes.ALL, null);
        }
        Parser p = new Parser(expr, tokens);
        Parsed result = p.or();
        if (p.pos < tokens.size()) {
            Token t = tokens.get(p.pos);
            throw p.error(t, "found '" + t.text() + "'; expected 'and', 'or'"
                    + (t.is(")") ? " (this ')' closes nothing)" : " or the end"));
        }
        return result;
    }

    private Parsed or() throws FilterSyntaxException {
        Parsed left = and();
        while (peekIs("or") || peekIs("||")) {
            pos++;
            Parsed right = and();
            List<IpPin> pins = null;
            if (left.pins() != null && right.pins() != null
                    && left.pins().size() + right.pins().size() <= MAX_PINS) {
                pins = new ArrayList<>(left.pins());
                pins.addAll(right.pins());
            }
            left = new Parsed(new Nodes.Or(left.predicate(), right.predicate()), pins);
        }
        return left;
    }

    private Parsed and() throws FilterSyntaxException {
        Parsed left = unary();
        while (true) {
            if (peekIs("and") || peekIs("&&")) {
                pos++;
            } else if (!startsPrimitive(peek())) {
                return left;
            } // else: "tcp port 80" is "tcp and port 80", as in tcpdump
            Parsed right = unary();
            List<IpPin> pins = left.pins();
            if (pins == null || right.pins() != null && right.pins().size() < pins.size()) {
                pins = right.pins(); // either side's pins bound the conjunction; keep the tighter
            }
            left = new Parsed(new Nodes.And(left.predicate(), right.predicate()), pins);
        }
    }

    private Parsed unary() throws FilterSyntaxException {
        Token t = next("a filter term like 'proto tcp', 'port 53', 'net 10.0.0.0/8', 'not ...' or '('");
        if (t.is("not") || t.is("!")) {
            return new Parsed(new Nodes.Not(unary().predicate()), null);
        }
        if (t.is("(")) {
            Parsed inner = or();
            Token close = pos < tokens.size() ? tokens.get(pos) : null;
            if (close == null || !close.is(")")) {
                throw error(close, (close == null ? "the expression ends" : "found '" + close.text() + "'")
                        + "; expected ')' to close the '(' at column " + t.column());
            }
            pos++;
            return inner;
        }
        return primitive(t);
    }

    private Parsed primitive(Token t) throws FilterSyntaxException {
        Side side = Side.EITHER;
        Token word = t;
        if (t.is("src") || t.is("dst")) {
            side = t.is("src") ? Side.SRC : Side.DST;
            word = next("'host', 'ip', 'net' or 'port' after '" + t.text() + "'");
        }
        String w = word.text().toLowerCase(Locale.ROOT);
        switch (w) {
            case "host", "ip" -> {
                Token a = next("an IPv4 address after '" + word.text() + "'");
                int ip = address(a, "an IPv4 address like 10.1.2.3 after '" + word.text() + "'");
                return net(side, ip, 32);
            }
            case "net" -> {
                Token a = next("a subnet like 10.0.0.0/8 after 'net'");
                return subnet(side, a);
            }
            case "port", "portrange" -> {
                Token a = next("a port or a range like 1024-2048 after '" + word.text() + "'");
                return new Parsed(ports(side, a), null);
            }
            default -> {
                // below: words that take no src/dst qualifier
            }
        }
        if (side != Side.EITHER) {
            throw error(word, "found '" + word.text() + "'; expected 'host', 'ip', 'net' or 'port' after '"
                    + t.text() + "'");
        }
        switch (w) {
            case "proto" -> {
                Token a = next("a protocol (tcp, udp, icmp or 0-255) after 'proto'");
                return new Parsed(new Nodes.Proto(protocol(a)), null);
            }
            case "tcp", "udp", "icmp" -> {
                return new Parsed(new Nodes.Proto(protocol(word)), null);
            }
            case "packets", "bytes" -> {
                Nodes.Op op = Nodes.Op.EQ;
                Token v = next("a number or a comparison like '> 1000' after '" + word.text() + "'");
                Nodes.Op parsed = op(v);
                if (parsed != null) {
                    op = parsed;
                    v = next("a number after '" + word.text() + " " + op.text + "'");
                }
                long value = number(v, 0, Long.MAX_VALUE, "a whole number after '" + word.text() + "'");
                return new Parsed(new Nodes.Count(w.equals("bytes"), op, value), null);
            }
            default -> throw error(word, "found '" + word.text() + "'; expected a filter term: host, ip, net, "
                    + "port, portrange, proto, tcp, udp, icmp, packets, bytes, src, dst, not or '('");
        }
    }

    private static Parsed net(Side side, int network, int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return new Parsed(new Nodes.Net(side, network & mask, mask),
                List.of(new IpPin(side, network & mask, prefix)));
    }

    private Parsed subnet(Side side, Token a) throws FilterSyntaxException {
        String text = a.text();
        int slash = text.indexOf('/');
        String what = "a subnet like 10.0.0.0/8 after 'net'";
        if (slash < 0) {
            return net(side, address(a, what), 32);
        }
        long ip = Ipv4.parseDotted(text.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (ip < 0 || prefix < 0 || prefix > 32) {
            throw error(a, "found '" + text + "'; expected " + what + " (prefix length 0-32)");
        }
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        if (((int) ip & ~mask) != 0) {
            throw error(a, "found '" + text + "', which has host bits set; expected the subnet's first address, "
                    + Ipv4.dotted((int) ip & mask) + "/" + prefix);
        }
        return net(side, (int) ip, prefix);
    }

    private FlowPredicate ports(Side side, Token a) throws FilterSyntaxException {
        String text = a.text();
        int dash = text.indexOf('-', 1);
        String what = "a port 0-65535 or a range like 1024-2048";
        if (dash < 0) {
            int p = (int) number(a, 0, 65535, what);
            return new Nodes.Port(side, p, p);
        }
        int low = (int) numberText(a, text.substring(0, dash), 0, 65535, what);
        int high = (int) numberText(a, text.substring(dash + 1), 0, 65535, what);
        if (low > high) {
            throw error(a, "found the range '" + text + "', which is empty; expected low-high with low <= high");
        }
        return new Nodes.Port(side, low, high);
    }

    private int protocol(Token a) throws FilterSyntaxException {
        return switch (a.text().toLowerCase(Locale.ROOT)) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "icmp" -> 1;
            default -> (int) number(a, 0, 255, "a protocol: tcp, udp, icmp or a number 0-255");
        };
    }

    private static Nodes.Op op(Token t) {
        for (Nodes.Op op : Nodes.Op.values()) {
            if (t.text().equals(op.text)) {
                return op;
            }
        }
        return t.text().equals("==") ? Nodes.Op.EQ : null;
    }

    private int address(Token a, String what) throws FilterSyntaxException {
        long ip = Ipv4.parseDotted(a.text());
        if (ip < 0) {
            throw error(a, "found '" + a.text() + "'; expected " + what);
        }
        return (int) ip;
    }

    private long number(Token a, long min, long max, String what) throws FilterSyntaxException {
        return numberText(a, a.text(), min, max, what);
    }

    private long numberText(Token a, String text, long min, long max, String what) throws FilterSyntaxException {
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(a, "found '" + a.text() + "'; expected " + what);
    }

    private static boolean startsPrimitive(Token t) {
        if (t == null) {
            return false;
        }
        return switch (t.text().toLowerCase(Locale.ROOT)) {
            case "src", "dst", "host", "ip", "net", "port", "portrange", "proto", "tcp", "udp", "icmp", "packets",
                    "bytes", "not", "!", "(" -> true;
            default -> false;
        };
    }

    private Token peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean peekIs(String s) {
        Token t = peek();
        return t != null && t.is(s);
    }

    private Token next(String expected) throws FilterSyntaxException {
        if (pos >= tokens.size()) {
            throw new FilterSyntaxException(expr, expr.length() + 1, "the expression ends; expected " + expected);
        }
        return tokens.get(pos++);
    }

    private FilterSyntaxException error(Token at, String problem) {
        return new FilterSyntaxException(expr, at == null ? expr.length() + 1 : at.column(), problem);
    }
}
