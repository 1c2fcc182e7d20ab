-- A line repeated in the same list is its own outcome, DUPLICATE, naming the line it repeats: it was
-- reported ALREADY_MEMBER (and counted among the members) though nobody existed yet.
ALTER TABLE invitation_outcomes DROP CONSTRAINT invitation_outcomes_outcome_check;
ALTER TABLE invitation_outcomes ADD CONSTRAINT invitation_outcomes_outcome_check CHECK (outcome IN ('INVITED',
    'INVITED_SSO', 'ADDED_EXISTING_USER', 'ALREADY_MEMBER', 'QUOTA_REACHED', 'INVALID_EMAIL', 'DUPLICATE'));
ALTER TABLE invitation_outcomes ADD COLUMN duplicate_of integer CHECK (duplicate_of >= 1 AND duplicate_of < seq);
ALTER TABLE invitation_outcomes ADD CONSTRAINT invitation_outcomes_duplicate_names_a_line
    CHECK ((outcome = 'DUPLICATE') = (duplicate_of IS NOT NULL));
-- Which earlier line of its batch an address repeats, when that line was decided in an earlier chunk:
-- a set lookup per chunk, never a scan of the batch's outcomes.
CREATE INDEX invitation_outcomes_batch_email ON invitation_outcomes (batch_id, email);

-- The batch counts duplicates apart; processed and the checks on it count them too.
ALTER TABLE invitation_batches ADD COLUMN count_duplicate integer NOT NULL DEFAULT 0 CHECK (count_duplicate >= 0);
DO $$
DECLARE
    sums text;
BEGIN
    -- V1's two checks on the sum of the counts, unnamed there: found by what they say.
    FOR sums IN SELECT conname FROM pg_constraint
                WHERE conrelid = 'invitation_batches'::regclass AND contype = 'c'
                  AND pg_get_constraintdef(oid) LIKE '%count_invalid_email%total%'
    LOOP
        EXECUTE format('ALTER TABLE invitation_batches DROP CONSTRAINT %I', sums);
    END LOOP;
END $$;
ALTER TABLE invitation_batches DROP COLUMN processed;
ALTER TABLE invitation_batches ADD COLUMN processed integer GENERATED ALWAYS AS (count_invited + count_invited_sso
    + count_added_existing_user + count_already_member + count_quota_reached + count_invalid_email
    + count_duplicate) STORED;
-- processed never passes total, and a completed batch has them equal.
ALTER TABLE invitation_batches ADD CONSTRAINT invitation_batches_processed_within_total
    CHECK (total IS NULL OR processed <= total);
ALTER TABLE invitation_batches ADD CONSTRAINT invitation_batches_completed_whole
    CHECK (status <> 'COMPLETED' OR processed = total);
