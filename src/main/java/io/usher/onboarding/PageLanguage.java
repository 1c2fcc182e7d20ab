package io.usher.onboarding;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Optional;

/**
 * The language of a page for people: the one they chose (the {@code lang} parameter of the
 * language link, remembered in a cookie), else the one their profile has, else their browser's
 * first of English and French, else English.
 */
final class PageLanguage {

    static final String COOKIE = "usher_lang";
    static final String ENGLISH = "en";
    static final String FRENCH = "fr";

    private PageLanguage() {}

    static boolean supported(String language) {
        return ENGLISH.equals(language) || FRENCH.equals(language);
    }

    /** The pages' texts in a language Usher speaks; English for any other. */
    static PageMessages messages(String language) {
        return FRENCH.equals(language) ? Holder.FRENCH_TEXTS : Holder.ENGLISH_TEXTS;
    }

    static String of(HttpServerRequest request, HttpServerResponse response, Optional<String> profileLanguage) {
        String chosen = request.getParam("lang");
        if (chosen != null && supported(chosen)) {
            response.addCookie(Cookie.cookie(COOKIE, chosen)
                    .setPath("/")
                    .setHttpOnly(true)
                    .setSameSite(CookieSameSite.LAX)
                    .setMaxAge(365L * 24 * 3600));
            return chosen;
        }
        Cookie remembered = request.getCookie(COOKIE);
        if (remembered != null && supported(remembered.getValue())) {
            return remembered.getValue();
        }
        if (profileLanguage.filter(PageLanguage::supported).isPresent()) {
            return profileLanguage.get();
        }
        return browser(request.getHeader("Accept-Language"));
    }

    /** The first of the browser's languages that Usher speaks. */
    static String browser(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return ENGLISH;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                String language = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                if (supported(language)) {
                    return language;
                }
            }
        } catch (IllegalArgumentException malformed) {
            // a browser's header we cannot read: the default serves
        }
        return ENGLISH;
    }

    /** Looked up once, when first needed (the bundles are beans of the running service). */
    private static final class Holder {
        static final PageMessages ENGLISH_TEXTS = MessageBundles.get(PageMessages.class);
        static final PageMessages FRENCH_TEXTS = MessageBundles.get(PageMessages.class, Localized.Literal.of(FRENCH));
    }
}
