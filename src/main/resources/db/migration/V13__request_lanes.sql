-- Two lanes for invitation requests (issue 15): a batch of a few addresses goes to a topic of its
-- own, so it never queues behind another account's big list. Batches already queued were sent on
-- the one topic there was, which is the large lane's.
ALTER TABLE invitation_batches ADD COLUMN lane text NOT NULL DEFAULT 'LARGE'
    CHECK (lane IN ('SMALL', 'LARGE'));
-- When a batch's last record was acknowledged: a batch waits only for batches of the other lane
-- queued before it was created (accepted before its request began), whose records are then all
-- older than its own, so two lanes can never wait on each other.
ALTER TABLE invitation_batches ADD COLUMN queued_at timestamptz;
UPDATE invitation_batches SET queued_at = created_at WHERE status <> 'RECEIVING';
CREATE INDEX invitation_batches_unfinished ON invitation_batches (account_id, queued_at)
    WHERE status IN ('QUEUED', 'PROCESSING');
