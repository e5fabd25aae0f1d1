package org.nsr.source.http;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderDefaults;
import org.nsr.source.SourceSpec;
import org.nsr.source.SourceType;

/**
 * {@code type: http}: polls a JSON endpoint with GET. Keys of a source entry:
 *
 * <pre>
 * - name: flowinfo                 # required; file names and metrics carry it
 *   type: http
 *   url: http://host:8000/ndt/x    # absolute URL, or instead:
 *   path: /ndt/get_detected_flow_data   # relative to Recorder.data.ndtwin_kernel
 *   interval: 1s                   # default Recorder.data.request_interval; bare numbers are seconds
 *   jitter: 0s                     # random delay in [0, jitter) added to each tick; below interval
 *   connect_timeout: 5s            # default 5s
 *   read_timeout: 10s              # default 10s; one wait for bytes
 *   call_timeout: 30s              # default 30s; the whole call, so a poll in flight at stop ends in time
 *   max_body_bytes: 64MiB          # default 64MiB; larger bodies are refused as too_large
 *   headers: {Accept: application/json}
 *   wrap: field                    # field: {"timestamp":ms,"&lt;field&gt;":body}; merge: {"timestamp":ms,...body object's fields}
 *   field: flowinfo                # wrapper key for wrap: field; default the source name
 *   record_errors: false           # true: a failed poll writes {"timestamp":ms,"error":{"kind","message","status"}}
 * </pre>
 */
public final class HttpSourceType implements SourceType {
    public static final String TYPE = "http";

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;
    /** A JSON line is held in one byte array, so a body must fit in one with room for the wrapper. */
    static final long MAX_MAX_BODY_BYTES = Integer.MAX_VALUE - 1024;

