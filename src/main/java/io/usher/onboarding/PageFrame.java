package io.usher.onboarding;

import io.usher.member.MembershipStatus;
import io.usher.member.Role;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * What every page shows around its content: the platform's name, the language it is written in
 * and the link to the other one, and its texts.
 */
public record PageFrame(String lang, String platform, String path) {

    /** The frame of a page: its language chosen as {@link PageLanguage} says, remembered if chosen now. */
    public static PageFrame of(
            io.vertx.core.http.HttpServerRequest request,
            io.vertx.core.http.HttpServerResponse response,
            java.util.Optional<String> profileLanguage,
            String platform) {
        return new PageFrame(PageLanguage.of(request, response, profileLanguage), platform, request.path());
    }

    /** The page's texts in its language (templates reach them as {@code msg:}). */
    public PageMessages msg() {
        return PageLanguage.messages(lang);
    }

    /** The locale the page's template renders its {@code msg:} texts in. */
    public Locale locale() {
        return Locale.forLanguageTag(lang);
    }

    public String role(String role) {
        return switch (Role.valueOf(role)) {
            case SITE_ADMIN -> msg().role_SITE_ADMIN();
            case EDITOR -> msg().role_EDITOR();
        };
    }

    public String status(String status) {
        return switch (MembershipStatus.valueOf(status)) {
            case PENDING -> msg().status_PENDING();
            case ACTIVE -> msg().status_ACTIVE();
            case SUSPENDED -> msg().status_SUSPENDED();
            case ARCHIVED -> msg().status_ARCHIVED();
            case REMOVED -> msg().status_REMOVED();
        };
    }

    /** The same page in the other language. */
    public String otherLanguageUrl() {
        return path + "?lang=" + msg().site_otherLanguageCode();
    }

    /** A moment to the minute, in UTC and said so: batches of one day are told apart by it. */
    public String dateTime(Instant instant) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                        .withLocale(Locale.forLanguageTag(lang))
                        .withZone(ZoneOffset.UTC)
                        .format(instant)
                + " UTC";
    }

    public String date(Instant instant) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                .withLocale(Locale.forLanguageTag(lang))
                .withZone(ZoneOffset.UTC)
                .format(instant);
    }
}
