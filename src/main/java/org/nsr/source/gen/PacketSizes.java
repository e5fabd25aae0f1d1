package org.nsr.source.gen;

/**
 * flowgen's {@code packets} section: each flow draws its typical packet length between
 * {@code minSize} and {@code maxSize}, most often near {@code averageSize}.
 */
public record PacketSizes(int minSize, int maxSize, int averageSize) {
}
