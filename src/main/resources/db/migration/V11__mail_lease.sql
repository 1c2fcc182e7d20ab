-- A claim on outbox mails is a lease (issue 12): the relay that claims mails writes a fresh token
-- on them, and next_attempt_at, set by the database, is when the lease ends. The relay renews the
-- lease (by token) before it could run out under a send, and writes each mail's result only where
-- the token is still its own: a replica that lost its lease cannot overwrite the mail's new owner.
-- Cleared when the result is written. Nullable and without a default: adding it rewrites nothing.
ALTER TABLE mail_outbox ADD COLUMN claim_token uuid;
