-- MNVP voices: what the Maternity and Neonatal Voices Partnership heard. No person is stored: an event keeps only the
-- number of people heard and, per characteristic, how many of them were in each group. Loading an event again (same
-- LMNS, date and name) replaces it.
CREATE TABLE voice_event (
  lmns_code    VARCHAR NOT NULL,
  event_id     VARCHAR NOT NULL,    -- yyyy-MM-dd/slug of the name
  event_date   DATE NOT NULL,
  event_name   VARCHAR NOT NULL,
  kind         VARCHAR NOT NULL,    -- forum, survey, listening, walk-through, outreach, other
  place        VARCHAR NOT NULL,    -- trust code or place
  languages    VARCHAR NOT NULL,
  partners     VARCHAR NOT NULL,
  people_heard BIGINT NOT NULL,
  source_file  VARCHAR NOT NULL,
  loaded_at    TIMESTAMP NOT NULL,
  loaded_by    VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, event_id)
);

CREATE TABLE voice_group (
  lmns_code      VARCHAR NOT NULL,
  event_id       VARCHAR NOT NULL,
  characteristic VARCHAR NOT NULL,  -- EthnicGroup, ImdQuintile, AgeBand, Language, ParentRole, Disability, PostcodeDistrict
  group_code     VARCHAR NOT NULL,
  people         BIGINT NOT NULL,
  PRIMARY KEY (lmns_code, event_id, characteristic, group_code)
);

-- Themes from feedback and what changed because of them ("you said, we did"), each linkable to a plan action.
CREATE TABLE voice_feedback (
  lmns_code   VARCHAR NOT NULL,
  feedback_id VARCHAR NOT NULL,     -- yyyy-MM-dd/slug of the theme
  heard_on    DATE NOT NULL,
  source      VARCHAR NOT NULL,     -- Friends and Family Test, CQC maternity survey, MNVP report, event
  theme       VARCHAR NOT NULL,
  you_said    VARCHAR NOT NULL,
  we_did      VARCHAR NOT NULL,
  action_id   VARCHAR,
  status      VARCHAR NOT NULL,     -- open, in progress, done
  loaded_at   TIMESTAMP NOT NULL,
  loaded_by   VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, feedback_id)
);

-- A population profile (ONS census or a local birth profile) to compare with where bookings are not loaded.
CREATE TABLE voice_profile (
  lmns_code      VARCHAR NOT NULL,
  characteristic VARCHAR NOT NULL,
  group_code     VARCHAR NOT NULL,
  people         DOUBLE PRECISION NOT NULL,
  source         VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, characteristic, group_code)
);
