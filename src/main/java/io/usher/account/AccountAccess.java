package io.usher.account;

import io.smallrye.mutiny.Uni;
import io.usher.member.Membership;
import io.usher.member.MembershipRepository;
import io.usher.member.MembershipStatus;
import io.usher.member.Role;
import io.usher.platform.Actor;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Who may administer an account: platform admins, and the account's own active site admins.
 * Anyone else learns nothing: an account they are not in answers 404, exactly like one that does
 * not exist, so ids cannot be probed. Must run inside the caller's session.
 */
@ApplicationScoped
public class AccountAccess {

    private final AccountRepository accounts;
    private final MembershipRepository memberships;

    public AccountAccess(AccountRepository accounts, MembershipRepository memberships) {
        this.accounts = accounts;
        this.memberships = memberships;
    }

    /** The account, if the actor may administer it. */
    public Uni<Account> requireAdmin(Actor actor, UUID accountId) {
        if (actor.platformAdmin()) {
            return accounts.findById(accountId).onItem().ifNull().failWith(AccountAccess::notFound);
        }
        if (actor.email().isEmpty()) {
            return Uni.createFrom().failure(notFound());
        }
        return memberships.findByAccountAndEmail(accountId, actor.email().get()).chain(membership -> {
            if (membership == null || membership.status == MembershipStatus.REMOVED) {
                return Uni.createFrom().failure(notFound());
            }
            if (!isActiveSiteAdmin(membership)) {
                return Uni.createFrom()
                        .failure(new ProblemException(
                                ProblemType.FORBIDDEN, "Only the account's active site administrators may do this"));
            }
            return accounts.findById(accountId);
        });
    }

    private static boolean isActiveSiteAdmin(Membership membership) {
        return membership.role == Role.SITE_ADMIN && membership.status == MembershipStatus.ACTIVE;
    }

    static ProblemException notFound() {
        return ProblemException.notFound("The account");
    }
}
