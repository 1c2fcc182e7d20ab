package io.usher.platform;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * Ids of new rows: UUID version 7, which starts with the time. Random version 4 ids scatter a bulk
 * invitation's rows over every page of every index they are in; time-ordered ids append them, which
 * is what lets a chunk of thousands of rows be written in a few milliseconds per table.
 */
public final class Ids {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {}

    public static UUID next() {
        return GENERATOR.generate();
    }

    /** An id as a client or a record spells it (surrounding blanks ignored), or null if it is none. */
    public static UUID parse(String value) {
        try {
            return value == null ? null : UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
