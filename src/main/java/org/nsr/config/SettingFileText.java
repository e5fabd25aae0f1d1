package org.nsr.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a setting file's text, refusing before any parsing what cannot be one: a file over
 * {@link #MAX_BYTES}, binary content, or bytes that are not UTF-8. Every message names the file,
 * what is wrong and where (byte offset, line and column).
 */
final class SettingFileText {
    /**
     * 1 MiB. The original's file is a few hundred bytes and a hundred sources take about 20 KB, so
     * this is far above any real setting file, and it keeps a wrong file (a recording, a log) from
     * taking seconds and hundreds of MB to be refused.
     */
    static final int MAX_BYTES = 1 << 20;

    private SettingFileText() {
    }

    static String read(Path file) throws ConfigException {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException("--config: '" + file + "' is a directory; expected a YAML setting file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw tooLarge(file, size);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1); // bounded even if the file grows or is not a regular file
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config: file '" + file + "' does not exist; expected a YAML setting file");
        } catch (IOException e) {
            throw new ConfigException("--config: file '" + file + "' cannot be read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(file, bytes.length);
        }
        return decode(file, bytes);
    }

    private static ConfigException tooLarge(Path file, long size) {
        return new ConfigException("--config: file '" + file + "' is " + size + " bytes; expected a setting file of "
                + "at most " + MAX_BYTES + " bytes (1 MiB)");
    }

    static String decode(Path file, byte[] bytes) throws ConfigException {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new ConfigException("--config: file '" + file + "' looks binary: a NUL byte at " + where(bytes, i)
                        + "; expected a YAML setting file (text)");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        try {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                int at = in.position();
                throw new ConfigException("--config: file '" + file + "' is not UTF-8 text: byte 0x"
                        + String.format("%02x", bytes[at] & 0xff) + " at " + where(bytes, at)
                        + " is not valid UTF-8; expected a YAML setting file in UTF-8");
            }
            result = decoder.flush(out);
            if (result.isError()) {
                result.throwException();
            }
        } catch (CharacterCodingException e) {
            throw new ConfigException("--config: file '" + file + "' is not UTF-8 text (" + e + "); expected UTF-8");
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text; // a BOM some editors write
    }

    /** "byte offset N (line L, column C)", columns in bytes, both 1-based. */
    private static String where(byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "byte offset " + offset + " (line " + line + ", column " + (offset - lineStart + 1) + ")";
    }
}
