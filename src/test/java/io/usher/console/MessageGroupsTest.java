package io.usher.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.usher.invite.Outcome;
import io.usher.invite.OutcomeView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageGroupsTest {

    private static OutcomeView line(int seq, String email, Outcome outcome, String message) {
        return new OutcomeView(seq, email, outcome, outcome.severity(), message, null, null);
    }

    @Test
    void linesOfTheSameOutcomeAndMessageAreOneEntryInTheOrderTheyFirstCame() {
        MessageGroups groups = MessageGroups.of(
                List.of(
                        line(1, "a", Outcome.INVALID_EMAIL, "\"a\" is not valid"),
                        line(2, "b", Outcome.DUPLICATE, "b is a duplicate of line 1"),
                        line(3, "b", Outcome.DUPLICATE, "b is a duplicate of line 1"),
                        line(4, "c", Outcome.DUPLICATE, "c is a duplicate of line 2"),
                        line(5, "d", Outcome.INVALID_EMAIL, "\"d\" is not valid")),
                Map.of());
        assertEquals(4, groups.items().size());
        assertEquals(2, groups.items().get(1).count());
        assertEquals(
                List.of(2, 3),
                groups.items().get(1).examples().stream().map(OutcomeView::seq).toList());
        assertEquals(5, groups.lines());
    }

    @Test
    void aQuotaEntryCountsEveryQuotaLineOfTheBatchAndListsItsFirstThree() {
        MessageGroups groups = MessageGroups.of(
                List.of(
                        line(7, "e", Outcome.QUOTA_REACHED, "limit"),
                        line(8, "f", Outcome.QUOTA_REACHED, "limit"),
                        line(9, "g", Outcome.QUOTA_REACHED, "limit"),
                        line(10, "h", Outcome.QUOTA_REACHED, "limit")),
                Map.of(Outcome.QUOTA_REACHED, 1_903));
        assertEquals(1, groups.items().size());
        assertEquals(1_903, groups.items().get(0).count());
        assertEquals(3, groups.items().get(0).examples().size());
        assertEquals(1_900, groups.items().get(0).more());
        assertEquals(1_903, groups.lines());
    }
}
