package io.usher.onboarding;

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

    /** Whether there is a text for {@code key} (one named by a link, say, which anyone can edit). */
    public boolean has(String key) {
        return PageTexts.has(key);
    }

    public String t(String key) {
        return PageTexts.text(lang, key);
    }

    public String t(String key, Object a) {
        return PageTexts.text(lang, key, a);
    }

    public String t(String key, Object a, Object b) {
        return PageTexts.text(lang, key, a, b);
    }

    public String t(String key, Object a, Object b, Object c) {
        return PageTexts.text(lang, key, a, b, c);
    }

    public String role(String role) {
        return t("role." + role);
    }

    public String status(String status) {
        return t("status." + status);
    }

    /** The same page in the other language. */
    public String otherLanguageUrl() {
        return path + "?lang=" + t("site.otherLanguageCode");
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
