package io.usher.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.usher.platform.ProblemException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditFilterTest {

    @Test
    void blankFiltersFilterNothing() {
        assertEquals(AuditFilter.NONE, AuditFilter.parse(null, " ", "", null));
    }

    @Test
    void aPeriodOfDatesHoldsBothWholeUtcDays() {
        AuditFilter filter = AuditFilter.parse(null, null, "2026-11-01", "2026-11-30");
        assertEquals(Optional.of(Instant.parse("2026-11-01T00:00:00Z")), filter.from());
        assertEquals(Optional.of(Instant.parse("2026-12-01T00:00:00Z")), filter.to(), "the end is exclusive");
        assertEquals(
                Optional.of(Instant.parse("2026-11-30T08:00:00Z")),
                AuditFilter.parse(null, null, "2026-11-30T08:00:00Z", null).from());
    }

    @Test
    void aPeriodThatEndsBeforeItStartsOrFiltersThatCannotBeReadAreRefused() {
        for (String[] wrong : new String[][] {
            {null, null, "2026-13-45", null},
            {null, null, null, "yesterday"},
            {null, null, "2026-11-30", "2026-11-01"},
            {null, null, "99999-01-01", null},
            {null, null, "0001-01-01", null},
            {null, "DROP TABLE", null, null},
            {null, "member.", null, null},
            {"a".repeat(255), null, null, null},
            {"a\u0000b", null, null, null}
        }) {
            assertThrows(
                    ProblemException.class,
                    () -> AuditFilter.parse(wrong[0], wrong[1], wrong[2], wrong[3]),
                    String.join(
                            ",",
                            String.valueOf(wrong[0]).length() > 20 ? "long" : wrong[0],
                            wrong[1],
                            wrong[2],
                            wrong[3]));
        }
    }

    @Test
    void anActorIsMatchedAsTypedItsWildcardsIncluded() {
        assertEquals(
                Optional.of("%100\\%\\_x\\\\%"),
                AuditFilter.parse("100%_x\\", null, null, null).actorPattern());
    }

    @Test
    void everyActionHasACodeThatLeadsBackToIt() {
        for (AuditAction action : AuditAction.values()) {
            assertEquals(Optional.of(action), AuditAction.of(action.code()));
            assertTrue(
                    AuditFilter.parse(null, action.code(), null, null).action().isPresent());
        }
        assertEquals("member.password-reset-requested", AuditAction.MEMBER_PASSWORD_RESET_REQUESTED.code());
        assertEquals("team.created", AuditAction.TEAM_CREATED.code());
    }
}
