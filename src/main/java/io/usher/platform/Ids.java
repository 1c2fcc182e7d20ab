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
}
