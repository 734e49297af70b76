-- The action plan: every version of every node, action and data gap, as JSON, never updated or deleted in place.
-- The plan as it stands is the latest version of each; as it stood on a date, the latest version changed by then.
CREATE TABLE plan_entity (
  lmns_code  VARCHAR NOT NULL,
  kind       VARCHAR NOT NULL,    -- node, action, gap
  entity_id  VARCHAR NOT NULL,
  version    INTEGER NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  changed_by VARCHAR NOT NULL,
  deleted    BOOLEAN NOT NULL,
  body       VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, kind, entity_id, version)
);

-- Evidence files, stored once by the SHA-256 of their content.
CREATE TABLE plan_file (
  sha256     VARCHAR PRIMARY KEY,
  file_name  VARCHAR NOT NULL,
  media_type VARCHAR NOT NULL,
  size_bytes BIGINT NOT NULL,
  content    BYTEA NOT NULL,
  added_at   TIMESTAMP NOT NULL,
  added_by   VARCHAR NOT NULL
);
