-- Many clients at once (issue 25). A round of the relay gave every lane (a priority and an
-- account) with due mail at least one mail, so 5,000 accounts waiting made a claim of 5,000 mails,
-- and it found the lanes by descending the outbox's index once per lane with any pending mail, due
-- or not. The lanes now have a row each, and a round takes the next lanes in turn (the one served
-- longest ago, or never, first) up to the claim size, passing over lanes with nothing due without
-- reading their mails.
--
-- A lane's row is kept by triggers on the outbox, whoever writes it (the chunk writer, a reset, a
-- result, a test): pending counts its PENDING mails (the outbox gauge sums them: no count of every
-- pending mail), and due_at is never later than its earliest pending mail's next_attempt_at. A
-- claim moves due_at on to what it leaves (its lease's end, or the next mail's time) while it
-- holds the lane's row; every write that makes a mail due sooner lowers it, waiting for that lock,
-- so a claim can never move due_at past a mail it did not see.
CREATE TABLE mail_lanes (
    priority   smallint    NOT NULL,
    account_id uuid        NOT NULL,
    pending    bigint      NOT NULL DEFAULT 0,
    due_at     timestamptz NOT NULL DEFAULT now(),
    served_at  timestamptz,
    PRIMARY KEY (priority, account_id)
);
-- The turns of lanes with pending mail, a priority's lanes in the order they are served.
CREATE INDEX mail_lanes_turns ON mail_lanes (priority, served_at NULLS FIRST, account_id) WHERE pending > 0;
ALTER TABLE mail_lanes SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 100);

INSERT INTO mail_lanes (priority, account_id, pending, due_at)
    SELECT priority, account_id, count(*), min(next_attempt_at) FROM mail_outbox WHERE status = 'PENDING'
    GROUP BY priority, account_id;

-- Adds one statement's moves to its lanes, in key order (two writers lock lanes in the same order).
CREATE FUNCTION mail_lanes_shift(priorities smallint[], account_ids uuid[], moved bigint[], due timestamptz[])
    RETURNS void LANGUAGE sql AS
$$
INSERT INTO mail_lanes AS l (priority, account_id, pending, due_at)
SELECT d.priority, d.account_id, d.moved, coalesce(d.due, 'infinity')
FROM unnest(priorities, account_ids, moved, due) AS d(priority, account_id, moved, due)
ORDER BY d.priority, d.account_id
ON CONFLICT (priority, account_id) DO UPDATE
    SET pending = l.pending + excluded.pending, due_at = least(l.due_at, excluded.due_at);
$$;

CREATE FUNCTION mail_lanes_after_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM mail_lanes_shift(array_agg(priority), array_agg(account_id), array_agg(moved), array_agg(due))
    FROM (SELECT priority, account_id, count(*) AS moved, min(next_attempt_at) AS due
          FROM new_rows WHERE status = 'PENDING' GROUP BY priority, account_id) d
    HAVING count(*) > 0;
    RETURN NULL;
END;
$$;

-- A claim or a renewal (mails stay pending, their time moves later) changes no lane here; a result
-- that leaves a mail pending but due sooner (a retry, a mail handed back) lowers its lane's due_at.
CREATE FUNCTION mail_lanes_after_update() RETURNS trigger
    -- Transition tables have no statistics: planned as a nested loop, the join of the old and new
    -- rows of one statement took minutes for 20,000 rows (a hash join takes milliseconds).
    LANGUAGE plpgsql SET enable_nestloop = off AS
$$
BEGIN
    PERFORM mail_lanes_shift(array_agg(priority), array_agg(account_id), array_agg(moved), array_agg(due))
    FROM (SELECT priority, account_id, sum(move)::bigint AS moved, min(due) AS due
          FROM (SELECT n.priority, n.account_id, 1 AS move,
                       CASE WHEN o.status <> 'PENDING' OR n.next_attempt_at < o.next_attempt_at
                            THEN n.next_attempt_at END AS due
                FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.status = 'PENDING'
                UNION ALL
                SELECT priority, account_id, -1, NULL FROM old_rows WHERE status = 'PENDING') moves
          GROUP BY priority, account_id) d
    WHERE moved <> 0 OR due IS NOT NULL
    HAVING count(*) > 0;
    RETURN NULL;
END;
$$;

CREATE FUNCTION mail_lanes_after_delete() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM mail_lanes_shift(array_agg(priority), array_agg(account_id), array_agg(moved), array_agg(NULL::timestamptz))
    FROM (SELECT priority, account_id, -count(*) AS moved
          FROM old_rows WHERE status = 'PENDING' GROUP BY priority, account_id) d
    HAVING count(*) > 0;
    RETURN NULL;
END;
$$;

CREATE TRIGGER mail_lanes_insert
    AFTER INSERT ON mail_outbox REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION mail_lanes_after_insert();
CREATE TRIGGER mail_lanes_update
    AFTER UPDATE ON mail_outbox REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION mail_lanes_after_update();
CREATE TRIGGER mail_lanes_delete
    AFTER DELETE ON mail_outbox REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION mail_lanes_after_delete();

-- The oldest pending mail (the gauge behind the "mail is not leaving" alert) from the front of an
-- index, not from a scan of every pending mail.
CREATE INDEX mail_outbox_oldest ON mail_outbox (created_at) WHERE status = 'PENDING';
