-- Every tenant gets its share (issue 24). Kafka delivers a partition in order, so an account's
-- records queued behind another account's million waited for all of it, and a batch whose body was
-- still being read held up every batch behind it on its partition. The workers now move each record
-- from Kafka into this inbox as fast as they read it and commit the offset; appliers take an
-- account's next chunk from here, one account after another (InvitationApplier), whatever
-- partition their records came by. A batch still being read waits here, holding no one.
--
-- A row is a slice: consecutive lines of one batch, as one poll brought them (never across an
-- aligned block of usher.invitations.chunk-size lines, so that a chunk reads whole slices). One row
-- of a few thousand addresses costs PostgreSQL far less than a row per address. A redelivered
-- record makes a slice that overlaps another; the applier reads each line once, from the first line
-- its batch has not decided yet, and deletes what it applied.
CREATE TABLE invitation_inbox (
    batch_id    uuid    NOT NULL REFERENCES invitation_batches (id) ON DELETE CASCADE,
    first_seq   integer NOT NULL CHECK (first_seq >= 1),
    last_seq    integer NOT NULL,
    account_id  uuid    NOT NULL,
    -- The addresses as the request listed them; null for a line whose record could not be read.
    emails      text[]  NOT NULL,
    -- The request's trace (W3C traceparent), which the chunk's span joins; null when not traced.
    traceparent text,
    PRIMARY KEY (batch_id, first_seq, last_seq),
    CHECK (last_seq = first_seq + cardinality(emails) - 1)
);
-- A queue: rows are written and deleted within seconds. Vacuumed after 1 % of its rows changed.
ALTER TABLE invitation_inbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 100);

-- Accounts are served in turn: the one served longest ago (or not yet) goes first. A turn exists
-- for every account with a batch queued or under way (the intake writes it with the batch's QUEUED;
-- a sweep drops turns whose accounts have no batch left, and puts back any a race took), so an
-- applier's claim walks this index from the front and stops at the first account with lines ready:
-- its cost does not grow with the accounts waiting, as a scan of every unfinished batch would.
CREATE TABLE invitation_turns (
    account_id uuid PRIMARY KEY REFERENCES accounts (id),
    served_at  timestamptz
);
CREATE INDEX invitation_turns_next ON invitation_turns (served_at NULLS FIRST, account_id);
ALTER TABLE invitation_turns SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 100);
INSERT INTO invitation_turns (account_id)
    SELECT DISTINCT account_id FROM invitation_batches WHERE status IN ('QUEUED', 'PROCESSING');

-- One way in for every batch: the two lanes are gone. An account's batches are decided in the
-- order they were queued (their bodies read whole), so a batch still being read waits for no one
-- and no one waits for it.
ALTER TABLE invitation_batches DROP COLUMN lane;

-- How many lines of a batch are decided: the applier's next line is processed + 1, since lines are
-- decided in order. Kept by PostgreSQL, so no writer can let it drift from the counts.
ALTER TABLE invitation_batches ADD COLUMN processed integer GENERATED ALWAYS AS (count_invited + count_invited_sso
    + count_added_existing_user + count_already_member + count_quota_reached + count_invalid_email) STORED;
