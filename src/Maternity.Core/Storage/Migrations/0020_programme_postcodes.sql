-- Postcodes of the LMNS's LSOAs, from the postcode-to-LSOA lookup the LMNS loaded (ONS Postcode Directory or National
-- Statistics Postcode Lookup: pcds with lsoa11 or lsoa21), so the map places community assets known only by postcode.
-- Only postcodes in the LSOAs whose boundaries are loaded are kept; the postcode without spaces, upper case.
CREATE TABLE programme_postcode (
  lmns_code  VARCHAR NOT NULL,
  postcode   VARCHAR NOT NULL,
  lsoa_code  VARCHAR NOT NULL,
  loaded_at  TIMESTAMP NOT NULL,
  loaded_by  VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, postcode)
);
