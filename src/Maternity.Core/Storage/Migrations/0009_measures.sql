-- Measures an LMNS tracks beyond the built-in indicators, its own dimensions and its targets: every revision of
-- each kept as JSON, never changed in place. The current one is the latest revision; "*" is every LMNS.
CREATE TABLE measure_entity (
  lmns_code  VARCHAR NOT NULL,
  kind       VARCHAR NOT NULL,    -- measure, dimension, target
  entity_id  VARCHAR NOT NULL,
  revision   INTEGER NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  changed_by VARCHAR NOT NULL,
  deleted    BOOLEAN NOT NULL,
  body       VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, kind, entity_id, revision)
);

-- Every value of a measure ever entered, by whom, when, how and as at when; the value in force for a cell
-- (organisation, period, dimension, group) is the submitted one not superseded. Drafts are kept apart until submitted.
CREATE TABLE measure_value (
  value_id        BIGINT PRIMARY KEY,
  lmns_code       VARCHAR NOT NULL,
  measure_id      VARCHAR NOT NULL,
  measure_version INTEGER NOT NULL,
  org_code        VARCHAR NOT NULL,
  period_start    DATE NOT NULL,
  dimension       VARCHAR NOT NULL,
  group_code      VARCHAR NOT NULL,
  numerator       DOUBLE PRECISION,
  denominator     DOUBLE PRECISION,
  value_text      VARCHAR,
  spread          DOUBLE PRECISION,
  status          VARCHAR NOT NULL,   -- draft, submitted
  reason          VARCHAR,
  entered_by      VARCHAR NOT NULL,
  entered_at      TIMESTAMP NOT NULL,
  entered_how     VARCHAR NOT NULL,   -- form, csv, xlsx
  as_at           DATE NOT NULL,
  superseded_at   TIMESTAMP
);
CREATE INDEX measure_value_cell ON measure_value (lmns_code, measure_id, org_code, period_start);
