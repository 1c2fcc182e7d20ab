package io.usher.invite;

import io.usher.mail.MailKind;
import io.usher.member.MembershipStatus;
import io.usher.member.ProfileStatus;
import io.usher.member.Role;
import java.util.Optional;

/**
 * The decision for one address of a bulk invitation (RULES.md, steps 1–6), with no I/O: given the
 * line and what the account and platform already hold, the outcome and its effects. Each decision
 * updates the snapshot, so the lines of a list are decided in order, each seeing the earlier ones.
 */
public final class InvitationDecider {

    /** The longest line kept, as written, in an {@code INVALID_EMAIL} outcome. */
    static final int MAX_ECHOED = 320;

    private InvitationDecider() {}

    public static Decision decide(int seq, String line, Role role, AccountSnapshot snapshot) {
        Optional<String> canonical = EmailAddresses.canonical(line);
        if (canonical.isEmpty()) {
            String echoed = echo(line);
            return new Decision(
                    seq,
                    echoed,
                    Outcome.INVALID_EMAIL,
                    "\"" + echoed + "\" is not a valid email address",
                    false,
                    null,
                    null,
                    null,
                    null);
        }
        String email = canonical.get();
        // Before anything else: a repeated address was decided at its first line, whatever became of it.
        Integer first = snapshot.earlierLine(email, seq);
        if (first != null) {
            return new Decision(
                    seq,
                    email,
                    Outcome.DUPLICATE,
                    email + " is a duplicate of line " + first,
                    false,
                    null,
                    null,
                    null,
                    first);
        }
        if (snapshot.isMember(email)) {
            return unchanged(seq, email, Outcome.ALREADY_MEMBER, "a user with email " + email + " already exists");
        }
        if (!snapshot.hasSeat(role)) {
            return unchanged(
                    seq,
                    email,
                    Outcome.QUOTA_REACHED,
                    "you have reached the user limit for role " + role + " on your account");
        }
        Optional<ProfileStatus> existing = snapshot.profile(email);
        if (existing.isPresent()) {
            MembershipStatus status =
                    existing.get() == ProfileStatus.ACTIVE ? MembershipStatus.ACTIVE : MembershipStatus.PENDING;
            snapshot.seat(email, role, existing.get());
            return new Decision(
                    seq,
                    email,
                    Outcome.ADDED_EXISTING_USER,
                    "the existing user " + email + " was added to the account",
                    false,
                    status,
                    MailKind.ADDED_TO_ACCOUNT,
                    null,
                    null);
        }
        snapshot.seat(email, role, ProfileStatus.IN_PROGRESS);
        Optional<String> identityProvider = snapshot.identityProviderOf(EmailAddresses.domainOf(email));
        if (identityProvider.isPresent()) {
            return new Decision(
                    seq,
                    email,
                    Outcome.INVITED_SSO,
                    email + " was invited to sign in with their company's identity provider",
                    true,
                    MembershipStatus.PENDING,
                    MailKind.INVITATION_SSO,
                    identityProvider.get(),
                    null);
        }
        return new Decision(
                seq,
                email,
                Outcome.INVITED,
                email + " was invited",
                true,
                MembershipStatus.PENDING,
                MailKind.INVITATION_PASSWORD,
                null,
                null);
    }

    /**
     * A line whose record could not be read on its way to the workers (it was set aside on the
     * dead-letter topic): it is reported as not invited, like an invalid line, and changes nothing.
     */
    public static Decision unreadable(int seq) {
        return unchanged(
                seq,
                "",
                Outcome.INVALID_EMAIL,
                "line " + seq + " could not be read on its way to the workers and was not invited;"
                        + " it was set aside for the platform's operators");
    }

    private static Decision unchanged(int seq, String email, Outcome outcome, String message) {
        return new Decision(seq, email, outcome, message, false, null, null, null, null);
    }

    /** The line as the report shows it: trimmed, controls made visible, and not unbounded. */
    static String echo(String line) {
        String trimmed = line == null ? "" : line.strip();
        StringBuilder shown = new StringBuilder(Math.min(trimmed.length(), MAX_ECHOED + 1));
        for (int i = 0; i < trimmed.length() && shown.length() < MAX_ECHOED; i++) {
            char c = trimmed.charAt(i);
            shown.append(Character.isISOControl(c) ? '\uFFFD' : c);
        }
        if (trimmed.length() > MAX_ECHOED) {
            shown.append('…');
        }
        return shown.toString();
    }
}
