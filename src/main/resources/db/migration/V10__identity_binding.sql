-- A profile belongs to the sign-in that first claimed it (issue 12, item 6): its subject
-- (idp_subject, already here) and, when that sign-in came through a company's identity provider
-- brokered by the platform realm, that provider's alias. Later requests find the profile by
-- subject; the alias records which provider vouched for the address when it was claimed.
ALTER TABLE profiles ADD COLUMN idp_alias text CHECK (length(idp_alias) BETWEEN 1 AND 255);
ALTER TABLE profiles ADD CONSTRAINT profiles_idp_alias_bound CHECK (idp_alias IS NULL OR idp_subject IS NOT NULL);
