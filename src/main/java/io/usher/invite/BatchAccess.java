package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.account.AccountAccess;
import io.usher.platform.Actor;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * A batch is seen by its account's administrators and by platform admins; to anyone else it does
 * not exist (404), whether it does or not.
 */
@ApplicationScoped
public class BatchAccess {

    private final Batches batches;
    private final AccountAccess access;

    public BatchAccess(Batches batches, AccountAccess access) {
        this.batches = batches;
        this.access = access;
    }

    public Uni<BatchView> require(Actor actor, UUID batchId) {
        return batches.findForAccessCheck(batchId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(notFound());
            }
            BatchView batch = found.get();
            return access.requireAdmin(actor, batch.accountId())
                    .onFailure(ProblemException.class)
                    .transform(e -> ((ProblemException) e).type() == ProblemType.NOT_FOUND ? notFound() : e)
                    .replaceWith(batch);
        });
    }

    static ProblemException notFound() {
        return ProblemException.batchNotFound();
    }
}
