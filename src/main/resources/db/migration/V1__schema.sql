-- Usher's whole domain (RULES.md). Constraints state what must never happen; the service's
-- locks and decisions keep it from being attempted, these make a bug fail loudly instead.

CREATE TABLE accounts (
    id               uuid PRIMARY KEY,
    name             text        NOT NULL CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 200),
    default_language text        NOT NULL CHECK (default_language IN ('en', 'fr')),
    quota_site_admin integer     NOT NULL CHECK (quota_site_admin >= 0),
    quota_editor     integer     NOT NULL CHECK (quota_editor >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
-- Two companies called "Acme" and "acme" would confuse every platform admin.
CREATE UNIQUE INDEX accounts_name_key ON accounts (lower(name));

CREATE TABLE teams (
    id         uuid PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES accounts (id),
    name       text        NOT NULL CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- Target of the composite keys that keep a member's teams inside the member's account.
    UNIQUE (account_id, id)
);
CREATE UNIQUE INDEX teams_account_name_key ON teams (account_id, lower(name));

CREATE TABLE profiles (
    id                uuid PRIMARY KEY,
    -- The person's identifier and user name in the identity provider: lower-case, never changed.
    email             text        NOT NULL UNIQUE
        CHECK (email = lower(btrim(email)) AND length(email) BETWEEN 3 AND 254 AND position('@' IN email) > 1),
    first_name        text CHECK (length(first_name) <= 100),
    last_name         text CHECK (length(last_name) <= 100),
    phone             text CHECK (length(phone) <= 40),
    language          text CHECK (language IN ('en', 'fr')),
    -- The identity provider's subject, known from the first sign-in (or credential creation) on.
    idp_subject       text UNIQUE,
    status            text        NOT NULL CHECK (status IN ('IN_PROGRESS', 'ACTIVE', 'DEACTIVATED')),
    terms_accepted_at timestamptz,
    activated_at      timestamptz,
    deactivated_at    timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'DEACTIVATED') = (deactivated_at IS NOT NULL))
);

CREATE TABLE invitation_batches (
    id                      uuid PRIMARY KEY,
    account_id              uuid        NOT NULL REFERENCES accounts (id),
    role                    text        NOT NULL CHECK (role IN ('SITE_ADMIN', 'EDITOR')),
    team_ids                uuid[]      NOT NULL DEFAULT '{}',
    requested_by_profile_id uuid REFERENCES profiles (id),
    -- Who asked, as the emails name them (the inviter's name, or their email when nameless).
    requested_by            text        NOT NULL,
    idempotency_key         text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    -- RECEIVING while the request body is still being read and published; total is known after.
    status                  text        NOT NULL CHECK (status IN ('RECEIVING', 'QUEUED', 'PROCESSING', 'COMPLETED')),
    total                   integer CHECK (total >= 0),
    count_invited             integer NOT NULL DEFAULT 0 CHECK (count_invited >= 0),
    count_invited_sso         integer NOT NULL DEFAULT 0 CHECK (count_invited_sso >= 0),
    count_added_existing_user integer NOT NULL DEFAULT 0 CHECK (count_added_existing_user >= 0),
    count_already_member      integer NOT NULL DEFAULT 0 CHECK (count_already_member >= 0),
    count_quota_reached       integer NOT NULL DEFAULT 0 CHECK (count_quota_reached >= 0),
    count_invalid_email       integer NOT NULL DEFAULT 0 CHECK (count_invalid_email >= 0),
    created_at              timestamptz NOT NULL DEFAULT now(),
    completed_at            timestamptz,
    UNIQUE (account_id, id),
    UNIQUE (account_id, idempotency_key),
    CHECK ((status = 'RECEIVING') = (total IS NULL)),
    CHECK ((status = 'COMPLETED') = (completed_at IS NOT NULL)),
    -- processed (the sum of the counts) never passes total, and a completed batch has them equal.
    CHECK (total IS NULL OR count_invited + count_invited_sso + count_added_existing_user
        + count_already_member + count_quota_reached + count_invalid_email <= total),
    CHECK (status <> 'COMPLETED' OR count_invited + count_invited_sso + count_added_existing_user
        + count_already_member + count_quota_reached + count_invalid_email = total)
);
CREATE INDEX invitation_batches_account_newest ON invitation_batches (account_id, created_at DESC, id DESC);

CREATE TABLE memberships (
    id                    uuid PRIMARY KEY,
    account_id            uuid        NOT NULL REFERENCES accounts (id),
    profile_id            uuid        NOT NULL REFERENCES profiles (id),
    role                  text        NOT NULL CHECK (role IN ('SITE_ADMIN', 'EDITOR')),
    status                text        NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'SUSPENDED', 'ARCHIVED', 'REMOVED')),
    invited_by_profile_id uuid REFERENCES profiles (id),
    invited_by            text,
    invited_at            timestamptz NOT NULL,
    batch_id              uuid REFERENCES invitation_batches (id),
    activated_at          timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    -- One membership per person and account, whatever its status (RULES.md step 2).
    UNIQUE (account_id, profile_id),
    UNIQUE (account_id, id)
);
CREATE INDEX memberships_profile ON memberships (profile_id);
-- Quota usage: ACTIVE and PENDING memberships of one role.
CREATE INDEX memberships_seats ON memberships (account_id, role) WHERE status IN ('ACTIVE', 'PENDING');
-- The user list's order: newest invitation first.
CREATE INDEX memberships_account_newest ON memberships (account_id, invited_at DESC, id DESC);

