-- Duplicate lines are found across chunks only in lists of up to 20,000 lines, by reading the
-- batch's earlier outcomes (SnapshotLoader.EARLIER_LINES_SEARCHED); an index on every outcome's
-- address, to find them in lists of any length, cost the bulk path a sixth of its speed.
DROP INDEX IF EXISTS invitation_outcomes_batch_email;
