package io.usher.invite;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * A batch's report as CSV ({@code seq,email,outcome,severity,message}), streamed page by page
 * from storage, so a report of a million lines never sits in memory. Fields are escaped against
 * formula injection ({@link Csv}).
 */
@ApplicationScoped
public class BatchReport {

    static final int PAGE = 2_000;
    public static final String HEADER = "seq,email,outcome,severity,message\r\n";

    private final Outcomes outcomes;

    public BatchReport(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    public Multi<String> csv(UUID accountId, UUID batchId) {
        return Multi.createFrom().item(HEADER).onCompletion().switchTo(rows(accountId, batchId));
    }

    private Multi<String> rows(UUID accountId, UUID batchId) {
        int[] after = {0};
        return Multi.createBy()
                .repeating()
                .uni(() -> outcomes.after(accountId, batchId, after[0], PAGE))
                .whilst(page -> page.size() == PAGE)
                .map(page -> {
                    StringBuilder chunk = new StringBuilder(page.size() * 64);
                    for (OutcomeView o : page) {
                        chunk.append(o.seq())
                                .append(',')
                                .append(Csv.field(o.email()))
                                .append(',')
                                .append(o.outcome())
                                .append(',')
                                .append(o.severity())
                                .append(',')
                                .append(Csv.field(o.message()))
                                .append("\r\n");
                        after[0] = o.seq();
                    }
                    return chunk.toString();
                })
                .select()
                .where(chunk -> !chunk.isEmpty());
    }
}
