package org.nsr.testing;

/**
 * A real single-node KRaft broker as a process, for the bench scripts: prints
 * {@code bootstrap HOST:PORT} on stdout once ready and runs until its stdin closes.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            System.out.println("bootstrap " + broker.bootstrap());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until stdin closes
            }
        }
    }
}
