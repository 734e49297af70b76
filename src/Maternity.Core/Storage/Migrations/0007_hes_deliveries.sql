-- Each trust's deliveries in a year from Hospital Episode Statistics: the denominator of the CQIM coverage measures.
CREATE TABLE hes_deliveries (
  org_code          VARCHAR PRIMARY KEY,
  annual_deliveries DOUBLE PRECISION NOT NULL,
  loaded_at         TIMESTAMP NOT NULL,
  loaded_by         VARCHAR NOT NULL
);
