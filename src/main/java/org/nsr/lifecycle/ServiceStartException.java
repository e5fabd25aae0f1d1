package org.nsr.lifecycle;

/** A service failed to start; the cause is its failure. The services started before it were stopped. */
public final class ServiceStartException extends IllegalStateException {
    private final String service;

    public ServiceStartException(String service, Throwable cause) {
        super(service + " failed to start: " + cause, cause);
        this.service = service;
    }

    /** The name of the service that failed. */
    public String service() {
        return service;
    }
}
