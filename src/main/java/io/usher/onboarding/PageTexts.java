package io.usher.onboarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** The pages' texts in English and French, read once from {@code i18n/pages_<lang>.properties}. */
final class PageTexts {

    static final String ENGLISH = "en";
    static final String FRENCH = "fr";

    private static final Map<String, Properties> LOADED = new ConcurrentHashMap<>();

    private PageTexts() {}

    static boolean supported(String language) {
        return ENGLISH.equals(language) || FRENCH.equals(language);
    }

    static boolean has(String key) {
        return texts(ENGLISH).containsKey(key);
    }

    /** The text of {@code key} in that language, {0}, {1}… replaced by the arguments. */
    static String text(String language, String key, Object... arguments) {
        String text = texts(supported(language) ? language : ENGLISH).getProperty(key);
        if (text == null) {
            throw new IllegalArgumentException("No page text " + key);
        }
        for (int i = 0; i < arguments.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(arguments[i]));
        }
        return text;
    }

    static String text(String language, FieldProblem problem) {
        return problem.parameter() == null
                ? text(language, problem.key())
                : text(language, problem.key(), problem.parameter());
    }

    private static Properties texts(String language) {
        return LOADED.computeIfAbsent(language, PageTexts::load);
    }

    private static Properties load(String language) {
        String path = "i18n/pages_" + language + ".properties";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + path);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
