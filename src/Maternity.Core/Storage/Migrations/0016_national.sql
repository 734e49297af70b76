-- The national publications (NHS Maternity Statistics annual MSDS CSV, the monthly data file): one row per
-- publication and period, identified by its content (which publication, which period), never by the file's name.
-- Loading the same period again replaces it; the replaced row is kept in national_publication_history.
CREATE TABLE national_publication (
  publication    VARCHAR NOT NULL,    -- annual, monthly
  period_type    VARCHAR NOT NULL,    -- FinancialYear, Month
  period_start   DATE NOT NULL,
  file_name      VARCHAR NOT NULL,
  content_hash   VARCHAR NOT NULL,    -- SHA-256 of the file
  org_set        VARCHAR NOT NULL,    -- SHA-256 of the sorted organisation codes of the period
  orgs           INTEGER NOT NULL,
  rows_read      BIGINT NOT NULL,
  rows_stored    BIGINT NOT NULL,
  rows_skipped   BIGINT NOT NULL,
  missing_cells  BIGINT NOT NULL,     -- '*', blank and other markers: missing, never 0
  loaded_at      TIMESTAMP NOT NULL,
  loaded_by      VARCHAR NOT NULL,
  PRIMARY KEY (publication, period_type, period_start)
);

CREATE TABLE national_publication_history (
  publication    VARCHAR NOT NULL,
  period_type    VARCHAR NOT NULL,
  period_start   DATE NOT NULL,
  file_name      VARCHAR NOT NULL,
  content_hash   VARCHAR NOT NULL,
  org_set        VARCHAR NOT NULL,
  orgs           INTEGER NOT NULL,
  rows_stored    BIGINT NOT NULL,
  missing_cells  BIGINT NOT NULL,
  loaded_at      TIMESTAMP NOT NULL,
  loaded_by      VARCHAR NOT NULL,
  replaced_at    TIMESTAMP NOT NULL,
  replaced_by    VARCHAR NOT NULL     -- the file that replaced it
);

-- Every published cell as read: the dimension and category in their canonical names (the mapping in
-- Maternity.National.NationalMapping), the value published (rounded to 5 by the publisher), or null with its marker.
CREATE TABLE national_count (
  publication    VARCHAR NOT NULL,
  period_type    VARCHAR NOT NULL,
  period_start   DATE NOT NULL,
  dimension      VARCHAR NOT NULL,
  category       VARCHAR NOT NULL,
  org_level      VARCHAR NOT NULL,    -- National, Region, Provider
  org_code       VARCHAR NOT NULL,    -- ENGLAND for the national row
  org_name       VARCHAR NOT NULL,
  count_of       VARCHAR NOT NULL,    -- Deliveries, Babies
  value          BIGINT,
  marker         VARCHAR,             -- the cell when it was not a count ('*', '' ...)
  source_row     BIGINT NOT NULL
);
