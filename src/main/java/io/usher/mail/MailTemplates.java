package io.usher.mail;

import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;

/**
 * The emails, each in English then French (RULES.md, "The emails"): one template name each, whose
 * {@code .html} and {@code .txt} files the mailer sends as the HTML part and its plain-text twin.
 */
@CheckedTemplate(basePath = "mail")
final class MailTemplates {

    private MailTemplates() {}

    static native MailTemplateInstance invitationPassword(MailContent mail);

    static native MailTemplateInstance invitationSso(MailContent mail);

    static native MailTemplateInstance addedToAccount(MailContent mail);

    static native MailTemplateInstance passwordReset(MailContent mail);
}
