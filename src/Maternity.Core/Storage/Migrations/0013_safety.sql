-- The safety and learning log: incidents, perinatal reviews, investigations and complaints, coded by ethnicity,
-- language and deprivation. A local case reference only: never a name or NHS number. The IMD decile is not stored:
-- it is read from imd_lsoa through the LSOA, as every other deprivation figure is.
CREATE TABLE safety_case (
  org_code          VARCHAR NOT NULL,   -- the trust
  case_ref          VARCHAR NOT NULL,   -- the trust's own reference (incident number, PMRT case number)
  kind              VARCHAR NOT NULL,   -- PSII, PMRT, MNSI, MATERNAL_DEATH, NEONATAL_BRAIN_INJURY, ATAIN, COMPLAINT
  event_date        DATE NOT NULL,
  category          VARCHAR,
  harm              VARCHAR,            -- none, low, moderate, severe, death
  ethnic_category   VARCHAR,            -- NHS Data Dictionary code; null when not recorded
  language          VARCHAR,
  interpreter       VARCHAR,            -- Y, N or null
  lsoa              VARCHAR,
  age_band          VARCHAR,
  gestation_weeks   INTEGER,
  care_plan_flags   VARCHAR,
  status            VARCHAR NOT NULL,   -- reported, under review, closed
  grading           VARCHAR,
  themes            VARCHAR NOT NULL,   -- theme codes separated by ';'
  factors           VARCHAR NOT NULL,   -- contributory factor codes separated by ';'
  review_due        DATE,
  source_file       VARCHAR NOT NULL,
  loaded_at         TIMESTAMP NOT NULL,
  loaded_by         VARCHAR NOT NULL,
  PRIMARY KEY (org_code, case_ref)
);

-- Themes an LMNS adds to the built-in list.
CREATE TABLE safety_theme (
  lmns_code  VARCHAR NOT NULL,
  theme_code VARCHAR NOT NULL,
  title      VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, theme_code)
);

-- The lessons-learnt log: each lesson, the cases it came from, the plan actions it led to, where and when it was shared.
CREATE TABLE safety_lesson (
  lmns_code    VARCHAR NOT NULL,
  lesson_id    VARCHAR NOT NULL,
  lesson       VARCHAR NOT NULL,
  source_cases VARCHAR NOT NULL,   -- case references separated by ';'
  actions      VARCHAR NOT NULL,   -- plan action ids separated by ';'
  shared_where VARCHAR,
  shared_on    DATE,
  loaded_at    TIMESTAMP NOT NULL,
  loaded_by    VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, lesson_id)
);
