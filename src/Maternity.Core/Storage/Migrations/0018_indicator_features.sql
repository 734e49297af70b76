-- What the indicator engine's kept features (indicator_feature_pregnancy, indicator_feature_baby, created by the engine
-- from the feature SQL) were computed with: a hash of the catalogue's definitions and that SQL. When it differs, the
-- next compute recomputes every month; when it matches, only the months a changed pregnancy or baby falls in.
CREATE TABLE indicator_feature_state (
  signature   VARCHAR NOT NULL,
  computed_at TIMESTAMP NOT NULL
);
