package io.usher.invite;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A batch's report as CSV ({@code seq,email,outcome,severity,message}), streamed page by page
 * from storage, so a report of a million lines never sits in memory. Written by commons-csv
 * (RFC 4180); fields a spreadsheet would run as formulas are made inert first ({@link Csv}).
 */
@ApplicationScoped
public class BatchReport {

    static final int PAGE = 2_000;
    public static final String HEADER = "seq,email,outcome,severity,message\r\n";

    private final Outcomes outcomes;

    public BatchReport(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    /** The report, its messages said in the reader's language; its outcome column holds the codes. */
    public Multi<String> csv(UUID accountId, UUID batchId, OutcomeMessages say) {
        return Multi.createFrom().item(HEADER).onCompletion().switchTo(rows(accountId, batchId, say));
    }

    private Multi<String> rows(UUID accountId, UUID batchId, OutcomeMessages say) {
        int[] after = {0};
        return Multi.createBy()
                .repeating()
                .uni(() -> outcomes.after(accountId, batchId, after[0], PAGE, say))
                .whilst(page -> page.size() == PAGE)
                .map(page -> {
                    StringBuilder chunk = new StringBuilder(page.size() * 64);
                    try (CSVPrinter printer = new CSVPrinter(chunk, CSVFormat.RFC4180)) {
                        for (OutcomeView o : page) {
                            printer.printRecord(
                                    o.seq(), Csv.inert(o.email()), o.outcome(), o.severity(), Csv.inert(o.message()));
                            after[0] = o.seq();
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e); // a StringBuilder does not fail
                    }
                    return chunk.toString();
                })
                .select()
                .where(chunk -> !chunk.isEmpty());
    }
}
