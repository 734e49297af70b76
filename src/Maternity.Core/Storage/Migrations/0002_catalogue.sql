-- Level of the neonatal unit at a site (3 = neonatal intensive care), for births under 27 weeks.
ALTER TABLE org ADD COLUMN neonatal_level INTEGER;

-- Presentation of the baby at birth, for the Robson groups.
ALTER TABLE MSD401BabyDemographics ADD COLUMN FetusPresentation VARCHAR;

-- Care activities in labour and delivery: blood loss and perineal trauma as the national pipeline derives them.
CREATE TABLE MSD302CareActivityLabDel (
  OrgCodeProvider     VARCHAR NOT NULL,
  RPStartDate         DATE NOT NULL,
  LabourDeliveryID    VARCHAR NOT NULL,
  ClinInterDateMother DATE NOT NULL,
  BloodLoss           INTEGER,
  PerinealTearDegree  INTEGER,
  MatCritInd          VARCHAR
);

CREATE INDEX indicator_count_lookup ON indicator_count (indicator_id, org_code, breakdown, period_start);
