package io.usher.platform;

import static java.util.Map.entry;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields a problem can name, as a person reads them. A problem's {@code errors[].field} is a
 * machine name clients are written against ({@code role}, {@code teams[2]}, {@code
 * quotas.SITE_ADMIN}) and stays one; a page shows the field's label in the reader's language
 * instead ("Rôle", "Équipes, élément 3"). A field without a label — a JSON property nobody
 * defined, sent by a client — is shown by its name.
 */
public final class FieldLabels {

    /** Every field a form, a body, a query parameter or a header of Usher can report. */
    private static final Map<String, Function<ApiMessages, String>> LABELS = Map.ofEntries(
            entry("name", ApiMessages::label_name),
            entry("role", ApiMessages::label_role),
            entry("status", ApiMessages::label_status),
            entry("teams", ApiMessages::label_teams),
            // A text or CSV invitation names its teams in repeated ?team= parameters.
            entry("team", ApiMessages::label_teams),
            entry("emails", ApiMessages::label_emails),
            entry("email", ApiMessages::label_email),
            entry("firstAdminEmail", ApiMessages::label_firstAdminEmail),
            entry("defaultLanguage", ApiMessages::label_defaultLanguage),
            entry("quotas", ApiMessages::label_quotas),
            entry("quotas.SITE_ADMIN", ApiMessages::label_quotas_SITE_ADMIN),
            entry("quotas.EDITOR", ApiMessages::label_quotas_EDITOR),
            // A quotas body of its own (PUT …/quotas) names its fields without the prefix.
            entry("SITE_ADMIN", ApiMessages::label_quotas_SITE_ADMIN),
            entry("EDITOR", ApiMessages::label_quotas_EDITOR),
            entry("domain", ApiMessages::label_domain),
            entry("identityProvider", ApiMessages::label_identityProvider),
            // A missing body is named after the resource method's parameter.
            entry("request", ApiMessages::label_body),
            entry("change", ApiMessages::label_body),
            entry("route", ApiMessages::label_body),
            entry("Idempotency-Key", ApiMessages::label_idempotencyKey),
            entry("Last-Event-ID", ApiMessages::label_lastEventId),
            entry("actor", ApiMessages::label_actor),
            entry("action", ApiMessages::label_action),
            entry("from", ApiMessages::label_from),
            entry("to", ApiMessages::label_to),
            entry("page", ApiMessages::label_page),
            entry("size", ApiMessages::label_size),
            entry("after", ApiMessages::label_after),
            entry("limit", ApiMessages::label_limit),
            entry("q", ApiMessages::label_q),
            entry("firstName", ApiMessages::label_firstName),
            entry("lastName", ApiMessages::label_lastName),
            entry("password", ApiMessages::label_password),
            entry("passwordConfirmation", ApiMessages::label_passwordConfirmation),
            entry("phone", ApiMessages::label_phone),
            entry("language", ApiMessages::label_language),
            entry("acceptTerms", ApiMessages::label_acceptTerms));

    /** An item of a list field: {@code teams[2]}. */
    private static final Pattern ITEM = Pattern.compile("(.+)\\[(\\d{1,9})]");

    private FieldLabels() {}

    /** The fields that have a label (a test holds every field Usher reports to this list). */
    public static Set<String> known() {
        return LABELS.keySet();
    }

    /** Whether a field, an item of a list field included, is read by its label. */
    public static boolean labelled(String field) {
        return field != null && (LABELS.containsKey(field) || itemOfLabelled(field));
    }

    /** The field as the reader reads it: its label, the item of a list counted from 1, else its name. */
    public static String of(ApiMessages messages, String field) {
        if (field == null) {
            return "";
        }
        Function<ApiMessages, String> label = LABELS.get(field);
        if (label != null) {
            return label.apply(messages);
        }
        Matcher item = ITEM.matcher(field);
        if (item.matches() && LABELS.containsKey(item.group(1))) {
            return messages.label_item(
                    LABELS.get(item.group(1)).apply(messages), String.valueOf(Integer.parseInt(item.group(2)) + 1));
        }
        return field;
    }

    /**
     * Every label in the language of these messages, as a JSON object for the console's scripts,
     * which show the problems the API answers them; its {@code "[]"} says an item of a list, with
     * {@code __LABEL__} and {@code __N__} to replace, and its {@code ":"} a detail and its field errors.
     */
    public static String json(ApiMessages messages) {
        StringBuilder json = new StringBuilder("{");
        Map<String, String> labels = new TreeMap<>();
        LABELS.forEach((field, label) -> labels.put(field, label.apply(messages)));
        labels.put("[]", messages.label_item("__LABEL__", "__N__"));
        labels.put(":", messages.label_errors("__DETAIL__", "__ERRORS__"));
        labels.forEach((field, label) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quoted(field)).append(':').append(quoted(label));
        });
        return json.append('}').toString();
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static boolean itemOfLabelled(String field) {
        Matcher item = ITEM.matcher(field);
        return item.matches() && LABELS.containsKey(item.group(1));
    }
}
