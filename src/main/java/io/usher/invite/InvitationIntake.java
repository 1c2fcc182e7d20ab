package io.usher.invite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.usher.account.AccountAccess;
import io.usher.account.AccountRef;
import io.usher.member.Role;
import io.usher.platform.Actor;
import io.usher.platform.ApiMessages;
import io.usher.platform.FieldText;
import io.usher.platform.Ids;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Receives a bulk invitation on a worker thread: checks who asks and for what, claims a batch,
 * streams the body into one Kafka record per address, and queues the batch once every record is
 * acknowledged. The body is read under deadlines (BodyDeadlines). A request that fails on the way
 * (unreadable body, no address, a body that stalls or crawls, Kafka away) leaves nothing: its batch
 * is deleted with the lines already in the inbox, and the inbox writer drops those still to come.
 */
@ApplicationScoped
public class InvitationIntake {

    private static final Logger LOG = Logger.getLogger(InvitationIntake.class);

    private static final Duration DB = Duration.ofSeconds(30);
    private static final int MAX_KEY_LENGTH = 200;

    private final AccountAccess access;
    private final Batches batches;
    private final InvitationRequestProducer producer;
    private final ObjectMapper json;
    private final Pool pool;
    private final ReceivingLeases leases;
    private final InvitationMetrics metrics;
    private final ChunkTracing tracing;
    private final BodyDeadlines deadlines;
    private final ApplierSignal appliers;

    public InvitationIntake(
            AccountAccess access,
            Batches batches,
            InvitationRequestProducer producer,
            ObjectMapper json,
            Pool pool,
            ReceivingLeases leases,
            InvitationMetrics metrics,
            ChunkTracing tracing,
            BodyDeadlines deadlines,
            ApplierSignal appliers) {
        this.access = access;
        this.batches = batches;
        this.producer = producer;
        this.json = json;
        this.pool = pool;
        this.leases = leases;
        this.metrics = metrics;
        this.tracing = tracing;
        this.deadlines = deadlines;
        this.appliers = appliers;
    }

    /** The form of a request body. */
    public enum Format {
        JSON,
        LINES,
        CSV
    }

    /** A new batch (202), or the one an earlier request with the same key made (200). */
    public record Received(BatchView batch, boolean created) {}

