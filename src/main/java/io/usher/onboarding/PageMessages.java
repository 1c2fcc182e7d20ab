package io.usher.onboarding;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the pages for people and of the console, in English ({@code messages/msg_en.properties})
 * and French ({@code messages/msg_fr.properties}). Templates call them as {@code {msg:invite_title(name, platform)}},
 * checked when the service is built; Java reads them through {@link PageFrame#msg()}. A method is
 * named after its text's place (page, then part), and its parameters are the figures the text names.
 */
@MessageBundle(value = "msg", locale = "en")
public interface PageMessages {

    @Message
    String site_signIn();

    @Message
    String site_signOut();

    @Message
    String site_otherLanguage();

    @Message
    String site_otherLanguageCode();

    @Message
    String site_language();

    @Message
    String site_footer();

    @Message
    String invite_title(String p0, String p1);

    @Message
    String invite_intro(String p0, String p1);

    @Message
    String invite_email();

    @Message
    String invite_emailHelp();

    @Message
    String invite_firstName();

    @Message
    String invite_lastName();

    @Message
    String invite_password();

    @Message
    String invite_passwordHelp();

    @Message
    String invite_passwordConfirmation();

    @Message
    String invite_phone();

    @Message
    String invite_language();

    @Message
    String invite_acceptTerms();

    @Message
    String invite_readTerms();

    @Message
    String invite_submit();

    @Message
    String invite_expires(String p0);

    @Message
    String invite_problems();

    @Message
    String sso_title(String p0, String p1);

    @Message
    String sso_intro(String p0, String p1);

    @Message
    String sso_button();

    @Message
    String existing_title(String p0);

    @Message
    String existing_intro(String p0, String p1, String p2);

    @Message
    String existing_button();

    @Message
    String gone_title();

    @Message
    String gone_body();

    @Message
    String gone_help();

    @Message
    String choice_title();

    @Message
    String choice_body(String p0, String p1);

    @Message
    String choice_continue(String p0);

    @Message
    String choice_continueHelp(String p0, String p1);

    @Message
    String choice_stay(String p0);

    @Message
    String done_title();

    @Message
    String done_body(String p0);

    @Message
    String terms_title();

    @Message
    String terms_intro(String p0);

    @Message
    String terms_body(String p0);

    @Message
    String terms_names();

    @Message
    String terms_accept();

    @Message
    String terms_submit();

    @Message
    String home_title(String p0);

    @Message
    String home_signedInAs(String p0);

    @Message
    String home_accounts();

    @Message
    String home_account();

    @Message
    String home_role();

    @Message
    String home_status();

    @Message
    String home_none();

    @Message
    String refused_title();

    @Message
    String refused_deactivated();

    @Message
    String refused_noProfile(String p0, String p1);

    @Message
    String refused_emailNotVerified(String p0);

    @Message
    String refused_claimed(String p0, String p1);

    @Message
    String refused_wrongProvider(String p0);

    @Message
    String reset_title();

    @Message
    String reset_intro(String p0);

    @Message
    String reset_submit();

    @Message
    String reset_doneTitle();

    @Message
    String reset_doneBody();

    @Message
    String error_required();

    @Message
    String error_tooLong(String p0);

    @Message
    String error_plainLine();

    @Message
    String error_passwordsDiffer();

    @Message
    String error_phone();

    @Message
    String error_language();

    @Message
    String error_terms();

    @Message
    String password_minLength(String p0);

    @Message
    String password_maxLength(String p0);

    @Message
    String password_minDigits(String p0);

    @Message
    String password_minLowerCase(String p0);

    @Message
    String password_minUpperCase(String p0);

    @Message
    String password_minSpecial(String p0);

    @Message
    String password_notUsername();

    @Message
    String password_notEmail();

    @Message
    String password_history();

    @Message
    String password_blacklisted();

    @Message
    String password_pattern();

    @Message
    String password_refused(String p0);

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
    String out_title();

    @Message
    String out_body(String p0);

    @Message
    String console_title();

    @Message
    String console_sessionEnded();

    @Message
    String console_liveStopped();

    @Message
    String console_users();

    @Message
    String console_people();

    @Message
    String console_ssoDomains();

    @Message
    String console_platform();

    @Message
    String console_accounts();

    @Message
    String console_signedInAs(String p0);

    @Message
    String console_skip();

    @Message
    String console_search();

    @Message
    String console_status();

    @Message
    String console_role();

    @Message
    String console_team();

    @Message
    String console_teams();

    @Message
    String console_any();

    @Message
    String console_none();

    @Message
    String console_apply();

    @Message
    String console_clear();

    @Message
    String console_name();

    @Message
    String console_email();

    @Message
    String console_invited();

    @Message
    String console_invitedBy(String p0);

    @Message
    String console_page(int p0, int p1);

    @Message
    String console_previous();

    @Message
    String console_next();

    @Message
    String console_noMembers();

    @Message
    String console_invite();

    @Message
    String console_invite_addresses();

    @Message
    String console_invite_file();

    @Message
    String console_invite_fileHelp();

    @Message
    String console_invite_role();

    @Message
    String console_invite_teams();

    @Message
    String console_invite_preview();

    @Message
    String console_invite_send();

    @Message
    String console_invite_cancel();

    @Message
    String console_invite_previewTitle();

    @Message
    String console_invite_problems();

    @Message
    String console_invite_cut();

    @Message
    String console_invite_working();

    @Message
    String console_invite_empty();

    @Message
    String console_outcome_INVITED();

    @Message
    String console_outcome_INVITED_SSO();

    @Message
    String console_outcome_ADDED_EXISTING_USER();

    @Message
    String console_outcome_ALREADY_MEMBER();

    @Message
    String console_outcome_QUOTA_REACHED();

    @Message
    String console_outcome_INVALID_EMAIL();

    @Message
    String console_outcome_DUPLICATE();

    @Message
    String console_batches();

    @Message
    String console_batches_link();

    @Message
    String console_batches_started();

    @Message
    String console_batches_processed();

    @Message
    String console_batches_of(int p0, int p1);

    @Message
    String console_batches_success();

    @Message
    String console_batches_info();

    @Message
    String console_batches_error();

    @Message
    String console_batches_report();

    @Message
    String console_batches_reportOf(String p0);

    @Message
    String console_batches_none();

    @Message
    String console_batches_status_QUEUED();

    @Message
    String console_batches_status_PROCESSING();

    @Message
    String console_batches_status_COMPLETED();

    @Message
    String console_batch_all();

    @Message
    String console_batch_title();

    @Message
    String console_batch_done();

    @Message
    String console_batch_decided();

    @Message
    String console_batch_mailsProgress(int p0, int p1);

    @Message
    String console_batch_mailsLive();

    @Message
    String console_batch_progress(int p0, int p1);

    /** The same text for the page's script, which puts the live figures in place of __N__ and __TOTAL__. */
    @Message
    String console_batch_progressLive();

    @Message
    String console_batch_messages();

    @Message
    String console_batch_noMessages();

    @Message
    String console_batch_cut(String p0, String p1);

    @Message
    String console_batch_cutLive();

    @Message
    String console_batch_report();

    @Message
    String console_batch_mails();

    @Message
    String console_mails_sent();

    @Message
    String console_mails_pending();

    @Message
    String console_mails_failed();

    @Message
    String console_batch_back();

    @Message
    String console_user_details();

    @Message
    String console_user_edit();

    @Message
    String console_user_save();

    @Message
    String console_user_resend();

    @Message
    String console_user_resendHelp();

    @Message
    String console_user_reset();

    @Message
    String console_user_resetHelp();

    @Message
    String console_user_resetSent(String p0);

    @Message
    String console_user_resetAgainIn(String p0);

    @Message
    String console_user_delete();

    @Message
    String console_user_deleteConfirm(String p0, String p1);

    @Message
    String console_user_deleteYes();

    @Message
    String console_user_phone();

    @Message
    String console_user_language();

    @Message
    String console_notice_saved();

    @Message
    String console_notice_resent();

    @Message
    String console_notice_removed();

    @Message
    String console_notice_deactivated();

    @Message
    String console_person_accounts();

    @Message
    String console_person_deactivate();

    @Message
    String console_person_deactivateConfirm(String p0);

    @Message
    String console_person_since();

    @Message
    String console_profileStatus_IN_PROGRESS();

    @Message
    String console_profileStatus_ACTIVE();

    @Message
    String console_profileStatus_DEACTIVATED();

    @Message
    String console_sso_domain();

    @Message
    String console_sso_provider();

    @Message
    String console_sso_add();

    @Message
    String console_sso_remove();

    @Message
    String console_sso_none();

    @Message
    String console_sso_badAlias();

    @Message
    String console_sso_badDomain();

    @Message
    String console_problem_title();

    @Message
    String console_close();

    // teams and audit pages

    @Message
    String console_accountNav(String p0);

    @Message
    String console_audit();

    @Message
    String console_teams_help();

    @Message
    String console_teams_newName();

    @Message
    String console_teams_create();

    @Message
    String console_teams_members();

    @Message
    String console_teams_membersOf(String p0);

    @Message
    String console_teams_nameOf(String p0);

    @Message
    String console_teams_rename();

    @Message
    String console_teams_delete();

    @Message
    String console_teams_deleteConfirm(String p0, String p1);

    @Message
    String console_teams_deleteYes();

    @Message
    String console_teams_none();

    @Message
    String console_notice_teamCreated();

    @Message
    String console_notice_teamRenamed();

    @Message
    String console_notice_teamDeleted();

    @Message
    String console_audit_actor();

    @Message
    String console_audit_action();

    @Message
    String console_audit_from();

    @Message
    String console_audit_to();

    @Message
    String console_audit_help();

    @Message
    String console_audit_at();

    @Message
    String console_audit_subject();

    @Message
    String console_audit_change();

    @Message
    String console_audit_none();

    @Message
    String console_audit_teamCount(String p0);

    @Message
    String console_audit_action_memberInvited();

    @Message
    String console_audit_action_memberAdded();

    @Message
    String console_audit_action_memberActivated();

    @Message
    String console_audit_action_memberRoleChanged();

    @Message
    String console_audit_action_memberStatusChanged();

    @Message
    String console_audit_action_memberTeamsChanged();

    @Message
    String console_audit_action_memberRemoved();

    @Message
    String console_audit_action_memberInvitationResent();

    @Message
    String console_audit_action_memberPasswordResetRequested();

    @Message
    String console_audit_action_memberPasswordReset();

    @Message
    String console_audit_action_invitationOpened();

    @Message
    String console_audit_action_invitationAccepted();

    @Message
    String console_audit_action_profileActivated();

    @Message
    String console_audit_action_profileDeactivated();

    @Message
    String console_audit_action_profileReactivated();

    @Message
    String console_audit_action_teamCreated();

    @Message
    String console_audit_action_teamRenamed();

    @Message
    String console_audit_action_teamDeleted();

    // seats

    @Message
    String console_seats();

    @Message
    String console_seats_SITE_ADMIN(String p0, String p1, String p2);

    @Message
    String console_seats_EDITOR(String p0, String p1, String p2);

    @Message
    String console_seats_previewSiteAdmin();

    @Message
    String console_seats_previewEditor();
    // grouping, invitee, platform

    @Message
    String console_group_count(String p0);

    @Message
    String console_group_countLive();

    @Message
    String console_group_more(String p0);

    @Message
    String console_group_moreLive();

    @Message
    String console_notice_reactivated();

    @Message
    String console_person_reactivate();

    @Message
    String console_person_reactivateConfirm(String p0);

    @Message
    String console_person_lastSignIn();

    @Message
    String console_person_noSignIn();

    @Message
    String console_sort();

    @Message
    String console_sort_created();

    @Message
    String console_sort_refused(String p0);

    @Message
    String console_pageSize(int p0);
}
