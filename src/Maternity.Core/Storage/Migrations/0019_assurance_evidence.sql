-- Evidence files carried by a declaration revision (Assurance/EvidenceFiles): the content is kept in the store, never
-- in a folder the web server serves; each file is reached only through its random token, by the roles that may see
-- the declaration, and its SHA-256 is kept to show it has not changed since it was added.
CREATE TABLE assurance_evidence (
  token          VARCHAR PRIMARY KEY,  -- 32 random hex digits: the download's address, not guessable
  declaration_id BIGINT NOT NULL,
  file_name      VARCHAR NOT NULL,     -- sanitised, with the extension of the type its bytes show
  media_type     VARCHAR NOT NULL,     -- from the bytes (magic numbers), never from the upload's claim
  size_bytes     BIGINT NOT NULL,
  sha256         VARCHAR NOT NULL,
  content        BYTEA NOT NULL,
  added_by       VARCHAR NOT NULL,
  added_at       TIMESTAMP NOT NULL
);
CREATE INDEX assurance_evidence_declaration ON assurance_evidence (declaration_id);
