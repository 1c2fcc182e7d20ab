package io.usher.mail;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClaimLeaseTest {

    @Test
    void aLeaseMustBeAtLeastTwiceTheSendTimeout() {
        assertDoesNotThrow(() -> ClaimLease.check(Duration.ofMinutes(2), Duration.ofSeconds(30)));
        assertDoesNotThrow(() -> ClaimLease.check(Duration.ofSeconds(60), Duration.ofSeconds(30)));
        assertThrows(
                IllegalStateException.class, () -> ClaimLease.check(Duration.ofSeconds(59), Duration.ofSeconds(30)));
        assertThrows(IllegalStateException.class, () -> ClaimLease.check(Duration.ofMinutes(2), Duration.ZERO));
    }

    @Test
    void aSendStartsOnlyWithTimeForTheSendAndItsResultLeft() {
        assertEquals(Duration.ofSeconds(45), ClaimLease.neededFor(Duration.ofSeconds(30)));
    }
}
