-- The write path of bulk invitations, made to cost what its own rows cost.

-- Seats taken (ACTIVE + PENDING memberships) per role, kept on the account row by statement-level
-- triggers. Counting the account's memberships on every write made each chunk of a bulk
-- invitation cost time in proportion to the account's size; a counter costs the chunk's own rows.
-- Every writer of memberships already holds the account row lock (RULES.md: "Quota is exact"), so
-- updating the counter there adds no contention; a writer that forgot the lock takes it here.

ALTER TABLE accounts
    ADD COLUMN seats_site_admin integer NOT NULL DEFAULT 0 CHECK (seats_site_admin >= 0),
    ADD COLUMN seats_editor     integer NOT NULL DEFAULT 0 CHECK (seats_editor >= 0);

UPDATE accounts a
SET seats_site_admin = (SELECT count(*) FROM memberships m
                        WHERE m.account_id = a.id AND m.role = 'SITE_ADMIN' AND m.status IN ('ACTIVE', 'PENDING')),
    seats_editor     = (SELECT count(*) FROM memberships m
                        WHERE m.account_id = a.id AND m.role = 'EDITOR' AND m.status IN ('ACTIVE', 'PENDING'));

DROP TRIGGER memberships_quota_insert ON memberships;
DROP TRIGGER memberships_quota_update ON memberships;
DROP FUNCTION memberships_quota_after_insert();
DROP FUNCTION memberships_quota_after_update();

-- Shifts the counters by one statement's net seat changes per account and refuses the statement
-- when a role that gained seats ends above its quota. A quota lowered below usage (allowed) thus
-- never blocks a change that frees or keeps seats.
CREATE FUNCTION memberships_shift_seats(account_ids uuid[], site_admin bigint[], editor bigint[]) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    over_quota boolean;
BEGIN
    WITH changed AS (
        UPDATE accounts a
        SET seats_site_admin = a.seats_site_admin + d.site_admin,
            seats_editor     = a.seats_editor + d.editor
        FROM unnest(account_ids, site_admin, editor) AS d(account_id, site_admin, editor)
        WHERE a.id = d.account_id AND (d.site_admin <> 0 OR d.editor <> 0)
        RETURNING (d.site_admin > 0 AND a.seats_site_admin > a.quota_site_admin)
               OR (d.editor > 0 AND a.seats_editor > a.quota_editor) AS over)
    SELECT coalesce(bool_or(over), false) INTO over_quota FROM changed;
    IF over_quota THEN
        RAISE EXCEPTION 'the quota of a role would be exceeded' USING ERRCODE = 'check_violation', CONSTRAINT = 'membership_quota';
    END IF;
END;
$$;

-- Each trigger sums its statement's moves: +1 for a row that holds a seat after, -1 before.
CREATE FUNCTION memberships_seats_after_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM memberships_shift_seats(array_agg(account_id), array_agg(site_admin), array_agg(editor))
    FROM (SELECT account_id,
                 count(*) FILTER (WHERE role = 'SITE_ADMIN') AS site_admin,
                 count(*) FILTER (WHERE role = 'EDITOR') AS editor
          FROM new_rows WHERE status IN ('ACTIVE', 'PENDING') GROUP BY account_id) d
    HAVING count(*) > 0;
    RETURN NULL;
END;
$$;

CREATE FUNCTION memberships_seats_after_update() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM memberships_shift_seats(array_agg(account_id), array_agg(site_admin), array_agg(editor))
    FROM (SELECT account_id,
                 coalesce(sum(move) FILTER (WHERE role = 'SITE_ADMIN'), 0) AS site_admin,
                 coalesce(sum(move) FILTER (WHERE role = 'EDITOR'), 0) AS editor
          FROM (SELECT account_id, role, 1 AS move FROM new_rows WHERE status IN ('ACTIVE', 'PENDING')
                UNION ALL
                SELECT account_id, role, -1 FROM old_rows WHERE status IN ('ACTIVE', 'PENDING')) moves
          GROUP BY account_id) d
    HAVING count(*) > 0;
    RETURN NULL;
END;
$$;

CREATE FUNCTION memberships_seats_after_delete() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM memberships_shift_seats(array_agg(account_id), array_agg(site_admin), array_agg(editor))
    FROM (SELECT account_id,
                 -count(*) FILTER (WHERE role = 'SITE_ADMIN') AS site_admin,
                 -count(*) FILTER (WHERE role = 'EDITOR') AS editor
          FROM old_rows WHERE status IN ('ACTIVE', 'PENDING') GROUP BY account_id) d
    HAVING count(*) > 0;
    RETURN NULL;
