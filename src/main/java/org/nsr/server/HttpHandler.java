package org.nsr.server;

/**
 * What a server does with one request: the base has already checked the token and the header
 * size. Runs on one of the server's handler threads and may block (read the body, wait, stream);
 * the thread is the server's bound on concurrent requests.
 */
@FunctionalInterface
public interface HttpHandler {
    HttpReply handle(HttpCall call) throws Exception;
}
