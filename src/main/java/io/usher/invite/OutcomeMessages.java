package io.usher.invite;

import io.usher.member.MemberWords;
import io.usher.member.Role;
import io.usher.platform.ApiLanguage;
import io.usher.platform.ApiMessages;

/**
 * An outcome's message said from its code, in the reader's language, when it is read: the stored
 * outcome keeps its code, and the text written when it was decided is never what a reader gets.
 *
 * @param language the reader's language ({@link ApiLanguage})
 * @param role the role the batch gives, which a quota message names as a word
 */
public record OutcomeMessages(String language, Role role) {

    public static OutcomeMessages english(Role role) {
        return new OutcomeMessages(ApiLanguage.ENGLISH, role);
    }

    /**
     * @param duplicateOf the line a {@code DUPLICATE} repeats
     */
    public String of(int seq, String email, Outcome outcome, Integer duplicateOf) {
        ApiMessages m = ApiLanguage.messages(language);
        return switch (outcome) {
            case INVITED -> m.outcome_INVITED(email);
            case INVITED_SSO -> m.outcome_INVITED_SSO(email);
            case ADDED_EXISTING_USER -> m.outcome_ADDED_EXISTING_USER(email);
            case ALREADY_MEMBER -> m.outcome_ALREADY_MEMBER(email);
            case QUOTA_REACHED -> m.outcome_QUOTA_REACHED(MemberWords.role(m, role));
            // A line whose record could not be read has no address to show (InvitationDecider.unreadable).
            case INVALID_EMAIL -> email.isEmpty() ? m.outcome_unreadable(seq) : m.outcome_INVALID_EMAIL(email);
            case DUPLICATE -> m.outcome_DUPLICATE(email, duplicateOf == null ? 0 : duplicateOf);
        };
    }

    /**
     * Whether every line of one batch with this outcome reads the same message: a quota message
     * names only the batch's role. A page may then count them all as one entry.
     */
    public static boolean sameOnEveryLine(Outcome outcome) {
        return outcome == Outcome.QUOTA_REACHED;
    }

    public OutcomeView said(OutcomeView view) {
        return new OutcomeView(
                view.seq(),
                view.email(),
                view.outcome(),
                view.severity(),
                of(view.seq(), view.email(), view.outcome(), view.duplicateOf()),
                view.delivery(),
                view.duplicateOf());
    }
}
