package org.nsr.server;

import java.io.IOException;

/**
 * A server could not bind its address. When the address is one of this machine's, the cause is
 * passing (the port is taken): callers exit 1 so a service manager retries. When it is not, the
 * setting is wrong: callers report a bad setting (exit 2).
 */
public final class ListenException extends IOException {
    private final boolean addressIsLocal;

    ListenException(String message, boolean addressIsLocal, Throwable cause) {
        super(message, cause);
        this.addressIsLocal = addressIsLocal;
    }

    /** True when the address belongs to this machine, so only the port was the problem. */
    public boolean addressIsLocal() {
        return addressIsLocal;
    }
}