    private static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    /** Default source names and endpoints, as the original recorder wrote them. */
    public static final String FLOWINFO = org.nsr.record.codec.LineKeys.FLOWINFO;
    public static final String GRAPHINFO = "graphinfo";
    public static final String FLOW_PATH = "/ndt/get_detected_flow_data";
    public static final String GRAPH_PATH = "/ndt/get_graph_data";

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public SourceSpec parse(String name, ConfigNode node, RecorderDefaults defaults) throws ConfigException {
        String url = node.string("url", null);
        String path = node.string("path", null);
        String resolved;
        if (url != null && path != null) {
            throw new ConfigException(node.pathOf("url") + ": both url and path are set; expected one of them");
        } else if (url != null) {
            resolved = checkUrl(node.pathOf("url"), url);
        } else if (path != null) {
            resolved = resolve(node.pathOf("path"), defaults, path);
        } else {
            throw new ConfigException(node.pathOf("url") + ": missing; expected url (absolute) or path "
                    + "(relative to Recorder.data.ndtwin_kernel)");
        }
        Duration interval = node.duration("interval", defaults.requestInterval(), ChronoUnit.SECONDS,
                MIN_INTERVAL, MAX_INTERVAL);
        if (interval == null) {
            throw new ConfigException(node.pathOf("interval") + ": missing and Recorder.data.request_interval "
                    + "is not set; expected a duration such as \"1s\"");
        }
        Duration jitter = node.duration("jitter", Duration.ZERO, ChronoUnit.SECONDS, Duration.ZERO, MAX_INTERVAL);
        if (jitter.compareTo(interval) >= 0) {
            throw new ConfigException(node.pathOf("jitter") + ": '" + node.raw("jitter")
                    + "' is not below the interval " + interval.toMillis() + "ms; expected a smaller duration");
        }
        Duration connect = node.duration("connect_timeout", DEFAULT_CONNECT_TIMEOUT, ChronoUnit.SECONDS,
                MIN_TIMEOUT, MAX_TIMEOUT);
        Duration read = node.duration("read_timeout", DEFAULT_READ_TIMEOUT, ChronoUnit.SECONDS, MIN_TIMEOUT, MAX_TIMEOUT);
        Duration call = node.duration("call_timeout", DEFAULT_CALL_TIMEOUT, ChronoUnit.SECONDS, MIN_TIMEOUT, MAX_TIMEOUT);
        long maxBody = node.byteSize("max_body_bytes", DEFAULT_MAX_BODY_BYTES, 2, MAX_MAX_BODY_BYTES);
        Map<String, String> headers = node.stringMap("headers");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!h.getKey().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || h.getValue().chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw new ConfigException(node.pathOf("headers") + "." + h.getKey() + ": '" + h.getValue()
                        + "' is not a valid HTTP header; expected a token name and a single-line value");
            }
        }
        String wrapName = node.oneOf("wrap", BodyWrap.FIELD.configName(), BodyWrap.FIELD.configName(),
                BodyWrap.MERGE.configName());
        BodyWrap wrap = BodyWrap.valueOf(wrapName.toUpperCase(java.util.Locale.ROOT));
        String field = node.string("field", name);
        if (field.isEmpty() || field.equals("timestamp")) {
            throw new ConfigException(node.pathOf("field") + ": '" + field
                    + "' cannot hold the body; expected a non-empty name other than timestamp");
        }
        if (wrap == BodyWrap.MERGE && node.has("field")) {
            throw new ConfigException(node.pathOf("field") + ": '" + field
                    + "' has no effect with wrap: merge; expected wrap: field or no field key");
        }
        boolean recordErrors = node.bool("record_errors", false);
        node.rejectUnknownKeys();
        return new HttpSourceSpec(name, resolved, interval, jitter, connect, read, call, maxBody, headers, wrap,
                field, recordErrors);
    }

    /**
     * The two sources a config without {@code sources:} records, as the original recorder did:
     * {@code flowinfo} (GET {@value #FLOW_PATH}, wrapped under "flowinfo") and {@code graphinfo}
     * (GET {@value #GRAPH_PATH}, object fields merged), both every {@code request_interval}.
     */
    public static List<SourceSpec> defaultSources(RecorderDefaults defaults) throws ConfigException {
        if (defaults.requestInterval() == null) {
            throw new ConfigException("Recorder.data.request_interval: missing; expected a duration such as \"1s\"");
        }
        String flowUrl = resolve("Recorder.data.ndtwin_kernel", defaults, FLOW_PATH);
        String graphUrl = resolve("Recorder.data.ndtwin_kernel", defaults, GRAPH_PATH);
        return List.of(
                defaultSpec(FLOWINFO, flowUrl, defaults.requestInterval(), BodyWrap.FIELD),
                defaultSpec(GRAPHINFO, graphUrl, defaults.requestInterval(), BodyWrap.MERGE));
    }

    private static HttpSourceSpec defaultSpec(String name, String url, Duration interval, BodyWrap wrap) {
        return new HttpSourceSpec(name, url, interval, Duration.ZERO, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
                DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_BODY_BYTES, Map.of(), wrap, name, false);
    }

    private static String resolve(String keyPath, RecorderDefaults defaults, String path) throws ConfigException {
        String base = defaults.ndtwinKernel();
        if (base == null || base.isBlank()) {
            throw new ConfigException(keyPath + ": '" + path + "' needs Recorder.data.ndtwin_kernel, which is not set; "
                    + "expected ndtwin_kernel: http://host:port or an absolute url");
        }
        String joined = base.replaceAll("/+$", "") + (path.startsWith("/") ? path : "/" + path);
        return checkUrl(keyPath.equals("Recorder.data.ndtwin_kernel") ? keyPath : keyPath + " (with ndtwin_kernel "
                + base + ")", joined);
    }

    private static String checkUrl(String keyPath, String url) throws ConfigException {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed != null && !hasHost(url)) {
            // OkHttp's parser is lenient: it reads "http:///x" as host x. A URL must name its host.
            throw new ConfigException(keyPath + ": '" + url + "' has no host; expected e.g. "
                    + "http://127.0.0.1:8000/ndt/get_graph_data");
        }
        if (parsed == null) {
            throw new ConfigException(keyPath + ": '" + url + "' is not an http(s) URL; expected e.g. "
                    + "http://127.0.0.1:8000/ndt/get_graph_data");
        }
        return parsed.toString();
    }

    /** "scheme://" then at least one character of authority, as RFC 3986 writes it ("http:/x" has none). */
    private static boolean hasHost(String url) {
        return AUTHORITY.matcher(url.strip()).lookingAt();
    }

    private static final java.util.regex.Pattern AUTHORITY =
            java.util.regex.Pattern.compile("(?i)https?://[^/?#\\s]+");
}
