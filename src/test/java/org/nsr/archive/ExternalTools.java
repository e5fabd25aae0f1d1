package org.nsr.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks our outputs with the tools users open them with: Info-ZIP's unzip, Python's zipfile,
 * nfdump, tcpdump and tshark. A missing tool fails the test under CI ({@code CI=true}, where
 * .ci/run installs it) and skips it elsewhere with a message naming the Debian package.
 */
public final class ExternalTools {
    private ExternalTools() {
    }

    /** Fails under CI, skips otherwise, when {@code tool} (from Debian package {@code debianPackage}) is missing. */
    public static void requireTool(String tool, String debianPackage) {
        if (onPath(tool)) {
            return;
        }
        String message = tool + " is not installed (Debian package " + debianPackage + "; .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (new java.io.File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    public static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish");
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    public static void assertUnzipTestPasses(Path zip) throws Exception {
        requireTool("unzip", "unzip");
        run("unzip", "-t", zip.toString());
    }

    private static long expectedLength(Path zip, String entry) throws IOException {
        try (java.util.zip.ZipFile zf = new java.util.zip.ZipFile(zip.toFile())) {
            return zf.getEntry(entry).getSize();
        }
    }

    public static void assertPythonZipfileReads(Path zip, String entry) throws Exception {
        requireTool("python3", "python3");
        String out = run("python3", "-c",
                "import sys, zipfile\n"
                        + "z = zipfile.ZipFile(sys.argv[1])\n"
                        + "assert z.testzip() is None\n"
                        + "assert z.namelist() == [sys.argv[2]], z.namelist()\n"
                        + "print(len(z.read(sys.argv[2])))",
                zip.toString(), entry);
        assertEquals(String.valueOf(java.nio.file.Files.size(zip) > 0 ? expectedLength(zip, entry) : -1), out.trim());
    }
}
