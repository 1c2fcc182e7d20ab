package io.usher.audit;

import io.usher.platform.FieldText;
import io.usher.platform.ProblemException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What part of an account's audit log to read: entries by an actor (part of their email, or of a
 * {@code system:} name, ignoring case), of one action, within a period {@code [from, to)}.
 *
 * <p>A period's ends are dates ({@code 2026-11-30}: that whole day, in UTC, as the console shows
 * times) or instants ({@code 2026-11-30T08:00:00Z}). A filter that cannot be read is the client's
 * mistake (400), said field by field, never silently dropped: a log read with a filter it ignored
 * would look complete.
 */
public record AuditFilter(
        Optional<String> actor, Optional<String> action, Optional<Instant> from, Optional<Instant> to) {

    public static final AuditFilter NONE =
            new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** The longest actor text (an email's length). */
    static final int MAX_ACTOR = 254;

    private static final Pattern ACTION = Pattern.compile("[a-z]{1,30}(\\.[a-z-]{1,60})?");

    /** The filter from a request's parameters; blank ones filter nothing. */
    public static AuditFilter parse(String actor, String action, String from, String to) {
        List<FieldText> errors = new ArrayList<>();
        Optional<String> who = blank(actor);
        if (who.isPresent()
                && (who.get().length() > MAX_ACTOR || who.get().chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldText("actor", m -> m.field_audit_actor(MAX_ACTOR)));
        }
        Optional<String> what = blank(action);
        if (what.isPresent() && !ACTION.matcher(what.get()).matches()) {
            errors.add(new FieldText("action", m -> m.field_audit_action()));
        }
        Optional<Instant> start = moment("from", from, false, errors);
        Optional<Instant> end = moment("to", to, true, errors);
        // The end is exclusive (a date's is the next day's start): a period must hold some time.
        if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
            errors.add(new FieldText("to", m -> m.field_audit_period()));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new AuditFilter(who, what, start, end);
    }

    /** The actor text as an ILIKE pattern: its own % and _ are matched as themselves. */
    Optional<String> actorPattern() {
        return actor.map(a -> "%" + a.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }

    private static Optional<String> blank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** A date is its whole day: the start of it for {@code from}, the start of the next for {@code to}. */
    private static Optional<Instant> moment(String field, String value, boolean end, List<FieldText> errors) {
        Optional<String> text = blank(value);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String said = text.get();
        try {
            if (said.length() <= 10) {
                LocalDate day = LocalDate.parse(said);
                if (day.getYear() < 1970 || day.getYear() > 9998) {
                    throw new DateTimeParseException("out of range", said, 0);
                }
                return Optional.of((end ? day.plusDays(1) : day)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant());
            }
            Instant instant = Instant.parse(said);
            if (instant.isBefore(Instant.EPOCH) || instant.isAfter(Instant.parse("9998-12-31T00:00:00Z"))) {
                throw new DateTimeParseException("out of range", said, 0);
            }
            return Optional.of(instant);
        } catch (DateTimeParseException e) {
            errors.add(new FieldText(field, m -> m.field_audit_date()));
            return Optional.empty();
        }
    }
}
