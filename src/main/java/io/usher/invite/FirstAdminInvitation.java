package io.usher.invite;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.usher.account.FirstAdminInviter;
import io.usher.account.NewAccount;
import io.usher.member.Role;
import io.usher.platform.Actor;
import io.usher.platform.ApiMessages;
import io.usher.platform.BodyCheck;
import io.usher.platform.FieldText;
import io.usher.platform.TraceParents;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The first administrator of a new account, invited as {@code SITE_ADMIN}: a batch of one address,
 * decided and written by the same store as the workers' chunks, in the transaction that creates
 * the account. Its outcome, mail and report are those of any batch.
 */
@ApplicationScoped
public class FirstAdminInvitation implements FirstAdminInviter, BodyCheck<NewAccount> {

    private final Batches batches;
    private final InvitationStore store;

    public FirstAdminInvitation(Batches batches, InvitationStore store) {
        this.batches = batches;
        this.store = store;
    }

    @Override
    public Class<NewAccount> type() {
        return NewAccount.class;
    }

    /** Refuses, with the body's other errors, an address no invitation could be sent to. */
    @Override
    public List<FieldText> problems(NewAccount body) {
        String email = body.firstAdminEmail();
        if (email != null
                && (email.contains("\n")
                        || email.contains("\r")
                        || EmailAddresses.canonical(email).isEmpty())) {
            return List.of(new FieldText("firstAdminEmail", ApiMessages::field_email));
        }
        return List.of();
    }

    @Override
    public Uni<UUID> invite(SqlConnection sql, Actor actor, UUID accountId, String email) {
        UUID requester = actor.profileId().orElse(null);
        ChunkPlanner.BatchInfo batch =
                new ChunkPlanner.BatchInfo(Role.SITE_ADMIN, List.of(), actor.label(), requester, 1);
        // The account's own transaction holds its lock already (it was just made): its one line is
        // decided as an applier decides a chunk, its claim and head known here rather than read.
        return batches.startQueued(sql, accountId, Role.SITE_ADMIN, actor, 1)
                .call(batchId -> SnapshotLoader.account(sql, accountId, true)
                        .chain(account -> store.apply(
                                sql,
                                new Inbox.Claim(accountId, account),
                                new Inbox.Head(batchId, batch, 1),
                                List.of(new InvitationRequest(
                                        batchId, accountId, 1, email, Role.SITE_ADMIN, List.of(), actor.label())),
                                TraceParents.of(Context.current()))));
    }
}
