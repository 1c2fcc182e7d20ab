package io.usher.platform;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts the API says to people — outcome messages, problem titles and details, field errors —
 * in English ({@code messages/api_en.properties}) and French ({@code messages/api_fr.properties}).
 * The API's machine-readable codes (an outcome, a problem's {@code type} and {@code code}) never
 * change with the language; these texts are rendered from them when they are read, in the reader's
 * language ({@link ApiLanguage}). A method is named after its code; its parameters are the words and
 * figures the text names, already in the reader's language.
 */
@MessageBundle(value = "api", locale = "en")
public interface ApiMessages {

    /** The language these texts are in, {@code en} or {@code fr}. */
    @Message
    String language();

    // Roles and statuses, as words.

    @Message
    String role_SITE_ADMIN();

    @Message
    String role_EDITOR();

    @Message
    String status_PENDING();

    @Message
    String status_ACTIVE();

    @Message
    String status_SUSPENDED();

    @Message
    String status_ARCHIVED();

    @Message
    String status_REMOVED();

    @Message
    String profileStatus_IN_PROGRESS();

    @Message
    String profileStatus_ACTIVE();

    @Message
    String profileStatus_DEACTIVATED();

    /** Joins the last two words of a list: "A, B or C". */
    @Message
    String list_or();

    // The outcome of one line of a bulk invitation (RULES.md, steps 1–6).

    @Message
    String outcome_INVITED(String p0);

    @Message
    String outcome_INVITED_SSO(String p0);

    @Message
    String outcome_ADDED_EXISTING_USER(String p0);

    @Message
    String outcome_ALREADY_MEMBER(String p0);

    @Message
    String outcome_QUOTA_REACHED(String p0);

    @Message
    String outcome_INVALID_EMAIL(String p0);

    @Message
    String outcome_unreadable(int p0);

    @Message
    String outcome_DUPLICATE(String p0, int p1);

    // Problem titles, one per problem type.

    @Message
    String title_INVALID_REQUEST();

    @Message
    String title_UNAUTHENTICATED();

    @Message
    String title_FORBIDDEN();

    @Message
    String title_NOT_FOUND();

    @Message
    String title_METHOD_NOT_ALLOWED();

    @Message
    String title_NOT_ACCEPTABLE();

    @Message
    String title_REQUEST_TIMEOUT();

    @Message
    String title_CONFLICT();

    @Message
    String title_QUOTA_REACHED();

    @Message
    String title_PAYLOAD_TOO_LARGE();

    @Message
    String title_UNSUPPORTED_MEDIA_TYPE();

    @Message
    String title_TOO_MANY_REQUESTS();

    @Message
    String title_INTERNAL();

    @Message
    String title_UNAVAILABLE();

    // Problem details, each named after the problem's code.

    @Message
    String problem_invalid_request();

    @Message
    String problem_invalid_json();

    @Message
    String problem_invalid_parameter(String p0);

    @Message
    String problem_unstorable_text();

    @Message
    String problem_no_address();

    @Message
    String problem_not_found();

    @Message
    String problem_account_not_found();

    @Message
    String problem_team_not_found();

    @Message
    String problem_user_not_found();

    @Message
    String problem_batch_not_found();

    @Message
    String problem_sso_domain_not_found(String p0);

    @Message
    String problem_profile_not_found();

    @Message
    String problem_unauthenticated();

    @Message
    String problem_role_forbidden();

    @Message
    String problem_site_admins_only();

    @Message
    String problem_other_site();

    @Message
    String problem_status_not_allowed(String p0, String p1, String p2);

    @Message
    String problem_own_role_or_status();

    @Message
    String problem_quota_reached(String p0, int p1, int p2);

    @Message
    String problem_quota_exceeded();

    @Message
    String problem_conflict_exists();

    @Message
    String problem_team_name_taken(String p0);

    @Message
    String problem_account_name_taken(String p0);

    @Message
    String problem_resend_not_pending(String p0);

    @Message
    String problem_reset_sso();

    @Message
    String problem_reset_not_active(String p0);

    @Message
    String problem_reset_too_soon(long p0);

    @Message
    String problem_still_receiving();

