package org.nsr.index;

import java.util.Arrays;
import java.util.Locale;
import org.nsr.config.ConfigException;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.Ipv4;

/**
 * The key types an index can be built on, each with its fixed-width binary key. Keys are
 * normalised so that a flow A→B and its reverse B→A give the same key(s): the endpoint that
 * sorts lower (unsigned IP, then port) comes first.
 *
 * <ul>
 *   <li>{@code connection4}: proto(1) ipA(4) portA(2) ipB(4) portB(2), 13 bytes, one key a flow;</li>
 *   <li>{@code connection3}: proto(1) host(4) peer(4) peerPort(2), 11 bytes, two keys a flow (one per port);</li>
 *   <li>{@code connection2}: ipA(4) ipB(4), 8 bytes, one key a flow;</li>
 *   <li>{@code ip}: ip(4), two keys a flow (one when both ends are equal).</li>
 * </ul>
 * An unknown port is stored as 65535 and an unknown protocol as 255. Keys compare as unsigned
 * bytes. Stateless and thread-safe.
 */
public enum IndexKind {
    CONNECTION4("connection4", 13, 4, "PROTO IP:PORT IP:PORT"),
    CONNECTION3("connection3", 11, 4, "PROTO IP IP:PORT"),
    CONNECTION2("connection2", 8, 4, "IP IP"),
    IP("ip", 4, 4, "IP");

    /** Receives the keys of one flow; the array is scratch, valid during the call. */
    @FunctionalInterface
    public interface KeySink {
        void key(byte[] key);
    }

    private final String configName;
    private final int width;
    private final int storedWidth;
    private final String expectedForm;

    IndexKind(String configName, int width, int storedWidth, String expectedForm) {
        this.configName = configName;
        this.width = width;
        this.storedWidth = storedWidth;
        this.expectedForm = expectedForm;
    }

    public String configName() {
        return configName;
    }

    /** Bytes of one key. */
    public int width() {
        return width;
    }

    /**
     * Bytes of a key as index files store it: the key itself ({@code ip}), or for {@code connection4},
     * {@code connection3} and {@code connection2} (nearly one new key a flow) its 32-bit
     * {@link #fingerprint}. A lookup of a fingerprinted kind reads the files the fingerprint names
     * and keeps only the records whose own keys match, so answers stay exact; a collision only
     * costs reading a file.
     */
    public int storedWidth() {
        return storedWidth;
    }

    /** True when index files hold fingerprints of this kind's keys rather than the keys. */
    public boolean fingerprinted() {
        return storedWidth != width;
    }

    /**
     * The 32-bit fingerprint of a key: its bytes as two big-endian longs (the second zero padded
     * on the right), each mixed by MurmurHash3's fmix64, {@code h = fmix64(fmix64(a) ^ (b + C))}
     * with C = 0x9E3779B97F4A7C15, and the high 32 bits of h. Fixed by the index format.
     */
    static int fingerprint(byte[] k) {
        long a = 0;
        long b = 0;
        for (int i = 0; i < 16; i++) {
            long v = i < k.length ? k[i] & 0xFF : 0;
            if (i < 8) {
                a = (a << 8) | v;
            } else {
                b = (b << 8) | v;
            }
        }
        return fingerprint(a, b);
    }

    /** {@link #fingerprint(byte[])} of the key whose bytes, as two big-endian longs, are {@code a} and {@code b}. */
    static int fingerprint(long a, long b) {
        return (int) (fmix64(fmix64(a) ^ (b + 0x9E3779B97F4A7C15L)) >>> 32);
    }

