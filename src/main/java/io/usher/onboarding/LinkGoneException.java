package io.usher.onboarding;

import io.usher.platform.ApiMessages;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;

/**
 * The link is unknown, used, revoked or expired — deliberately one failure for all four, so a
 * link reveals nothing about an address or what became of it.
 */
public class LinkGoneException extends ProblemException {

    public LinkGoneException() {
        super(ProblemType.NOT_FOUND, "link-gone", ApiMessages::problem_link_gone);
    }
}
