package org.nsr.csv;

/**
 * Tells whether a cell is an ISO-8601 date and time: {@code 2024-01-15T10:30:00}, with a space
 * instead of the T, an optional fraction and an optional {@code Z} or {@code ±hh:mm} offset.
 * Corrupted values ({@code 2024-13-45 25:99:99}, {@code INVALID_TIME}, {@code 0000-00-00 00:00:00})
 * are not times. Checked by hand, field by field with their ranges: it runs for every row, and
 * java.time's parser (with an exception per bad value) cost more than reading the row. Stateless.
 */
public final class RowTime {
    private RowTime() {
    }

    /** True when {@code text} is a valid ISO-8601 date and time. */
    public static boolean isTime(String text) {
        if (text == null) {
            return false;
        }
        String t = text.trim();
        if (t.length() < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != ' ')
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return false;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int i = 19;
        if (i < t.length() && t.charAt(i) == '.') {
            int start = ++i;
            while (i < t.length() && Character.isDigit(t.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 9) {
                return false;
            }
        }
        if (i == t.length()) {
            return true;
        }
        char z = t.charAt(i);
        if (z == 'Z') {
            return i + 1 == t.length();
        }
        if ((z == '+' || z == '-') && t.length() == i + 6 && t.charAt(i + 3) == ':') {
            int oh = digits(t, i + 1, 2);
            int om = digits(t, i + 4, 2);
            return oh >= 0 && oh <= 18 && om >= 0 && om <= 59;
        }
        return false;
    }

    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
