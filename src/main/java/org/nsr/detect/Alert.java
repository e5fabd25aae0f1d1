package org.nsr.detect;

/**
 * One alert: which rule fired, on which key (an IP or an IP pair), over which window, the metric
 * that crossed the threshold, and the first and last record times it covers (epoch milliseconds).
 */
public record Alert(String rule, String key, String window, double metric, double threshold, long firstMs,
        long lastMs) {
}
