package io.usher.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.usher.account.Seats;
import io.usher.account.TeamSummary;
import io.usher.account.TeamView;
import io.usher.audit.AuditView;
import io.usher.identity.SsoDomainView;
import io.usher.invite.BatchView;
import io.usher.invite.MailDeliveries;
import io.usher.member.MemberView;
import io.usher.member.ProfileView;
import io.usher.platform.PageView;
import java.util.List;

/** The administration console's pages (templates/console), each inside the console's layout. */
@CheckedTemplate(basePath = "console")
final class ConsolePages {

    private ConsolePages() {}

    static native TemplateInstance users(
            ConsoleFrame frame,
            PageView<MemberView> members,
            List<TeamView> teams,
            Filters filters,
            Notice notice,
            List<Seats.SeatView> seats,
            Sorting sorting);

    /**
     * How the user list is sorted: the order asked for, whether the list was too long for it
     * (then it is newest first), the page's size and the longest list sorted otherwise.
     */
    record Sorting(String asked, boolean refused, int pageSize, int sortable) {

        public java.util.List<String> orders() {
            return java.util.Arrays.stream(io.usher.member.MemberSort.values())
                    .map(io.usher.member.MemberSort::word)
                    .toList();
        }
    }

    static native TemplateInstance user(
            ConsoleFrame frame, MemberView member, List<TeamView> teams, Notice notice, String error);

    static native TemplateInstance batch(
            ConsoleFrame frame, BatchView batch, MessageGroups messages, MailDeliveries mails);

    static native TemplateInstance batches(ConsoleFrame frame, PageView<BatchView> batches, Filters filters);

    static native TemplateInstance people(ConsoleFrame frame, PageView<ProfileView> people, Filters filters);

    static native TemplateInstance person(ConsoleFrame frame, ProfileView person, Notice notice);

    static native TemplateInstance ssoDomains(
            ConsoleFrame frame, List<SsoDomainView> domains, Notice notice, String error);

    static native TemplateInstance teams(
            ConsoleFrame frame, PageView<TeamSummary> teams, Filters filters, Notice notice, TeamForm form);

    static native TemplateInstance audit(ConsoleFrame frame, PageView<AuditView> entries, AuditFilters filters);

    static native TemplateInstance problem(ConsoleFrame frame, int status, String detail);

    /**
     * A team form that came back refused: which one ({@code new}, or the renamed team's id), the
     * name as it was sent, and why it was refused.
     */
    record TeamForm(String target, String name, String error) {

        static final String NEW = "new";

        /** The name a form shows: as it was sent if it is the refused one, else {@code current}. */
        public String nameFor(Object team, String current) {
            return target.equals(String.valueOf(team)) ? name : current;
        }

        public boolean is(Object team) {
            return target.equals(String.valueOf(team));
        }

        static TeamForm none() {
            return new TeamForm("", "", null);
        }
    }

    /** The audit page's filters as the person set them, and where the list is in its pages. */
    record AuditFilters(String actor, String action, String from, String to, Filters paging, String error) {}

    /** The filters of a list page as the person set them (for the form and the paging links). */
    record Filters(String status, String role, String team, String q, int page, int pages, String query) {

        /** A list with no filter: only where it is in its pages. */
        static Filters paging(int page, int size, long total) {
            return new Filters("", "", "", "", page, pageCount(total, size), "");
        }

        /** The page a link asks for, from 0; a negative one is the first, a huge one merely empty. */
        static int index(Integer page) {
            return Math.max(0, page == null ? 0 : Math.min(page, 1_000_000));
        }

        /** How many pages a list of this length fills; an empty list still has its one page. */
        static int pageCount(long total, int size) {
            return (int) Math.max(1, (total + size - 1) / size);
        }

        public int number() {
            return page + 1;
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return page + 1 < pages;
        }

        public int previous() {
            return page - 1;
        }

        public int next() {
            return page + 1;
        }
    }
}
