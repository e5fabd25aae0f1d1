package org.nsr.produce;

import java.lang.management.ManagementFactory;

/** CPU time of this process and of the calling thread, in nanoseconds; -1 where the JVM cannot tell. */
final class CpuTime {
    private CpuTime() {
    }

    static long process() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static long thread() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
