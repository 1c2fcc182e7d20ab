package io.usher.identity;

import io.usher.platform.ApiMessages;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;

/** The identity provider could not be reached, or failed, within the time allowed: a 503. */
public class IdentityProviderUnavailableException extends ProblemException {

    public IdentityProviderUnavailableException(String what, Throwable cause) {
        super(ProblemType.UNAVAILABLE, "identity-provider-unavailable", ApiMessages::problem_identity_provider, cause);
        this.what = what;
    }

    private final String what;

    /** What Usher was asking the provider to do. */
    public String what() {
        return what;
    }
}