    public Received receive(
            Actor actor,
            UUID accountId,
            String idempotencyKey,
            Format format,
            Charset charset,
            String queryRole,
            List<String> queryTeams,
            InputStream body) {
        AccountRef account = access.requireAdmin(actor, accountId).await().atMost(DB);
        String key = checkKey(idempotencyKey);
        Role role = null;
        List<UUID> teams = List.of();
        if (format != Format.JSON) {
            Target target = parseQuery(queryRole, queryTeams);
            role = target.role();
            teams = target.teams();
            checkTeams(account.id(), teams, "team");
        }
        if (key != null) {
            Optional<Received> earlier = earlier(account.id(), key);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        // A JSON body names its role and teams only inside it: the batch is claimed with a
        // provisional role and corrected once the body is read, before anything is queued.
        UUID requester = actor.profileId().orElse(null);
        BatchView batch = batches.startReceiving(
                        account.id(),
                        role == null ? Role.EDITOR : role,
                        teams,
                        requester,
                        actor.label(),
                        key,
                        leases.leaseMillis())
                .await()
                .atMost(DB)
                .orElseThrow(() -> stillReceiving());
        leases.hold(account.id(), batch.id());
        BatchLogContext.set(account.id(), batch.id());
        try (BodyDeadlines.GuardedBody guarded = deadlines.guard(body)) {
            // A record refused while the body waits for its client's next bytes ends the read at once.
            InvitationRequestProducer.Publication publication = producer.publication(guarded::abort);
            UUID batchId = batch.id();
            Role[] chosenRole = {role};
            List<UUID> chosenTeams = new ArrayList<>(teams);
            byte[] traceparent = tracing.currentTraceparent();
            // The first record Kafka refuses ends the request here, mid-body.
            NumberedEntries entries = new NumberedEntries((seq, entry) -> publication.send(
                    new InvitationRequest(batchId, account.id(), seq, entry, chosenRole[0], chosenTeams, actor.label()),
                    traceparent));
            if (format == Format.JSON) {
                // The role must be known before the first record: read the body, then send.
                List<String> buffered = new ArrayList<>();
                AddressReaders.JsonRequest request = AddressReaders.readJson(
                        guarded, charset, entry -> buffered.add(entry.toString()), json.getFactory());
                chosenRole[0] = request.role();
                chosenTeams.addAll(request.teams());
                checkTeams(account.id(), request.teams(), "teams");
                batches.setRequest(account.id(), batchId, request.role(), request.teams())
                        .await()
                        .atMost(DB);
                buffered.forEach(entries);
            } else if (format == Format.CSV) {
                AddressReaders.readCsv(guarded, charset, entries);
            } else {
                AddressReaders.readLines(guarded, charset, entries);
            }
            if (entries.count() == 0) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "no-address", ApiMessages::problem_no_address);
            }
            publication.awaitAcknowledged();
            BatchView queued = batches.queue(account.id(), batchId, entries.count())
                    .await()
                    .atMost(DB)
                    .orElseThrow(() -> new ProblemException(
                            ProblemType.UNAVAILABLE, "not-queued", ApiMessages::problem_not_queued));
            metrics.batchAccepted();
            // Its lines may all be in the inbox already, waiting for the batch to be queued.
            appliers.wake();
            LOG.infof("Batch queued: %d addresses", entries.count());
            return new Received(queued, true);
        } catch (RuntimeException e) {
            batches.discard(account.id(), batch.id()).await().atMost(DB);
            throw e;
        } finally {
            leases.release(batch.id());
        }
    }

    private Optional<Received> earlier(UUID accountId, String key) {
        batches.dropDead(accountId, key).await().atMost(DB);
        Optional<BatchView> found = batches.findByKey(accountId, key).await().atMost(DB);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (batches.isReceiving(accountId, found.get().id()).await().atMost(DB)) {
            throw stillReceiving();
        }
        return Optional.of(new Received(found.get(), false));
    }

    /** The role and teams a text or CSV body names in its query. */
    public record Target(Role role, List<UUID> teams) {}

    static Target parseQuery(String queryRole, List<String> queryTeams) {
        List<FieldText> errors = new ArrayList<>();
        Role role = AddressReaders.parseRole(queryRole, "role", errors);
        List<UUID> teams = parseTeams(queryTeams, errors);
        failOn(errors);
        return new Target(role, teams);
    }

    /** Every team must be one of this account's: a foreign or unknown id is the client's error. */
    void checkTeams(UUID accountId, List<UUID> teams, String field) {
        if (teams.isEmpty()) {
            return;
        }
        Set<UUID> found = new HashSet<>();
        pool.preparedQuery("SELECT id FROM teams WHERE account_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(accountId, teams.toArray(UUID[]::new)))
                .await()
                .atMost(DB)
                .forEach(row -> found.add(row.getUUID(0)));
        List<FieldText> errors = new ArrayList<>();
        for (int i = 0; i < teams.size(); i++) {
            if (!found.contains(teams.get(i))) {
                errors.add(new FieldText(field + "[" + i + "]", ApiMessages::field_team_of_account));
            }
        }
        failOn(errors);
    }

    private static List<UUID> parseTeams(List<String> values, List<FieldText> errors) {
        if (values == null) {
            return List.of();
        }
        List<UUID> teams = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            UUID id = Ids.parse(values.get(i));
            if (id == null) {
                errors.add(new FieldText("team[" + i + "]", ApiMessages::field_team_id));
            } else if (!teams.contains(id)) {
                teams.add(id);
            }
        }
        return teams;
    }

    private static String checkKey(String key) {
        if (key == null) {
            return null;
        }
        String trimmed = key.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_KEY_LENGTH) {
            throw ProblemException.invalidField("Idempotency-Key", ApiMessages::field_idempotency_key);
        }
        return trimmed;
    }

    private static void failOn(List<FieldText> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static ProblemException stillReceiving() {
        return ProblemException.conflict("still-receiving", ApiMessages::problem_still_receiving);
    }
}
