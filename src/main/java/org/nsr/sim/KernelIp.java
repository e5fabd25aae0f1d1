package org.nsr.sim;

/**
 * IPv4 addresses as the NDTwin kernel encodes them: the four network-order bytes read as a
 * little-endian uint32, so 192.168.1.1 is 0x0101A8C0 = 16885952 (first octet in the low byte).
 */
public final class KernelIp {
    private KernelIp() {
    }

    public static long of(int a, int b, int c, int d) {
        return (a & 0xFFL) | (b & 0xFFL) << 8 | (c & 0xFFL) << 16 | (d & 0xFFL) << 24;
    }

    public static String dotted(long kernelIp) {
        return (kernelIp & 0xFF) + "." + (kernelIp >>> 8 & 0xFF) + "." + (kernelIp >>> 16 & 0xFF) + "." + (kernelIp >>> 24 & 0xFF);
    }
}
