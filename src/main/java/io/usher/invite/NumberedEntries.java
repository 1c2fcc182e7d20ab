package io.usher.invite;

import java.util.function.Consumer;

/**
 * Numbers the non-blank entries of a request from 1 (their {@code seq}) and hands each on, cut to
 * a length that still shows an invalid line but never carries megabytes into a Kafka record.
 */
public final class NumberedEntries implements Consumer<CharSequence> {

    /** Entries are kept up to this many characters. */
    public static final int MAX_ENTRY_LENGTH = 1_000;

    private final Sink sink;
    private int count;

    public NumberedEntries(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void accept(CharSequence entry) {
        String kept = entry.length() > MAX_ENTRY_LENGTH
                ? entry.subSequence(0, MAX_ENTRY_LENGTH).toString()
                : entry.toString();
        if (kept.isBlank()) {
            return;
        }
        count++;
        sink.accept(count, kept);
    }

    /** The non-blank entries so far: the batch's total once the body is read. */
    public int count() {
        return count;
    }

    /** Receives each entry with its 1-based position among the non-blank ones. */
    @FunctionalInterface
    public interface Sink {
        void accept(int seq, String entry);
    }
}
