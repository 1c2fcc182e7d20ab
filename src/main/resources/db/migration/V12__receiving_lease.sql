-- A batch whose body is still being read is held by a lease that the receiving replica renews
-- (ReceivingLeases). When the replica dies, the lease runs out within seconds, and the batch and
-- its records are dropped: nothing waits for it longer than the lease (issue 12, item 1).
ALTER TABLE invitation_batches ADD COLUMN receiving_until timestamptz;
UPDATE invitation_batches SET receiving_until = now() WHERE status = 'RECEIVING';
ALTER TABLE invitation_batches
    ADD CONSTRAINT invitation_batches_receiving_lease CHECK ((status = 'RECEIVING') = (receiving_until IS NOT NULL));
-- The sweeper's look-up of leases that ran out: only RECEIVING rows, a handful at any time.
CREATE INDEX invitation_batches_receiving ON invitation_batches (receiving_until) WHERE status = 'RECEIVING';
