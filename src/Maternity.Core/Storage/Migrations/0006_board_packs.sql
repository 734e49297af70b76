-- Board packs as generated: the three forms exactly as the board saw them, the data versions they used and the figures
-- the next pack compares itself with. Never updated.
CREATE TABLE board_pack (
  pack_id       VARCHAR PRIMARY KEY,   -- LMNS-YYYY-MM-N
  lmns_code     VARCHAR NOT NULL,
  period        DATE NOT NULL,         -- the reporting month
  generated_at  TIMESTAMP NOT NULL,
  generated_by  VARCHAR NOT NULL,
  data_versions VARCHAR NOT NULL,      -- JSON: submissions, counts, plan, catalogue and rules as used
  figures       VARCHAR NOT NULL,      -- JSON: the figures "what changed" compares
  html          BYTEA NOT NULL,
  xlsx          BYTEA NOT NULL,
  pdf           BYTEA,                 -- null when no PDF could be made (pdf_note says why)
  pdf_note      VARCHAR
);
