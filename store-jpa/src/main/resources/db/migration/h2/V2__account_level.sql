-- Account levels: 0 anonymous, 1 basic, 2 and above custom (level-n).
ALTER TABLE account ADD COLUMN level integer DEFAULT 1 NOT NULL;
ALTER TABLE account ADD CONSTRAINT ck_account_level CHECK (level BETWEEN 0 AND 99);