    @Message
    String problem_not_queued();

    @Message
    String problem_internal();

    // Field errors: what is wrong with one field.

    @Message
    String problem_body(String p0);

    @Message
    String field_unknown();

    @Message
    String field_unreadable();

    @Message
    String field_wrong_type(String p0);

    @Message
    String type_number();

    @Message
    String type_boolean();

    @Message
    String type_string();

    @Message
    String type_array();

    @Message
    String type_object();

    @Message
    String field_required();

    @Message
    String field_team_of_account();

    @Message
    String field_team_id();

    @Message
    String field_teams_not_null();

    @Message
    String field_one_of(String p0);

    @Message
    String field_email();

    @Message
    String field_domain();

    @Message
    String field_unknown_team();

    @Message
    String field_unknown_value(String p0);

    @Message
    String field_strings();

    @Message
    String field_string();

    @Message
    String field_team_ids();

    @Message
    String field_role();

    @Message
    String problem_body_unreadable();

    @Message
    String problem_csv_without_email();

    @Message
    String problem_csv_unreadable();

    @Message
    String problem_json_object();

    @Message
    String problem_body_not_decodable(String p0);

    @Message
    String problem_json_invalid(String p0);

    @Message
    String problem_body_stalled(long p0);

    @Message
    String problem_body_too_slow(long p0, long p1);

    @Message
    String field_event_id();

    @Message
    String field_first_admin_seat();

    @Message
    String field_uuid();

    @Message
    String field_idempotency_key();

    @Message
    String problem_not_published();

    @Message
    String problem_charset(String p0);

    @Message
    String problem_streams_full();

    @Message
    String problem_streams_opening();

    @Message
    String problem_server_busy();

    @Message
    String problem_link_busy();

    @Message
    String problem_link_kind_password(String p0);

    @Message
    String problem_link_kind_sign_in(String p0);

    @Message
    String problem_link_gone();

    @Message
    String problem_identity_provider();

    @Message
    String problem_terms_required();

    @Message
    String problem_deactivated();

    @Message
    String problem_email_not_verified();

    @Message
    String problem_claimed();

    @Message
    String problem_wrong_provider();

    @Message
    String title_LENGTH_REQUIRED();

    @Message
    String problem_form_length();

    @Message
    String problem_content_length();

    @Message
    String problem_form_too_large(long p0);

    // teams and audit pages

    @Message
    String field_team_name(int p0);

    @Message
    String field_audit_actor(int p0);

    @Message
    String field_audit_action();

    @Message
    String field_audit_date();

    @Message
    String field_audit_period();
    // grouping, invitee, platform

    @Message
    String problem_not_deactivated();

    // Form fields as a person reads them (FieldLabels): a page shows these, errors[].field keeps the name.

    /** A problem's detail, then its field errors ("The request is not valid: Role — is required"). */
    @Message
    String label_errors(String p0, String p1);

    /** One item of a list field: "Teams, item 2". */
    @Message
    String label_item(String p0, String p1);

    @Message
    String label_name();

    @Message
    String label_role();

    @Message
    String label_status();

    @Message
    String label_teams();

    @Message
    String label_emails();

    @Message
    String label_email();

    @Message
    String label_firstAdminEmail();

    @Message
    String label_defaultLanguage();

    @Message
    String label_quotas();

    @Message
    String label_quotas_SITE_ADMIN();

    @Message
    String label_quotas_EDITOR();

    @Message
    String label_domain();

    @Message
    String label_identityProvider();

    @Message
    String label_body();

    @Message
    String label_idempotencyKey();

    @Message
    String label_lastEventId();

    @Message
    String label_actor();

    @Message
    String label_action();

    @Message
    String label_from();

    @Message
    String label_to();

    @Message
    String label_page();

    @Message
    String label_size();

    @Message
    String label_after();

    @Message
    String label_limit();

    @Message
    String label_q();

    @Message
    String label_firstName();

    @Message
    String label_lastName();

    @Message
    String label_password();

    @Message
    String label_passwordConfirmation();

    @Message
    String label_phone();

    @Message
    String label_language();

    @Message
    String label_acceptTerms();
}
