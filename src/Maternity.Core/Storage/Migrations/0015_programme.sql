-- The programme's registers (funding, posts, training, impact assessments, approvals, community assets): every
-- version of every row of every sheet, its fields as JSON, never changed in place. The register as it stands is the
-- latest version of each row; a removed row is a last version marked deleted.
CREATE TABLE programme_entry (
  lmns_code  VARCHAR NOT NULL,
  sheet      VARCHAR NOT NULL,    -- funding.streams, funding.instalments, posts.posts, ...
  entry_id   VARCHAR NOT NULL,
  version    INTEGER NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  changed_by VARCHAR NOT NULL,
  deleted    BOOLEAN NOT NULL,
  body       VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, sheet, entry_id, version)
);

-- LSOA boundaries the LMNS loaded from the published boundary file, for the offline map of community assets:
-- each LSOA's rings as JSON arrays of [x, y] points (longitude and latitude, or eastings and northings).
CREATE TABLE programme_boundary (
  lmns_code  VARCHAR NOT NULL,
  lsoa_code  VARCHAR NOT NULL,
  lsoa_name  VARCHAR,
  rings      VARCHAR NOT NULL,
  loaded_at  TIMESTAMP NOT NULL,
  loaded_by  VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, lsoa_code)
);
