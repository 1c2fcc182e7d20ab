-- Mails queued before link tokens were derived (a random seed in the mail, its token an HMAC under
-- the link key, never stored) still carry their whole link in the payload until they are sent: a
-- copy of the database, a backup included, opens those pages. Their token cannot be rewritten into
-- a seed (it was random, and a seed's token is an HMAC under a key the database never sees), so
-- their link is reissued, as a resend would, before the mail goes out (issue 25):
--
-- - here, the link leaves the mail at once. Only its page's path stays in the payload; the hash of
--   its token, which the invitation or the reset already holds, is kept in mail_link_reissues to
--   find that link again; and the mail is held back (the relay claims only mails due by now).
-- - at start, Usher (onboarding/LinkReissue) mints a new link for each held mail, puts its hash in
--   place of the old one on the live invitation or reset, gives the mail its seed and releases it.
--   A mail whose link is no longer live (used, revoked by a resend, expired) is given up instead.
--
-- Nobody had the old link, since its mail was not sent: changing it loses nobody anything. A mail
-- under a relay's lease right now (an older replica still running) is taken too; that relay can no
-- longer write its result, and if it did send the mail, its person gets the new link in a second one.
-- Mails already sent or given up hold no link (the relay erased it); only PENDING ones are read.
-- (IF NOT EXISTS: LinkReissueIT runs this script again on a database Flyway has migrated.)
CREATE TABLE IF NOT EXISTS mail_link_reissues (
    outbox_id  bigint PRIMARY KEY,
    token_hash bytea NOT NULL CHECK (length(token_hash) = 32)
);

WITH old AS (
    SELECT id, payload ->> 'link' AS link
    FROM mail_outbox
    WHERE status = 'PENDING' AND jsonb_typeof(payload -> 'link') = 'string'
    FOR UPDATE
), held AS (
    INSERT INTO mail_link_reissues (outbox_id, token_hash)
    SELECT id, sha256(convert_to(substring(link FROM '/([^/?#]*)$'), 'UTF8')) FROM old
)
UPDATE mail_outbox o
SET payload = jsonb_set(o.payload, '{link}',
        jsonb_build_object('path', coalesce(substring(old.link FROM '(/[^/]+/)[^/]*$'), '/invitations/'))),
    next_attempt_at = 'infinity',
    claim_token = NULL
FROM old
WHERE o.id = old.id;
