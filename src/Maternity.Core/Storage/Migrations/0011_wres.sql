-- The Workforce Race Equality Standard (WRES) data of each trust, year and staff group (whole trust, maternity,
-- neonatal) as the trust holds it: one row a count (staff in post by band, shortlisted, appointed, entering a formal
-- disciplinary investigation, accessing non-mandatory training, staff survey answers, board members) by ethnicity.
-- "stated" keeps a percentage or relative likelihood the trust published, as written, so it can be checked against
-- the counts. A new file for an organisation, year and staff group replaces the rows loaded before, in one transaction.
CREATE TABLE wres_value (
  org_code     VARCHAR NOT NULL,
  wres_year    INTEGER NOT NULL,   -- the WRES year: staff as at 31 March of it, events in the 12 months to then
  staff_group  VARCHAR NOT NULL,   -- Trust, Maternity, Neonatal
  item         VARCHAR NOT NULL,
  category     VARCHAR NOT NULL,   -- Clinical, Non-clinical, Medical for staff in post; '' otherwise
  band         VARCHAR NOT NULL,   -- AfC band or medical grade for staff in post; '' otherwise
  ethnicity    VARCHAR NOT NULL,   -- White, BME, Unknown, Total
  ethnic_code  VARCHAR NOT NULL,   -- the ethnic category (A-S, Z, 99) when given; '' otherwise
  count_value  BIGINT,
  respondents  BIGINT,
  stated       VARCHAR,
  source_file  VARCHAR NOT NULL,
  source_row   BIGINT NOT NULL,
  loaded_at    TIMESTAMP NOT NULL,
  loaded_by    VARCHAR NOT NULL
);
CREATE INDEX wres_value_org_year ON wres_value (org_code, wres_year);