END;
$$;

CREATE TRIGGER memberships_seats_insert
    AFTER INSERT ON memberships REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memberships_seats_after_insert();
CREATE TRIGGER memberships_seats_update
    AFTER UPDATE ON memberships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memberships_seats_after_update();
CREATE TRIGGER memberships_seats_delete
    AFTER DELETE ON memberships REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memberships_seats_after_delete();

-- The counters replace the index that served counting.
DROP INDEX memberships_seats;

-- Every foreign key costs a lookup per written row: a bulk invitation of 100,000 addresses paid
-- about 1.2 million of them, a third of its time in the database. The keys kept are those no single
-- writer can vouch for: a membership's profile (profiles are shared by every account, created by
-- racing workers) and a member's teams (chosen by the caller). The others are dropped because the
-- one writer of those rows holds their target locked, in the same transaction:
-- - a membership's account, an invitation's membership, an outcome's batch: the worker locks the
--   account and the batch rows FOR UPDATE, then writes the membership, its invitation and the
--   outcome itself; accounts, batches and memberships are never deleted;
-- - audit_events: a history names who and what in text too, and must outlive what it names;
-- - invitation_outcomes account and mail, mail_outbox account: written beside their cause;
-- - memberships batch and inviter: where a membership came from, not what it is.
ALTER TABLE audit_events
    DROP CONSTRAINT audit_events_account_id_fkey,
    DROP CONSTRAINT audit_events_actor_profile_id_fkey,
    DROP CONSTRAINT audit_events_subject_profile_id_fkey;
ALTER TABLE invitation_outcomes
    DROP CONSTRAINT invitation_outcomes_batch_id_fkey,
    DROP CONSTRAINT invitation_outcomes_account_id_fkey,
    DROP CONSTRAINT invitation_outcomes_outbox_id_fkey;
ALTER TABLE mail_outbox
    DROP CONSTRAINT mail_outbox_account_id_fkey;
ALTER TABLE invitations
    DROP CONSTRAINT invitations_account_id_membership_id_fkey;
ALTER TABLE memberships
    DROP CONSTRAINT memberships_account_id_fkey,
    DROP CONSTRAINT memberships_batch_id_fkey,
    DROP CONSTRAINT memberships_invited_by_profile_id_fkey;

-- Invited people have no identity-provider subject until they first sign in: the index holds only
-- those who have one, instead of an entry for every invitation.
ALTER TABLE profiles DROP CONSTRAINT profiles_idp_subject_key;
CREATE UNIQUE INDEX profiles_idp_subject_key ON profiles (idp_subject) WHERE idp_subject IS NOT NULL;

-- The relay claims due mails in (next_attempt_at, id) order: the index gives that order whole,
-- so a claim reads its rows and no more, however long the outbox.
DROP INDEX mail_outbox_due;
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id) WHERE status = 'PENDING';

-- Newest-first lists read these indexes backwards, which a B-tree does as well as forwards. Built
-- ascending, a chunk's rows (time-ordered ids, one timestamp) are appended at the end of the
-- account's range, where built descending each one went in ahead of the last and split pages in
-- half; the indexes of a bulk invitation were twice the size they need be.
DROP INDEX memberships_account_newest;
CREATE INDEX memberships_account_newest ON memberships (account_id, invited_at, id);
DROP INDEX audit_events_account_newest;
CREATE INDEX audit_events_account_newest ON audit_events (account_id, at, id);
DROP INDEX invitation_batches_account_newest;
CREATE INDEX invitation_batches_account_newest ON invitation_batches (account_id, created_at, id);

-- One index serves both "one membership per person and account" and "a person's memberships":
-- led by the profile, the unique key answers lookups by profile alone, and those by account and
-- profile as before. A membership is one index entry lighter to write.
ALTER TABLE memberships DROP CONSTRAINT memberships_account_id_profile_id_key;
ALTER TABLE memberships ADD CONSTRAINT memberships_profile_account_key UNIQUE (profile_id, account_id);
DROP INDEX memberships_profile;

-- A link is known by its token's hash, which is unique already: it is the invitation's key, and
-- the surrogate id (in no query, no reference) and its index go.
ALTER TABLE invitations DROP CONSTRAINT invitations_pkey;
ALTER TABLE invitations DROP COLUMN id;
ALTER TABLE invitations DROP CONSTRAINT invitations_token_hash_key;
ALTER TABLE invitations ADD PRIMARY KEY (token_hash);

-- The audit log is read by account in time order and by person, through its two indexes; its id
-- only orders entries within one instant and is never looked up alone. Its own index was an entry
-- written for every change and never read.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey;
