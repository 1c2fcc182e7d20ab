-- A membership's profile key cost a lookup and a row lock on the profile for every membership
-- written: about 12 µs an invited address, a tenth of a bulk invitation's time in the database.
-- It guarded nothing a writer could get wrong: profiles are never deleted (a platform admin
-- deactivates them), and the one writer of memberships takes each profile id from a profile it
-- read committed, inserted itself in the same transaction, or found after losing an insert race
-- (which waits for the winner to commit). The unique key (profile_id, account_id) stays.
ALTER TABLE memberships DROP CONSTRAINT memberships_profile_id_fkey;
