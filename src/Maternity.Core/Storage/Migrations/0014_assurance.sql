-- Trusts' declarations against the assurance frameworks (Assurance/Frameworks): every revision kept, never changed
-- in place; the declaration in force for (framework, item, org, period) is the one not superseded.
CREATE TABLE assurance_declaration (
  declaration_id BIGINT PRIMARY KEY,
  framework_id   VARCHAR NOT NULL,
  item_id        VARCHAR NOT NULL,
  org_code       VARCHAR NOT NULL,
  period_start   DATE NOT NULL,
  revision       INTEGER NOT NULL,
  status         VARCHAR NOT NULL,   -- met, partly-met, not-met, not-applicable
  evidence       VARCHAR NOT NULL,
  links          VARCHAR NOT NULL,   -- one link a line: a measure (/measures/ID), a plan action or a web address
  reason         VARCHAR,            -- why a revision replaced the declaration before it
  declared_by    VARCHAR NOT NULL,
  declared_at    TIMESTAMP NOT NULL,
  superseded_at  TIMESTAMP
);
CREATE INDEX assurance_declaration_cell ON assurance_declaration (framework_id, org_code, item_id, period_start);

-- The LMNS's assurance of a declaration revision: accepted, or queried with its reason. A later review of the same
-- revision replaces an earlier one; all are kept.
CREATE TABLE assurance_review (
  review_id      BIGINT PRIMARY KEY,
  declaration_id BIGINT NOT NULL,
  outcome        VARCHAR NOT NULL,   -- accepted, queried
  reason         VARCHAR NOT NULL,
  reviewed_by    VARCHAR NOT NULL,
  reviewed_at    TIMESTAMP NOT NULL
);
CREATE INDEX assurance_review_declaration ON assurance_review (declaration_id);

-- Safety action 2 scorecards as trusts receive them (one row per criterion), loaded from the monthly file.
CREATE TABLE assurance_sa2_received (
  scheme      VARCHAR NOT NULL,
  org_code    VARCHAR NOT NULL,
  month_start DATE NOT NULL,
  criterion   VARCHAR NOT NULL,
  met         BOOLEAN NOT NULL,
  source_file VARCHAR NOT NULL,
  loaded_by   VARCHAR NOT NULL,
  loaded_at   TIMESTAMP NOT NULL,
  PRIMARY KEY (scheme, org_code, month_start, criterion)
);
