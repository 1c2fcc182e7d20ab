package io.usher.onboarding;

import java.util.Optional;
import java.util.UUID;

/** A live password-reset link and what its page needs. */
public record ResetFacts(
        byte[] tokenHash,
        UUID accountId,
        UUID profileId,
        String email,
        Optional<String> subject,
        String language,
        String accountName) {}