    private static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** A key as index files store it ({@link #storedWidth()} bytes); a stored key is returned as it is. */
    byte[] stored(byte[] key) {
        if (!fingerprinted() || key.length == storedWidth) {
            return key;
        }
        byte[] s = new byte[storedWidth];
        putInt(s, 0, fingerprint(key));
        return s;
    }

    /** The text form of a stored key, for messages: the key, or its fingerprint in hex. */
    String formatStored(byte[] stored) {
        return fingerprinted() ? "fingerprint " + String.format("%08x", getInt(stored, 0)) : format(stored);
    }

    /** The null when {@code name} names no index. */
    public static IndexKind byName(String name) {
        for (IndexKind k : values()) {
            if (k.configName.equals(name)) {
                return k;
            }
        }
        return null;
    }

    public static String allNames() {
        return String.join(", ", Arrays.stream(values()).map(IndexKind::configName).toList());
    }

    /**
     * False for a flow with neither address (both 0.0.0.0, as the ingest source's named flows read
     * back): every key of it would be the same one, which no lookup asks for, so it is not indexed.
     */
    public static boolean addressable(Flow f) {
        return f.srcIp() != 0 || f.dstIp() != 0;
    }

    /** Hands the normalised keys of {@code f} to {@code sink}, using {@code scratch} (width bytes). */
    public void keys(Flow f, byte[] scratch, KeySink sink) {
        keys(f.protocol(), f.srcIp(), f.srcPort(), f.dstIp(), f.dstPort(), scratch, sink);
    }

    void keys(int protocol, int srcIp, int srcPort, int dstIp, int dstPort, byte[] k, KeySink sink) {
        int proto = protocol < 0 || protocol > 254 ? 255 : protocol;
        int sp = srcPort < 0 || srcPort > 65535 ? 65535 : srcPort;
        int dp = dstPort < 0 || dstPort > 65535 ? 65535 : dstPort;
        switch (this) {
            case CONNECTION4 -> {
                boolean srcFirst = endpointOrder(srcIp, sp, dstIp, dp) <= 0;
                k[0] = (byte) proto;
                putEndpoint(k, 1, srcFirst ? srcIp : dstIp, srcFirst ? sp : dp);
                putEndpoint(k, 7, srcFirst ? dstIp : srcIp, srcFirst ? dp : sp);
                sink.key(k);
            }
            case CONNECTION3 -> {
                // (host, peer:port) for each port: the same two keys whichever way the flow goes
                k[0] = (byte) proto;
                putInt(k, 1, srcIp);
                putEndpoint(k, 5, dstIp, dp);
                sink.key(k);
                if (srcIp != dstIp || sp != dp) {
                    putInt(k, 1, dstIp);
                    putEndpoint(k, 5, srcIp, sp);
                    sink.key(k);
                }
            }
            case CONNECTION2 -> {
                boolean srcFirst = Integer.compareUnsigned(srcIp, dstIp) <= 0;
                putInt(k, 0, srcFirst ? srcIp : dstIp);
                putInt(k, 4, srcFirst ? dstIp : srcIp);
                sink.key(k);
            }
            case IP -> {
                putInt(k, 0, srcIp);
                sink.key(k);
                if (srcIp != dstIp) {
                    putInt(k, 0, dstIp);
                    sink.key(k);
                }
            }
        }
    }

    /** True when one of the keys of {@code f} equals {@code key}: what a full scan tests. */
    public boolean matches(Flow f, byte[] key) {
        boolean[] hit = {false};
        keys(f, new byte[width], k -> hit[0] |= Arrays.equals(k, key));
        return hit[0];
    }

    /**
     * Parses the text form of a key ({@link #expectedForm()}), normalised as the index stores it.
     *
     * @throws ConfigException naming the index, the bad key and the expected form
     */
    public byte[] parse(String text) throws ConfigException {
        String[] parts = text.trim().isEmpty() ? new String[0] : text.trim().split("\\s+");
        byte[] k = new byte[width];
        switch (this) {
            case CONNECTION4 -> {
                need(text, parts, 3, new String[] {"the protocol", "the first endpoint", "the second endpoint"});
                int proto = protocol(text, parts[0]);
                long[] a = endpoint(text, parts[1]);
                long[] b = endpoint(text, parts[2]);
                keys(proto, (int) a[0], (int) a[1], (int) b[0], (int) b[1], k, key -> { });
            }
            case CONNECTION3 -> {
                need(text, parts, 3, new String[] {"the protocol", "the host IP", "the peer endpoint"});
                int proto = protocol(text, parts[0]);
                long host = ip(text, parts[1]);
                long[] peer = endpoint(text, parts[2]);
                k[0] = (byte) proto;
                putInt(k, 1, (int) host);
                putEndpoint(k, 5, (int) peer[0], (int) peer[1]);
            }
            case CONNECTION2 -> {
                need(text, parts, 2, new String[] {"the first IP", "the second IP"});
                keys(0, (int) ip(text, parts[0]), 0, (int) ip(text, parts[1]), 0, k, key -> { });
            }
            case IP -> {
                need(text, parts, 1, new String[] {"the IP"});
                putInt(k, 0, (int) ip(text, parts[0]));
            }
        }
        return k;
    }

    /** The expected text form of a key, for messages: {@code PROTO IP:PORT IP:PORT}. */
    public String expectedForm() {
        return expectedForm;
    }

    /** The text form of a stored key. */
    public String format(byte[] k) {
        return switch (this) {
            case CONNECTION4 -> protocolName(k[0] & 0xFF) + " " + endpointText(k, 1) + " " + endpointText(k, 7);
            case CONNECTION3 -> protocolName(k[0] & 0xFF) + " " + Ipv4.dotted(getInt(k, 1)) + " " + endpointText(k, 5);
            case CONNECTION2 -> Ipv4.dotted(getInt(k, 0)) + " " + Ipv4.dotted(getInt(k, 4));
            case IP -> Ipv4.dotted(getInt(k, 0));
        };
    }

    private void need(String text, String[] parts, int n, String[] names) throws ConfigException {
        if (parts.length < n) {
            throw bad(text, "is missing " + names[parts.length]);
        }
        if (parts.length > n) {
            throw bad(text, "has " + parts.length + " parts, one too many after " + names[n - 1]);
        }
    }

    private ConfigException bad(String text, String what) {
        return new ConfigException(configName + " key '" + text + "' " + what + "; expected '" + expectedForm + "'");
    }

    private int protocol(String text, String p) throws ConfigException {
        switch (p.toLowerCase(Locale.ROOT)) {
            case "tcp": return 6;
            case "udp": return 17;
            case "icmp": return 1;
            default:
                try {
                    int n = Integer.parseInt(p);
                    if (n >= 0 && n <= 255) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw bad(text, "has the protocol '" + p + "', which is not tcp, udp, icmp or a number 0..255");
        }
    }

    private long ip(String text, String s) throws ConfigException {
        long ip = Ipv4.parseDotted(s);
        if (ip < 0) {
            throw bad(text, "has '" + s + "', which is not an IPv4 address");
        }
        return ip;
    }

    private long[] endpoint(String text, String s) throws ConfigException {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw bad(text, "has the endpoint '" + s + "' without a port");
        }
        long ip = ip(text, s.substring(0, colon));
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw bad(text, "has the port '" + s.substring(colon + 1) + "', which is not 0..65535");
        }
        return new long[] {ip, port};
    }

    static String protocolName(int p) {
        return switch (p) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            default -> Integer.toString(p);
        };
    }

    private static String endpointText(byte[] k, int at) {
        return Ipv4.dotted(getInt(k, at)) + ":" + (((k[at + 4] & 0xFF) << 8) | (k[at + 5] & 0xFF));
    }

    private static int endpointOrder(int ipA, int portA, int ipB, int portB) {
        int c = Integer.compareUnsigned(ipA, ipB);
        return c != 0 ? c : Integer.compare(portA, portB);
    }

    private static void putEndpoint(byte[] k, int at, int ip, int port) {
        putInt(k, at, ip);
        k[at + 4] = (byte) (port >>> 8);
        k[at + 5] = (byte) port;
    }

    static void putInt(byte[] k, int at, int v) {
        k[at] = (byte) (v >>> 24);
        k[at + 1] = (byte) (v >>> 16);
        k[at + 2] = (byte) (v >>> 8);
        k[at + 3] = (byte) v;
    }

    static int getInt(byte[] k, int at) {
        return ((k[at] & 0xFF) << 24) | ((k[at + 1] & 0xFF) << 16) | ((k[at + 2] & 0xFF) << 8) | (k[at + 3] & 0xFF);
    }
}
