-- Partial postcodes to deprivation for the MNVP's sign-ups: a postcode directory (ONS NSPL or ONSPD) loaded by the user,
-- kept only as the number of live residential postcodes of each postcode district (B12) or sector (B12 9) in each LSOA.
-- The IMD quintile comes through imd_lsoa at read time, so a new IMD edition needs no reload. Loading again replaces it.
CREATE TABLE postcode_area_lsoa (
  area_code   VARCHAR NOT NULL,    -- district (outward code) or sector (outward code, space, first digit of the inward)
  lsoa_code   VARCHAR NOT NULL,
  postcodes   BIGINT NOT NULL,
  source_file VARCHAR NOT NULL,
  loaded_at   TIMESTAMP NOT NULL,
  loaded_by   VARCHAR NOT NULL,
  PRIMARY KEY (area_code, lsoa_code)
);
