DROP TABLE sign_in_failures;
DROP TABLE account_tokens;
DROP TABLE sessions;
DROP TABLE user_tags;
DROP TABLE users;
ALTER TABLE hub_settings DROP COLUMN signup_mode;
