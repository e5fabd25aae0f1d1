package org.nsr.filter;

/** Which end of a flow a primitive looks at: {@code src}, {@code dst}, or either (no qualifier). */
public enum Side {
    SRC, DST, EITHER
}
