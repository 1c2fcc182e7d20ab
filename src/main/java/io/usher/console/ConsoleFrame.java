package io.usher.console;

import io.usher.invite.BatchStatus;
import io.usher.invite.Outcome;
import io.usher.member.ProfileStatus;
import io.usher.onboarding.PageFrame;
import io.usher.onboarding.PageMessages;
import java.util.List;
import java.util.UUID;

/**
 * What every console page shows around its content: who is signed in, the accounts they
 * administer (to switch between), the platform pages for platform admins, and the page's language.
 */
public record ConsoleFrame(
        PageFrame page, String email, boolean platformAdmin, List<AccountLink> accounts, AccountLink current) {

    /** An account the person administers. */
    public record AccountLink(UUID id, String name) {}

    /** The console's texts in the page's language (templates reach them as {@code msg:}). */
    public PageMessages msg() {
        return page.msg();
    }

    public String lang() {
        return page.lang();
    }

    /** The form fields' labels in the page's language, for the scripts that show the API's problems. */
    public String fieldLabels() {
        return io.usher.platform.FieldLabels.json(io.usher.platform.ApiLanguage.messages(lang()));
    }

    public String date(java.time.Instant instant) {
        return page.date(instant);
    }

    /** Whether two values read the same (an id from the page's query and an id from storage, say). */
    public boolean same(Object a, Object b) {
        return a != null && b != null && String.valueOf(a).equals(String.valueOf(b));
    }

    /** The count of an outcome in a batch's counts. */
    public int count(java.util.Map<?, Integer> counts, Object outcome) {
        for (java.util.Map.Entry<?, Integer> entry : counts.entrySet()) {
            if (same(entry.getKey(), outcome)) {
                return entry.getValue();
            }
        }
        return 0;
    }

    public String batchStatus(Object status) {
        return switch (BatchStatus.valueOf(String.valueOf(status)).visible()) {
            case RECEIVING, QUEUED -> msg().console_batches_status_QUEUED();
            case PROCESSING -> msg().console_batches_status_PROCESSING();
            case COMPLETED -> msg().console_batches_status_COMPLETED();
        };
    }

    public String dateTime(java.time.Instant instant) {
        return page.dateTime(instant);
    }

    /** The count of a batch's outcomes that are not successes: the lines its messages tell of. */
    public int notSucceeded(java.util.Map<io.usher.invite.Outcome, Integer> counts) {
        return countOf(counts, "info") + countOf(counts, "error");
    }

    /** The name of an order of the user list ({@link io.usher.member.MemberSort}), as the sort choice says it. */
    public String sortName(String order) {
        return switch (order) {
            case "name" -> msg().console_name();
            case "email" -> msg().console_email();
            case "role" -> msg().console_role();
            case "status" -> msg().console_status();
            default -> msg().console_sort_created();
        };
    }

    /** A figure as the page's language writes it (1,903; 1 903). */
    public String number(int value) {
        return java.text.NumberFormat.getIntegerInstance(page.locale()).format(value);
    }

    /** A large count (a team's members) as the page's language writes it. */
    public String figure(long value) {
        return java.text.NumberFormat.getIntegerInstance(page.locale()).format(value);
    }

    /** The count of a batch's outcomes of one severity (success, info, error). */
    public int countOf(java.util.Map<io.usher.invite.Outcome, Integer> counts, String severity) {
        int sum = 0;
        for (java.util.Map.Entry<io.usher.invite.Outcome, Integer> entry : counts.entrySet()) {
            if (entry.getKey().severity().name().equals(severity)) {
                sum += entry.getValue();
            }
        }
        return sum;
    }

    public String notice(Notice notice) {
        return switch (notice) {
            case SAVED -> msg().console_notice_saved();
            case RESENT -> msg().console_notice_resent();
            case REMOVED -> msg().console_notice_removed();
            case DEACTIVATED -> msg().console_notice_deactivated();
            case TEAM_CREATED -> msg().console_notice_teamCreated();
            case TEAM_RENAMED -> msg().console_notice_teamRenamed();
            case TEAM_DELETED -> msg().console_notice_teamDeleted();
            case REACTIVATED -> msg().console_notice_reactivated();
        };
    }

    public String outcome(Object outcome) {
        return switch (Outcome.valueOf(String.valueOf(outcome))) {
            case INVITED -> msg().console_outcome_INVITED();
            case INVITED_SSO -> msg().console_outcome_INVITED_SSO();
            case ADDED_EXISTING_USER -> msg().console_outcome_ADDED_EXISTING_USER();
            case ALREADY_MEMBER -> msg().console_outcome_ALREADY_MEMBER();
            case QUOTA_REACHED -> msg().console_outcome_QUOTA_REACHED();
            case INVALID_EMAIL -> msg().console_outcome_INVALID_EMAIL();
            case DUPLICATE -> msg().console_outcome_DUPLICATE();
        };
    }

    public String role(Object role) {
        return page.role(String.valueOf(role));
    }

    public String status(Object status) {
        return page.status(String.valueOf(status));
    }

    public String profileStatus(Object status) {
        return switch (ProfileStatus.valueOf(String.valueOf(status))) {
            case IN_PROGRESS -> msg().console_profileStatus_IN_PROGRESS();
            case ACTIVE -> msg().console_profileStatus_ACTIVE();
            case DEACTIVATED -> msg().console_profileStatus_DEACTIVATED();
        };
    }

    /** The CSS class of a status badge. */
    public String badge(Object status) {
        return String.valueOf(status).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public List<String> statuses() {
        return java.util.Arrays.stream(io.usher.member.MembershipStatus.values())
                .map(Enum::name)
                .toList();
    }

    /** The statuses a member's form offers: theirs, and only those an administrator may set from it. */
    public List<String> statusChoices(Object current) {
        return io.usher.member.StatusTransitions.choices(
                        io.usher.member.MembershipStatus.valueOf(String.valueOf(current)))
                .stream()
                .map(Enum::name)
                .toList();
    }

    public List<String> profileStatuses() {
        return java.util.Arrays.stream(io.usher.member.ProfileStatus.values())
                .map(Enum::name)
                .toList();
    }

    public List<String> roles() {
        return java.util.Arrays.stream(io.usher.member.Role.values())
                .map(Enum::name)
                .toList();
    }

    /** Which of the account's pages this is (users, batches, teams, audit), for its navigation. */
    public boolean on(String section) {
        String path = page.path() == null ? "" : page.path();
        return current != null && path.startsWith("/console/accounts/" + current.id() + "/" + section);
    }

    /** The seats of a role as a sentence: "Editors: 97 of 100 used, 3 left". */
    public String seats(io.usher.account.Seats.SeatView seats) {
        String used = number(seats.used());
        String quota = number(seats.quota());
        String left = number(seats.left());
        return switch (seats.role()) {
            case SITE_ADMIN -> msg().console_seats_SITE_ADMIN(used, quota, left);
            case EDITOR -> msg().console_seats_EDITOR(used, quota, left);
        };
    }

    /** An audit action as words; a code this version does not know is shown as it is stored. */
    public String action(Object code) {
        return io.usher.audit.AuditAction.of(String.valueOf(code))
                .map(action -> AuditWords.action(msg(), action))
                .orElse(String.valueOf(code));
    }

    /** The audit actions a filter offers, by code. */
    public List<String> actions() {
        return java.util.Arrays.stream(io.usher.audit.AuditAction.values())
                .map(io.usher.audit.AuditAction::code)
                .toList();
    }

    /** What an audit entry changed, in words: "Editor → Site administrator", or nothing to say. */
    public String change(java.util.Map<String, Object> details) {
        return AuditWords.change(this, details);
    }

    public List<String> outcomes() {
        return java.util.Arrays.stream(io.usher.invite.Outcome.values())
                .map(Enum::name)
                .toList();
    }
}
