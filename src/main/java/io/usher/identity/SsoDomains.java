package io.usher.identity;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The spelling rules of SSO domains, shared by the API and the invitation decisions. */
public final class SsoDomains {

    static final String ALIAS_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$";

    private static final Pattern DOMAIN =
            Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$");

    private SsoDomains() {}

    /**
     * The canonical form of a domain (trimmed, lower-case, internationalised names in their ASCII
     * form, no trailing dot), or empty when it is not a domain name.
     */
    public static Optional<String> normalise(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        String candidate = domain.trim();
        if (candidate.endsWith(".")) {
            candidate = candidate.substring(0, candidate.length() - 1);
        }
        if (candidate.isEmpty() || candidate.length() > 253) {
            return Optional.empty();
        }
        try {
            candidate = IDN.toASCII(candidate, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return DOMAIN.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }
}
