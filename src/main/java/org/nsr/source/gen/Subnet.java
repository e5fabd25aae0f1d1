package org.nsr.source.gen;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 subnet written {@code a.b.c.d/prefix}; flows draw host addresses from it. */
public record Subnet(int base, int prefix) {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    public Subnet {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix " + prefix + " outside 0..32");
        }
        base = base & mask(prefix);
    }

    /** Parses {@code a.b.c.d/prefix}; returns null when the text is not of that form. */
    public static Subnet parse(String text) {
        Matcher m = CIDR.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        int ip = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return null;
            }
            ip = (ip << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        return prefix > 32 ? null : new Subnet(ip, prefix);
    }

    /** Number of addresses in the subnet. */
    public long size() {
        return 1L << (32 - prefix);
    }

    /** A random host address; network and broadcast addresses are skipped where the subnet has hosts besides them. */
    int randomHost(SplittableRandom rng) {
        long size = size();
        if (size <= 2) {
            return base + (int) rng.nextLong(size);
        }
        return base + 1 + (int) rng.nextLong(size - 2);
    }

    public boolean contains(long ip) {
        return ((int) ip & mask(prefix)) == base;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    @Override
    public String toString() {
        return ((base >>> 24) & 0xFF) + "." + ((base >>> 16) & 0xFF) + "." + ((base >>> 8) & 0xFF) + "."
                + (base & 0xFF) + "/" + prefix;
    }
}
