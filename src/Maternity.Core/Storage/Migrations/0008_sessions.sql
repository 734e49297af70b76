-- Sessions issued before this moment are ended: set when the user signs out or their password changes.
ALTER TABLE app_user ADD COLUMN sessions_valid_from TIMESTAMP;
