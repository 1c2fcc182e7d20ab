package io.usher.invite;

import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** How an invitation body's Content-Type is read, by the API and by the console alike. */
public final class BodyTypes {

    public static final String TEXT_CSV = "text/csv";

    private BodyTypes() {}

    /** CSV (an email column) for {@code text/csv}, else one address per line. */
    public static InvitationIntake.Format textFormatOf(String contentType) {
        return contentType != null
                        && contentType.strip().toLowerCase(Locale.ROOT).startsWith(TEXT_CSV)
                ? InvitationIntake.Format.CSV
                : InvitationIntake.Format.LINES;
    }

    /** The body's declared charset, UTF-8 when none is declared; an unknown one is refused. */
    public static Charset charsetOf(String contentType) {
        String charset = contentType == null
                ? null
                : MediaType.valueOf(contentType).getParameters().get("charset");
        if (charset == null || charset.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(charset.strip().replace("\"", ""));
        } catch (IllegalArgumentException e) {
            String named = charset;
            throw new ProblemException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "unsupported-charset", m -> m.problem_charset(named));
        }
    }
}
