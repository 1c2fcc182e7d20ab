package io.usher.console;

import io.usher.invite.Outcome;
import io.usher.invite.OutcomeMessages;
import io.usher.invite.OutcomeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's messages as a page shows them: lines whose outcome and message are the same are one
 * entry with their count and first few lines, so that 1,903 quota lines read as one "× 1,903"
 * instead of a screenful of one sentence. The page's script does the same with what its stream
 * brings (console.js, {@code addLine}).
 *
 * <p>Only the messages the page read are grouped (a bounded window of the latest), except an
 * outcome said the same on every line of a batch ({@link OutcomeMessages#sameOnEveryLine}): its
 * group counts every such line of the batch, from the batch's own counts, at no cost.
 *
 * @param items the entries, in the order their first line came
 * @param lines how many lines the entries stand for
 */
public record MessageGroups(List<Group> items, int lines) {

    /** The lines an entry lists by seq and address; the rest it counts. */
    static final int EXAMPLES = 3;

    /**
     * @param key what makes lines one entry: the outcome and its message as the reader reads it
     * @param examples the first {@value #EXAMPLES} lines of the entry among those read
     */
    public record Group(
            String key,
            Outcome outcome,
            Outcome.Severity severity,
            String message,
            int count,
            List<OutcomeView> examples) {

        public OutcomeView first() {
            return examples.get(0);
        }

        /** The lines counted but not listed. */
        public int more() {
            return count - examples.size();
        }
    }

    static MessageGroups of(List<OutcomeView> messages, Map<Outcome, Integer> counts) {
        Map<String, List<OutcomeView>> byKey = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (OutcomeView line : messages) {
            String key = key(line);
            List<OutcomeView> examples = byKey.computeIfAbsent(key, k -> new ArrayList<>());
            if (examples.size() < EXAMPLES) {
                examples.add(line);
            }
            sizes.merge(key, 1, Integer::sum);
        }
        List<Group> items = new ArrayList<>(byKey.size());
        int lines = 0;
        for (Map.Entry<String, List<OutcomeView>> entry : byKey.entrySet()) {
            OutcomeView first = entry.getValue().get(0);
            int count = sizes.get(entry.getKey());
            if (OutcomeMessages.sameOnEveryLine(first.outcome())) {
                count = Math.max(count, counts.getOrDefault(first.outcome(), 0));
            }
            lines += count;
            items.add(new Group(
                    entry.getKey(),
                    first.outcome(),
                    first.severity(),
                    first.message(),
                    count,
                    List.copyOf(entry.getValue())));
        }
        return new MessageGroups(List.copyOf(items), lines);
    }

    /** The same in the page's script: the outcome's code and its message, as the reader reads it. */
    static String key(OutcomeView line) {
        return line.outcome().name() + "|" + line.message();
    }
}
