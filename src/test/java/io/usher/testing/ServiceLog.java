package io.usher.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The service's own log as a collector reads it: the test profile writes JSON lines to {@code
 * target/usher-test-log.json}. A test notes where the log ends, acts, then reads what was written since.
 */
public final class ServiceLog {

    private static final Path LOG = Path.of("target/usher-test-log.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceLog() {}

    /** Where the log ends now. */
    public static long end() throws IOException {
        return Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    public static String message(JsonNode line) {
        return line.path("message").asText();
    }

    /** The lines written since {@code start}, once they satisfy {@code until} or the time is up. */
    public static List<JsonNode> await(long start, Predicate<List<JsonNode>> until, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<JsonNode> lines = since(start);
            if (until.test(lines) || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(200);
        }
    }

    public static List<JsonNode> since(long start) throws IOException {
        byte[] bytes;
        try (RandomAccessFile file = new RandomAccessFile(LOG.toFile(), "r")) {
            file.seek(start);
            bytes = new byte[(int) (file.length() - start)];
            file.readFully(bytes);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
