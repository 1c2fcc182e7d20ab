-- Database-wide gauges, summed by one replica per period and read by every other (InvitationMetrics):
-- the backlog's sum runs once per period however many replicas scrape it.
CREATE TABLE usher_gauges (
    name  text PRIMARY KEY,
    value bigint      NOT NULL,
    at    timestamptz NOT NULL
);
INSERT INTO usher_gauges (name, value, at) VALUES ('addresses_waiting', 0, '-infinity');

-- How each batch's mails stand, kept as they change (Outcomes.deliveries): the console's batch page
-- asks every 3 s, and joining every outcome of a big batch to its mail took 100,000 lookups each
-- time. PostgreSQL keeps the counts, whichever code changes a mail's status: one upsert per batch
-- per statement, on a row of its own (never the batch's, which the appliers hold while they write).
-- Mails still to be sent are the batch's successes less these.
CREATE TABLE invitation_batch_mails (
    batch_id uuid PRIMARY KEY,
    sent     integer NOT NULL DEFAULT 0,
    failed   integer NOT NULL DEFAULT 0
);

-- A batch's mail names it in its dedupe key (ChunkPlan.Address.mailKey): invitation:<batch>:<seq>.
CREATE FUNCTION invitation_batch_of_mail(dedupe_key text) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN dedupe_key ~ '^invitation:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:'
        THEN substr(dedupe_key, 12, 36)::uuid END
$$;

CREATE FUNCTION count_invitation_batch_mails() RETURNS trigger
    -- Transition tables have no statistics: planned as a nested loop, the join of the old and new
    -- rows of one statement took minutes for 20,000 rows (a hash join takes milliseconds).
    LANGUAGE plpgsql SET enable_nestloop = off AS $$
BEGIN
    INSERT INTO invitation_batch_mails AS c (batch_id, sent, failed)
    SELECT invitation_batch_of_mail(n.dedupe_key),
           count(*) FILTER (WHERE n.status = 'SENT') - count(*) FILTER (WHERE o.status = 'SENT'),
           count(*) FILTER (WHERE n.status = 'FAILED') - count(*) FILTER (WHERE o.status = 'FAILED')
    FROM changed_new n JOIN changed_old o ON o.id = n.id
    WHERE n.status <> o.status AND invitation_batch_of_mail(n.dedupe_key) IS NOT NULL
    GROUP BY 1
    ON CONFLICT (batch_id) DO UPDATE SET sent = c.sent + excluded.sent, failed = c.failed + excluded.failed;
    RETURN NULL;
END
$$;

-- The batches decided so far are counted once, here: no mail changes between this count and the
-- trigger (the lock holds until the migration commits).
LOCK TABLE mail_outbox IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO invitation_batch_mails (batch_id, sent, failed)
SELECT o.batch_id, count(*) FILTER (WHERE m.status = 'SENT'), count(*) FILTER (WHERE m.status = 'FAILED')
FROM invitation_outcomes o JOIN mail_outbox m ON m.id = o.outbox_id
GROUP BY o.batch_id
HAVING count(*) FILTER (WHERE m.status <> 'PENDING') > 0;

CREATE TRIGGER mail_outbox_batch_counts AFTER UPDATE ON mail_outbox
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION count_invitation_batch_mails();
