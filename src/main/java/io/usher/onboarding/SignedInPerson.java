package io.usher.onboarding;

import java.util.Optional;

/** Who a token or a sign-in session says the person is: what activation reads of it. */
public record SignedInPerson(String email, String subject, Optional<String> givenName, Optional<String> familyName) {}
