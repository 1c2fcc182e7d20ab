package io.usher.invite;

import io.usher.account.FirstAdminInviter;
import io.usher.member.Role;
import io.usher.platform.Actor;
import io.usher.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** The first administrator of a new account, invited as {@code SITE_ADMIN} through the intake. */
@ApplicationScoped
public class FirstAdminInvitation implements FirstAdminInviter {

    private final InvitationIntake intake;

    public FirstAdminInvitation(InvitationIntake intake) {
        this.intake = intake;
    }

    @Override
    public void check(String email) {
        if (email.contains("\n")
                || email.contains("\r")
                || EmailAddresses.canonical(email).isEmpty()) {
            throw ProblemException.invalidField("firstAdminEmail", "must be a valid email address");
        }
    }

    @Override
    public UUID invite(Actor actor, UUID accountId, String email) {
        byte[] body = email.getBytes(StandardCharsets.UTF_8);
        return intake.receive(
                        actor,
                        accountId,
                        null,
                        InvitationIntake.Format.LINES,
                        StandardCharsets.UTF_8,
                        Role.SITE_ADMIN.name(),
                        List.of(),
                        new ByteArrayInputStream(body))
                .batch()
                .id();
    }
}
