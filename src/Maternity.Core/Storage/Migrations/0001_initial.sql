-- Organisations: sites -> trusts -> LMNS -> ICB -> region, one row each.
CREATE TABLE org (
  org_code    VARCHAR PRIMARY KEY,
  org_name    VARCHAR NOT NULL,
  org_type    VARCHAR NOT NULL,   -- Region, ICB, LMNS, Trust, Site
  parent_code VARCHAR
);

-- English Indices of Deprivation by LSOA (official File 1 layout), one edition per row.
CREATE TABLE imd_lsoa (
  lsoa_code  VARCHAR NOT NULL,
  edition    VARCHAR NOT NULL,    -- IMD2019
  lsoa_name  VARCHAR,
  lad_code   VARCHAR,
  lad_name   VARCHAR,
  imd_rank   INTEGER NOT NULL,
  imd_decile INTEGER NOT NULL,
  PRIMARY KEY (lsoa_code, edition)
);

-- One ingest of one file.
CREATE TABLE ingest_run (
  run_id           BIGINT PRIMARY KEY,
  table_name       VARCHAR NOT NULL,
  file_name        VARCHAR NOT NULL,
  started_at       TIMESTAMP NOT NULL,
  finished_at      TIMESTAMP NOT NULL,
  rows_read        BIGINT NOT NULL,
  rows_loaded      BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL
);

-- The current submission for each (provider, reporting period, table); a resubmission replaces it.
CREATE TABLE submission (
  table_name       VARCHAR NOT NULL,
  org_code         VARCHAR NOT NULL,
  rp_start_date    DATE NOT NULL,
  run_id           BIGINT NOT NULL,
  rows_loaded      BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL,
  loaded_at        TIMESTAMP NOT NULL,
  PRIMARY KEY (table_name, org_code, rp_start_date)
);

-- Every rejected row: where it came from and why. org/period are null when they could not be read.
CREATE TABLE quarantine (
  run_id        BIGINT NOT NULL,
  table_name    VARCHAR NOT NULL,
  file_name     VARCHAR NOT NULL,
  row_number    BIGINT NOT NULL,
  column_name   VARCHAR NOT NULL,
  value         VARCHAR,
  reason        VARCHAR NOT NULL,
  org_code      VARCHAR,
  rp_start_date DATE
);

CREATE TABLE MSD001MotherDemog (
  OrgCodeProvider       VARCHAR NOT NULL,
  RPStartDate           DATE NOT NULL,
  LPIDMother            VARCHAR NOT NULL,
  PersonBirthDateMother DATE,
  EthnicCategoryMother  VARCHAR,
  Postcode              VARCHAR,
  LSOAMother2011        VARCHAR,
  LSOAMother2021        VARCHAR,
  Rank_IMD_Decile_2015  INTEGER,
  Rank_IMD_Decile_2019  INTEGER
);

CREATE TABLE MSD101PregnancyBooking (
  OrgCodeProvider           VARCHAR NOT NULL,
  RPStartDate               DATE NOT NULL,
  PregnancyID               VARCHAR NOT NULL,
  LPIDMother                VARCHAR NOT NULL,
  AntenatalAppDate          DATE NOT NULL,
  GestAgeBooking            INTEGER,
  EDDAgreed                 DATE,
  OrgSiteIDBooking          VARCHAR,
  ComplexSocialFactorsInd   VARCHAR,
  DisabilityIndMother       VARCHAR,
  LangCode                  VARCHAR,
  InterpreterReqInd         VARCHAR,
  PreviousCaesareanSections INTEGER,
  PreviousLiveBirths        INTEGER,
  PreviousStillBirths       INTEGER
);

CREATE TABLE MSD102MatCarePlan (
  OrgCodeProvider    VARCHAR NOT NULL,
  RPStartDate        DATE NOT NULL,
  PregnancyID        VARCHAR NOT NULL,
  CarePlanDate       DATE NOT NULL,
  CarePlanType       VARCHAR NOT NULL,
  MatPersCarePlanInd VARCHAR,
  ContCarePathInd    VARCHAR,
  CareProfLID        VARCHAR,
  TeamLocalID        VARCHAR
);

CREATE TABLE MSD202CareActivityPreg (
  OrgCodeProvider VARCHAR NOT NULL,
  RPStartDate     DATE NOT NULL,
  PregnancyID     VARCHAR NOT NULL,
  CContactDate    DATE NOT NULL,
  ObsCode         VARCHAR,
  ObsValue        DOUBLE PRECISION,
  UCUMUnit        VARCHAR,
  FindingCode     VARCHAR
);

CREATE TABLE MSD301LabourDelivery (
  OrgCodeProvider   VARCHAR NOT NULL,
  RPStartDate       DATE NOT NULL,
  LabourDeliveryID  VARCHAR NOT NULL,
  PregnancyID       VARCHAR NOT NULL,
  OrgSiteIDActualDelivery VARCHAR,
  LabourOnsetMethod VARCHAR,
  LabourOnsetDate   DATE,
  CaesareanDate     DATE
);

CREATE TABLE MSD401BabyDemographics (
  OrgCodeProvider      VARCHAR NOT NULL,
  RPStartDate          DATE NOT NULL,
  LPIDBaby             VARCHAR NOT NULL,
  LabourDeliveryID     VARCHAR NOT NULL,
  PregnancyID          VARCHAR NOT NULL,
  PersonBirthDateBaby  DATE NOT NULL,
  PregOutcome          VARCHAR NOT NULL,
  GestationLengthBirth INTEGER,
  BirthWeight          INTEGER,
  PersonPhenSex        VARCHAR,
  DeliveryMethodCode   VARCHAR,
  ApgarScore5          INTEGER,
  BabyFirstFeedIndCode VARCHAR,
  PersonDeathDateBaby  DATE
);

-- Counts are the meeting point: numerator and denominator per indicator x org x period x breakdown group.
CREATE TABLE indicator_count (
  indicator_id      VARCHAR NOT NULL,
  indicator_version INTEGER NOT NULL,
  org_level         VARCHAR NOT NULL,   -- Provider, LMNS
  org_code          VARCHAR NOT NULL,
  period_type       VARCHAR NOT NULL,   -- Month
  period_start      DATE NOT NULL,
  breakdown         VARCHAR NOT NULL,   -- Total, EthnicGroup, IMDQuintile
  group_code        VARCHAR NOT NULL,
  numerator         BIGINT NOT NULL,
  denominator       BIGINT NOT NULL,
  source            VARCHAR NOT NULL,   -- record-level, or the return / file it was imported from
  exactness         VARCHAR NOT NULL,   -- exact, published-rounded
  computed_at       TIMESTAMP NOT NULL
);
