-- Mail for every tenant (issue 17). The relay served due mails oldest first, so one account's big
-- list held up every other account's mails, resets included. It now serves lanes in turn: a lane
-- is a priority and an account, and each round takes an equal share of every lane with due mail.
--
-- priority 0: a person is waiting for the mail (a password reset, a resend, a batch of a few
-- addresses); 1: bulk. A constant default rewrites no row.
ALTER TABLE mail_outbox ADD COLUMN priority smallint NOT NULL DEFAULT 1;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_priority CHECK (priority IN (0, 1));

-- Every mail is written with its account; a row of none (there should be none) becomes the nil
-- account's lane rather than a mail the relay can no longer see.
UPDATE mail_outbox SET account_id = '00000000-0000-0000-0000-000000000000' WHERE account_id IS NULL;
ALTER TABLE mail_outbox ALTER COLUMN account_id SET NOT NULL;

-- The lanes (a skip scan over its first two columns) and each lane's due mails, oldest first: a
-- round reads the first entries of each lane and nothing else.
CREATE INDEX mail_outbox_lanes ON mail_outbox (priority, account_id, next_attempt_at, id) WHERE status = 'PENDING';
DROP INDEX mail_outbox_due;

-- A queue: every mail sent leaves an index entry behind until vacuum, and a round's skip scan
-- steps over those of the lanes it passes. Vacuumed after 1 % of its rows changed, not 20 %.
ALTER TABLE mail_outbox SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
