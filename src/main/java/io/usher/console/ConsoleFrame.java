package io.usher.console;

import io.usher.onboarding.PageFrame;
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

    public String t(String key) {
        return page.t(key);
    }

    public String t(String key, Object a) {
        return page.t(key, a);
    }

    public String t(String key, Object a, Object b) {
        return page.t(key, a, b);
    }

    public String lang() {
        return page.lang();
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
        return page.t("console.batches.status." + status);
    }

    public String dateTime(java.time.Instant instant) {
        return page.dateTime(instant);
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

    /** Whether the notice a link names is one of ours; an edited link shows none rather than failing. */
    public boolean knownNotice(Object key) {
        return key != null && page.has("console.notice." + key);
    }

    public String notice(String key) {
        return page.t("console.notice." + key);
    }

    public String outcome(Object outcome) {
        return page.t("console.outcome." + outcome);
    }

    public String role(Object role) {
        return page.role(String.valueOf(role));
    }

    public String status(Object status) {
        return page.status(String.valueOf(status));
    }

    public String profileStatus(Object status) {
        return page.t("console.profileStatus." + status);
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

    public List<String> outcomes() {
        return java.util.Arrays.stream(io.usher.invite.Outcome.values())
                .map(Enum::name)
                .toList();
    }
}
