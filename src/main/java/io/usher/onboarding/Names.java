package io.usher.onboarding;

/**
 * The spelling rules of what people type about themselves: names and phone numbers are text on a
 * single line, shown in emails and pages; markup characters and control characters are refused
 * rather than stored.
 */
final class Names {

    static final int MAX_NAME = 100;
    static final int MAX_PHONE = 40;

    private Names() {}

    /** A name as a token carries it, made fit to store: one line, no markup, at most 100 characters. */
    static String clean(String name) {
        String cleaned = name.replaceAll("[\\p{Cntrl}<>]", " ").strip().replaceAll("\\s+", " ");
        if (cleaned.isEmpty()) {
            return null;
        }
        return cleaned.length() > MAX_NAME ? cleaned.substring(0, MAX_NAME) : cleaned;
    }

    static boolean isPlainLine(String text) {
        return text.chars().noneMatch(c -> Character.isISOControl(c) || c == '<' || c == '>');
    }

    static boolean isPhone(String phone) {
        return phone.length() <= MAX_PHONE && phone.matches("\\+?[0-9 ().\\-]{3,40}") && phone.matches(".*[0-9].*");
    }
}
