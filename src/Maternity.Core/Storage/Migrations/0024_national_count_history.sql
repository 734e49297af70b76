-- The rows of a replaced national publication, kept so that a revised publication can be compared with the one it
-- replaced: every national_count row of the earlier load, with the moment it was replaced (the replaced_at of its
-- national_publication_history row).
CREATE TABLE national_count_history (
  publication    VARCHAR NOT NULL,
  period_type    VARCHAR NOT NULL,
  period_start   DATE NOT NULL,
  dimension      VARCHAR NOT NULL,
  category       VARCHAR NOT NULL,
  org_level      VARCHAR NOT NULL,
  org_code       VARCHAR NOT NULL,
  org_name       VARCHAR NOT NULL,
  count_of       VARCHAR NOT NULL,
  value          BIGINT,
  marker         VARCHAR,
  source_row     BIGINT NOT NULL,
  replaced_at    TIMESTAMP NOT NULL
);
