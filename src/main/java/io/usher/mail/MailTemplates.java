package io.usher.mail;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The emails, each in English then French (RULES.md, "The emails"), as HTML with a plain-text
 * twin for clients that show no HTML.
 */
@CheckedTemplate(basePath = "mail")
public final class MailTemplates {

    private MailTemplates() {}

    public static native TemplateInstance invitationPassword(MailContent mail);

    public static native TemplateInstance invitationPasswordText(MailContent mail);

    public static native TemplateInstance invitationSso(MailContent mail);

    public static native TemplateInstance invitationSsoText(MailContent mail);

    public static native TemplateInstance addedToAccount(MailContent mail);

    public static native TemplateInstance addedToAccountText(MailContent mail);

    public static native TemplateInstance passwordReset(MailContent mail);

    public static native TemplateInstance passwordResetText(MailContent mail);
}