CREATE TABLE membership_teams (
    account_id    uuid NOT NULL,
    membership_id uuid NOT NULL,
    team_id       uuid NOT NULL,
    PRIMARY KEY (membership_id, team_id),
    -- Both keys name the account, so a team of another account can never be attached.
    FOREIGN KEY (account_id, membership_id) REFERENCES memberships (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, team_id) REFERENCES teams (account_id, id) ON DELETE CASCADE
);
CREATE INDEX membership_teams_team ON membership_teams (team_id);

CREATE TABLE sso_domains (
    domain            text PRIMARY KEY
        CHECK (domain = lower(domain) AND length(domain) <= 253
            AND domain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$'),
    identity_provider text        NOT NULL CHECK (identity_provider ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invitations (
    id            uuid PRIMARY KEY,
    account_id    uuid        NOT NULL,
    membership_id uuid        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('PASSWORD', 'SSO', 'EXISTING_USER')),
    -- SHA-256 of the link's random token; the token itself is never stored.
    token_hash    bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    used_at       timestamptz,
    revoked_at    timestamptz,
    FOREIGN KEY (account_id, membership_id) REFERENCES memberships (account_id, id) ON DELETE CASCADE,
    CHECK (expires_at > created_at),
    CHECK (used_at IS NULL OR revoked_at IS NULL)
);
-- At most one live link per membership: a resend revokes the old one in the same transaction.
CREATE UNIQUE INDEX invitations_one_live ON invitations (membership_id) WHERE used_at IS NULL AND revoked_at IS NULL;

CREATE TABLE password_resets (
    id            uuid PRIMARY KEY,
    account_id    uuid        NOT NULL,
    membership_id uuid        NOT NULL,
    token_hash    bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    requested_by  text        NOT NULL,
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    used_at       timestamptz,
    revoked_at    timestamptz,
    FOREIGN KEY (account_id, membership_id) REFERENCES memberships (account_id, id) ON DELETE CASCADE,
    CHECK (expires_at > created_at),
    CHECK (used_at IS NULL OR revoked_at IS NULL)
);
-- The 30-second cooldown looks up a member's latest request.
CREATE INDEX password_resets_latest ON password_resets (membership_id, created_at DESC);
CREATE UNIQUE INDEX password_resets_one_live ON password_resets (membership_id) WHERE used_at IS NULL AND revoked_at IS NULL;

CREATE TABLE mail_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id      uuid REFERENCES accounts (id),
    kind            text        NOT NULL CHECK (kind IN ('INVITATION_PASSWORD', 'INVITATION_SSO', 'ADDED_TO_ACCOUNT', 'PASSWORD_RESET')),
    recipient       text        NOT NULL CHECK (recipient = lower(recipient)),
    -- Template data, link included; the link is erased once the mail is sent or given up.
    payload         jsonb       NOT NULL,
    -- What caused the mail (e.g. batch and seq), so a redelivered cause never writes a second row.
    dedupe_key      text        NOT NULL UNIQUE,
    status          text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    CHECK ((status = 'SENT') = (sent_at IS NOT NULL))
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'PENDING';

CREATE TABLE invitation_outcomes (
    batch_id      uuid        NOT NULL REFERENCES invitation_batches (id),
    seq           integer     NOT NULL CHECK (seq >= 1),
    account_id    uuid        NOT NULL REFERENCES accounts (id),
    email         text        NOT NULL,
    outcome       text        NOT NULL CHECK (outcome IN ('INVITED', 'INVITED_SSO', 'ADDED_EXISTING_USER',
                                                          'ALREADY_MEMBER', 'QUOTA_REACHED', 'INVALID_EMAIL')),
    severity      text        NOT NULL CHECK (severity IN ('success', 'info', 'error')),
    message       text        NOT NULL,
    membership_id uuid,
    outbox_id     bigint REFERENCES mail_outbox (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- One outcome per address: a redelivered request finds its outcome and is never re-applied.
    PRIMARY KEY (batch_id, seq)
);

CREATE TABLE audit_events (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id         uuid REFERENCES accounts (id),
    at                 timestamptz NOT NULL DEFAULT now(),
    actor_profile_id   uuid REFERENCES profiles (id),
    -- Who acted, readable even after the actor is gone: an email, or "system:<component>".
    actor              text        NOT NULL,
    action             text        NOT NULL,
    subject_profile_id uuid REFERENCES profiles (id),
    subject            text,
    details            jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_account_newest ON audit_events (account_id, at DESC, id DESC);
CREATE INDEX audit_events_subject ON audit_events (subject_profile_id);

-- The quota's safety net (RULES.md: "Quota is exact"). Writers hold the account row lock and
-- decide first; this refuses any statement that would still seat more ACTIVE+PENDING members of
-- a role than the quota allows. Only rows that newly take a seat are checked, so a quota lowered
-- below usage (allowed) does not block changes that free or keep seats.
CREATE FUNCTION memberships_quota_after_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF EXISTS (
        SELECT 1
        FROM (SELECT DISTINCT account_id, role FROM new_rows WHERE status IN ('ACTIVE', 'PENDING')) seated
        JOIN accounts a ON a.id = seated.account_id
        WHERE (SELECT count(*) FROM memberships m
               WHERE m.account_id = seated.account_id AND m.role = seated.role
                 AND m.status IN ('ACTIVE', 'PENDING'))
              > CASE seated.role WHEN 'SITE_ADMIN' THEN a.quota_site_admin ELSE a.quota_editor END)
    THEN
        RAISE EXCEPTION 'the quota of a role would be exceeded' USING ERRCODE = 'check_violation', CONSTRAINT = 'membership_quota';
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION memberships_quota_after_update() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF EXISTS (
        SELECT 1
        FROM (SELECT DISTINCT n.account_id, n.role
              FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE n.status IN ('ACTIVE', 'PENDING')
                AND (o.status NOT IN ('ACTIVE', 'PENDING') OR o.role <> n.role)) seated
        JOIN accounts a ON a.id = seated.account_id
        WHERE (SELECT count(*) FROM memberships m
               WHERE m.account_id = seated.account_id AND m.role = seated.role
                 AND m.status IN ('ACTIVE', 'PENDING'))
              > CASE seated.role WHEN 'SITE_ADMIN' THEN a.quota_site_admin ELSE a.quota_editor END)
    THEN
        RAISE EXCEPTION 'the quota of a role would be exceeded' USING ERRCODE = 'check_violation', CONSTRAINT = 'membership_quota';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER memberships_quota_insert
    AFTER INSERT ON memberships REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memberships_quota_after_insert();
CREATE TRIGGER memberships_quota_update
    AFTER UPDATE ON memberships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memberships_quota_after_update();
