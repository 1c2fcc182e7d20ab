package io.usher.platform;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;

/**
 * The language the API speaks to a reader: the first of English and French in their
 * {@code Accept-Language}, else English. Codes never depend on it; only the texts do.
 */
public final class ApiLanguage {

    public static final String ENGLISH = "en";
    public static final String FRENCH = "fr";

    private ApiLanguage() {}

    public static boolean supported(String language) {
        return ENGLISH.equals(language) || FRENCH.equals(language);
    }

    /** The first of the header's languages that Usher speaks, else English. */
    public static String of(String acceptLanguage) {
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
            // a header we cannot read: the default serves
        }
        return ENGLISH;
    }

    /** The API's texts in a language Usher speaks; English for any other. */
    public static ApiMessages messages(String language) {
        return FRENCH.equals(language) ? Holder.FRENCH_TEXTS : Holder.ENGLISH_TEXTS;
    }

    /** The API's texts for a reader who sent this {@code Accept-Language}. */
    public static ApiMessages forHeader(String acceptLanguage) {
        return messages(of(acceptLanguage));
    }

    /** Words of a list as a sentence says them: "Active, Archived or Removed". */
    public static String either(ApiMessages messages, Collection<String> words) {
        StringBuilder text = new StringBuilder();
        Iterator<String> each = words.iterator();
        int left = words.size();
        while (each.hasNext()) {
            text.append(each.next());
            left--;
            if (left > 1) {
                text.append(", ");
            } else if (left == 1) {
                text.append(' ').append(messages.list_or()).append(' ');
            }
        }
        return text.toString();
    }

    /** Looked up once, when first needed (the bundles are beans of the running service). */
    private static final class Holder {
        static final ApiMessages ENGLISH_TEXTS = MessageBundles.get(ApiMessages.class);
        static final ApiMessages FRENCH_TEXTS = MessageBundles.get(ApiMessages.class, Localized.Literal.of(FRENCH));
    }
}
