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
                "wrong-link-kind",
                kind == LinkKind.PASSWORD
                        ? m -> m.problem_link_kind_password(kind.name())
                        : m -> m.problem_link_kind_sign_in(kind.name()));
        this.kind = kind;
    }

    public LinkKind kind() {
        return kind;
    }
}
