-- Where notifications to an account go; lower-cased, at most 254 characters.
ALTER TABLE account ADD COLUMN email varchar(254);
