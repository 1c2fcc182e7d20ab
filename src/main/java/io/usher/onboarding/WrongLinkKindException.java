package io.usher.onboarding;

import io.usher.invite.LinkKind;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;

/** The link is live but asks for something else (a password sent to an SSO link, say): a 409. */
public class WrongLinkKindException extends ProblemException {

    private final LinkKind kind;

    public WrongLinkKindException(LinkKind kind) {
        super(
                ProblemType.CONFLICT,
                "This invitation is of kind " + kind + ": "
                        + (kind == LinkKind.PASSWORD
                                ? "it is accepted with the person's names and password"
                                : "it is accepted by signing in, with no body"));
        this.kind = kind;
    }

    public LinkKind kind() {
        return kind;
    }
}
