package org.nsr.source.gen;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The traffic patterns of flowgen's {@code traffic_patterns[].type}: which protocol and server
 * port a flow of that kind uses. Client ports are ephemeral (49152..65535).
 */
public enum TrafficType {
    WEB("web_traffic", new int[] {80, 443}),
    DNS("dns_traffic", new int[] {53}),
    DATABASE("database_traffic", new int[] {3306, 5432, 27017, 6379}),
    SSH("ssh_traffic", new int[] {22}),
    SMTP("smtp_traffic", new int[] {25, 587, 465}),
    FTP("ftp_traffic", new int[] {21, 20}),
    RANDOM("random", new int[0]);

    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;

    private final String configName;
    private final int[] serverPorts;

    TrafficType(String configName, int[] serverPorts) {
        this.configName = configName;
        this.serverPorts = serverPorts;
    }

    public String configName() {
        return configName;
    }

    public static String[] configNames() {
        return Arrays.stream(values()).map(TrafficType::configName).toArray(String[]::new);
    }

    public static TrafficType fromConfigName(String name) {
        for (TrafficType t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The IP protocol of the next flow of this type. */
    int protocol(SplittableRandom rng) {
        if (this == DNS) {
            return UDP;
        }
        if (this != RANDOM) {
            return TCP;
        }
        // random traffic: mostly TCP and UDP, some ICMP so the "anything else" packet rule is exercised
        int r = rng.nextInt(10);
        return r < 5 ? TCP : r < 9 ? UDP : ICMP;
    }

    /** The server (destination) port; 0 for ICMP, which has no ports. */
    int serverPort(int protocol, SplittableRandom rng) {
        if (protocol == ICMP) {
            return 0;
        }
        if (serverPorts.length == 0) {
            return 1 + rng.nextInt(65535);
        }
        return serverPorts.length == 1 ? serverPorts[0] : serverPorts[rng.nextInt(serverPorts.length)];
    }

    static int clientPort(int protocol, SplittableRandom rng) {
        return protocol == ICMP ? 0 : 49152 + rng.nextInt(16384);
    }
}
