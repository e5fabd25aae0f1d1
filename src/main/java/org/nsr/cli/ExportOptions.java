package org.nsr.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.nsr.config.ConfigException;
import org.nsr.filter.Filter;
import org.nsr.filter.FilterSyntaxException;

/** Parsing shared by generate, query and replay: collector addresses and filter expressions. */
final class ExportOptions {
    static final int DEFAULT_UDP_RATE = 10_000;

    private ExportOptions() {
    }

    /** {@code HOST:PORT} of a UDP collector. */
    static InetSocketAddress collector(String option, String text) throws ConfigException {
        int colon = text.lastIndexOf(':');
        String expected = "; expected HOST:PORT like 127.0.0.1:2055";
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ConfigException(option + ": '" + text + "' is not a collector address" + expected);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(option + ": '" + text + "' has no usable port (1-65535)" + expected);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ConfigException(option + ": '" + text + "': host '" + host + "' is unknown" + expected);
        }
    }

    static Filter filter(String option, String text) throws ConfigException {
        if (text == null) {
            return Filter.ALL;
        }
        try {
            return Filter.parse(text);
        } catch (FilterSyntaxException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
    }

    static void checkRate(String option, int rate) throws ConfigException {
        if (rate < 1 || rate > 10_000_000) {
            throw new ConfigException(option + ": '" + rate + "' is out of range; expected datagrams per second "
                    + "from 1 to 10000000");
        }
    }
}
