package io.usher.onboarding;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;
import java.util.Map;

/** The pages for people (templates/pages), each inside the layout: English or French. */
@CheckedTemplate(basePath = "pages")
final class Pages {

    private Pages() {}

    static native TemplateInstance invitationPassword(
            PageFrame page, String token, LinkFacts link, Map<String, String> values, Map<String, String> errors);

    static native TemplateInstance invitationSso(PageFrame page, String token, LinkFacts link);

    static native TemplateInstance invitationExisting(PageFrame page, String token, LinkFacts link);

    static native TemplateInstance linkGone(PageFrame page);

    static native TemplateInstance signedInAsOther(PageFrame page, String current, String email);

    static native TemplateInstance terms(PageFrame page, boolean form, String name, boolean error);

    static native TemplateInstance home(
            PageFrame page, String name, String email, List<MeResource.MeView.Membership> memberships);

    static native TemplateInstance refused(PageFrame page, String message);

    static native TemplateInstance passwordReset(
            PageFrame page, String token, String email, Map<String, String> errors);

    static native TemplateInstance done(PageFrame page, String title, String body, String signIn);

    /** One of the person's accounts on their home page. */
}
