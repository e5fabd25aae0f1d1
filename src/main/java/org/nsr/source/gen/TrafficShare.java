package org.nsr.source.gen;

/** One entry of {@code traffic_patterns}: a traffic type and its share of all flows in percent. */
public record TrafficShare(TrafficType type, double percentage) {
}
