package org.nsr.export;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each message as one datagram to a collector, paced to at most {@code messagesPerSecond}
 * so a local collector's socket buffer is not overrun (UDP has no back-pressure: what the
 * receiver's buffer cannot hold is dropped there, silently). A send the kernel refuses (the
 * collector's port is closed) is counted and logged once; the export goes on.
 */
public final class UdpMessageOutput implements MessageOutput {
    private static final Logger LOG = LoggerFactory.getLogger(UdpMessageOutput.class);

    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private final long nanosPerMessage;
    private long nextSendNanos;
    private long sent;
    private long bytes;
    private long failed;

    public UdpMessageOutput(InetSocketAddress target, int messagesPerSecond) throws IOException {
        if (messagesPerSecond < 1) {
            throw new IllegalArgumentException("messagesPerSecond " + messagesPerSecond + " must be positive");
        }
        this.target = target;
        this.channel = DatagramChannel.open();
        this.channel.connect(target); // connected: the kernel reports a closed port to us
        this.nanosPerMessage = 1_000_000_000L / messagesPerSecond;
        this.nextSendNanos = System.nanoTime();
    }

    @Override
    public void send(ByteBuffer message) throws IOException {
        long now = System.nanoTime();
        if (now < nextSendNanos) {
            LockSupport.parkNanos(nextSendNanos - now); // pacing, not waiting for a condition
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while pacing UDP export to " + target);
            }
        }
        // a late sender does not burst to catch up by more than 64 messages
        nextSendNanos = Math.max(nextSendNanos, System.nanoTime() - 64 * nanosPerMessage) + nanosPerMessage;
        int len = message.remaining();
        try {
            channel.write(message);
            sent++;
            bytes += len;
        } catch (PortUnreachableException e) {
            failed++;
            if (failed == 1) {
                LOG.warn("UDP export to {}: the collector's port is closed (ICMP port unreachable); further "
                        + "refused messages are counted, not logged", target);
            }
        }
    }

    @Override
    public long failures() {
        return failed;
    }

    @Override
    public String summary() {
        return sent + " datagrams, " + bytes + " bytes sent to " + target.getHostString() + ":" + target.getPort()
                + (failed > 0 ? ", " + failed + " refused (port unreachable)" : "");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
