package io.usher.invite;

import com.sanctionco.jmail.EmailValidator;
import com.sanctionco.jmail.JMail;
import java.util.Locale;
import java.util.Optional;

/** Step 1 of the decision: an address as written becomes its canonical form, or nothing. */
public final class EmailAddresses {

    /** The longest address SMTP can carry (RFC 5321 path limit less the brackets). */
    public static final int MAX_LENGTH = 254;

    // Bare addresses only: no display names, quoted local parts, comments, IP-literal domains.
    private static final EmailValidator VALIDATOR = JMail.strictValidator()
            .disallowQuotedIdentifiers()
            .disallowIpDomain()
            .requireTopLevelDomain()
            .disallowExplicitSourceRouting()
            .disallowObsoleteWhitespace();

    private EmailAddresses() {}

    /** Trimmed and lower-cased; the form profiles are stored and compared in. */
    public static String fold(String raw) {
        return raw.strip().toLowerCase(Locale.ROOT);
    }

    /** The canonical address, or empty when the folded line is not a valid address. */
    public static Optional<String> canonical(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String folded = fold(raw);
        if (folded.isEmpty() || folded.length() > MAX_LENGTH || !isPrintableAscii(folded)) {
            return Optional.empty();
        }
        return VALIDATOR.isValid(folded) ? Optional.of(folded) : Optional.empty();
    }

    /** The part after the last '@' of a canonical address. */
    public static String domainOf(String canonical) {
        return canonical.substring(canonical.lastIndexOf('@') + 1);
    }

    // Internationalised addresses need SMTPUTF8 end to end, which we cannot promise; refuse them
    // plainly rather than lose the mail later. Control characters (CR/LF) never pass either.
    private static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
