package io.usher.onboarding;

import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;

/**
 * The link is unknown, used, revoked or expired — deliberately one failure for all four, so a
 * link reveals nothing about an address or what became of it.
 */
public class LinkGoneException extends ProblemException {

    public LinkGoneException() {
        super(
                ProblemType.NOT_FOUND,
                "This link is not valid: it may have expired or been used already. Ask an administrator of"
                        + " your account to send a new one.");
    }
}
