-- Several plans per LMNS (the equity and equality plan, a WRES plan, a sub-group's plan), each with its own history:
-- plan_entity gains the plan's name in its key. The plans stored so far are each LMNS's equity plan, 'equity'.
-- The table is rebuilt rather than altered because its primary key changes.
CREATE TABLE plan_entity_before_names AS SELECT * FROM plan_entity;
DROP TABLE plan_entity;
CREATE TABLE plan_entity (
  lmns_code  VARCHAR NOT NULL,
  plan_name  VARCHAR NOT NULL,
  kind       VARCHAR NOT NULL,    -- node, action, gap
  entity_id  VARCHAR NOT NULL,
  version    INTEGER NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  changed_by VARCHAR NOT NULL,
  deleted    BOOLEAN NOT NULL,
  body       VARCHAR NOT NULL,
  PRIMARY KEY (lmns_code, plan_name, kind, entity_id, version)
);
INSERT INTO plan_entity (lmns_code, plan_name, kind, entity_id, version, changed_at, changed_by, deleted, body)
  SELECT lmns_code, 'equity', kind, entity_id, version, changed_at, changed_by, deleted, body FROM plan_entity_before_names;
DROP TABLE plan_entity_before_names;
