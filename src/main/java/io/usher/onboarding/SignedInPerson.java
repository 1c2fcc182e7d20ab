package io.usher.onboarding;

import io.usher.platform.CallerProfile;
import java.util.Optional;

/**
 * Who a token or a sign-in session says the person is: the address it names them by, the profile
 * it reaches ({@link CallerProfile}), and the names activation may take from it.
 */
public record SignedInPerson(
        String email, CallerProfile profile, Optional<String> givenName, Optional<String> familyName) {}
