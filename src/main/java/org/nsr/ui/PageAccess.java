package org.nsr.ui;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nsr.server.BearerToken;
import org.nsr.server.HttpCall;

/**
 * Who may see the dashboard when it has a token: a request with {@code Authorization: Bearer
 * <token>} (scripts, tests), or a browser that has logged in through the form, which gets a random
 * session cookie (HttpOnly, SameSite=Strict). The token itself never goes into a URL or a cookie.
 * At most {@link #MAX_SESSIONS} sessions are kept; the oldest is forgotten first.
 *
 * <p>Thread-safe.
 */
final class PageAccess {
    static final String COOKIE = "nsr_dashboard";
    static final int MAX_SESSIONS = 64;

    private final BearerToken token;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Boolean> sessions = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_SESSIONS;
        }
    });

    /** @param token null for a page open to anyone who can reach it (loopback) */
    PageAccess(String token) {
        this.token = token == null ? null : new BearerToken(token);
    }

    boolean open() {
        return token == null;
    }

    boolean allows(HttpCall call) {
        if (token == null) {
            return true;
        }
        String auth = call.header("Authorization");
        if (auth != null && token.accepts(auth)) {
            return true;
        }
        String session = cookie(call.header("Cookie"));
        return session != null && sessions.containsKey(session);
    }

    /** A new session id when the form's {@code token} field is right, else null. */
    String login(byte[] formBody) {
        String presented = formField(new String(formBody, StandardCharsets.UTF_8), "token");
        if (token == null || presented == null || !token.accepts("Bearer " + presented)) {
            return null;
        }
        byte[] id = new byte[24];
        random.nextBytes(id);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        sessions.put(session, Boolean.TRUE);
        return session;
    }

    static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
