-- People who sign in. A user signing in with OpenID Connect has no password and is matched by e-mail.
CREATE TABLE app_user (
  user_name       VARCHAR PRIMARY KEY,
  display_name    VARCHAR,
  email           VARCHAR,
  role            VARCHAR NOT NULL,    -- Admin, Analyst, TrustUser, Viewer, Public
  orgs            VARCHAR NOT NULL,    -- comma-separated org codes: LMNS for an analyst, trusts for a trust user
  password_hash   VARCHAR,
  failed_sign_ins INTEGER NOT NULL,
  locked_until    TIMESTAMP,
  disabled        BOOLEAN NOT NULL,
  created_at      TIMESTAMP NOT NULL,
  created_by      VARCHAR NOT NULL
);

-- API tokens for automation: only a SHA-256 of the secret is kept; each has its own role and orgs (never more than its user's).
CREATE TABLE api_token (
  token_id     VARCHAR PRIMARY KEY,
  user_name    VARCHAR NOT NULL,
  label        VARCHAR NOT NULL,
  token_hash   VARCHAR NOT NULL,
  role         VARCHAR NOT NULL,
  orgs         VARCHAR NOT NULL,
  expires_at   TIMESTAMP NOT NULL,
  revoked_at   TIMESTAMP,
  created_at   TIMESTAMP NOT NULL,
  last_used_at TIMESTAMP
);

-- The audit trail: append-only, each entry chained to the one before by a SHA-256 hash.
CREATE TABLE audit_log (
  seq       BIGINT PRIMARY KEY,
  logged_at TIMESTAMP NOT NULL,
  actor     VARCHAR NOT NULL,
  action_name VARCHAR NOT NULL,
  target    VARCHAR NOT NULL,
  detail    VARCHAR NOT NULL,
  prev_hash VARCHAR NOT NULL,
  hash      VARCHAR NOT NULL
);

-- The web host's data-protection keys (they sign session cookies and antiforgery tokens), shared by every instance.
CREATE TABLE data_protection_key (
  friendly_name VARCHAR PRIMARY KEY,
  xml           VARCHAR NOT NULL,
  created_at    TIMESTAMP NOT NULL
);
