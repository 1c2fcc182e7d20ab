package io.usher.invite;

import io.usher.mail.MailKind;
import io.usher.member.MembershipStatus;

/**
 * The verdict on one address and what it changes: a profile to create, a membership to add, an
 * email to send. A verdict that changes nothing has no membership and no mail.
 *
 * @param email the canonical address, or the line as written (trimmed) when it is not valid
 * @param createProfile whether a new profile ({@code IN_PROGRESS}) is created
 * @param membershipStatus the new membership's status, or null when none is added
 * @param mail the email to send, or null
 * @param identityProvider the SSO identity provider's alias, for {@link Outcome#INVITED_SSO}
 * @param duplicateOf the line this one repeats, for {@link Outcome#DUPLICATE}; else null
 */
public record Decision(
        int seq,
        String email,
        Outcome outcome,
        String message,
        boolean createProfile,
        MembershipStatus membershipStatus,
        MailKind mail,
        String identityProvider,
        Integer duplicateOf) {

    public boolean changesAnything() {
        return membershipStatus != null;
    }
}
