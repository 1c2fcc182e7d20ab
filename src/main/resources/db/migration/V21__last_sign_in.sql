-- When the person last signed in to Usher's pages, written once per sign-in (not per request), so
-- that a platform administrator can tell a dormant profile from a used one. Nullable, no default:
-- adding it rewrites nothing.
ALTER TABLE profiles ADD COLUMN last_signed_in_at timestamptz;
