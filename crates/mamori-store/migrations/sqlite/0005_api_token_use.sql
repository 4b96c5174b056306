-- When each API token was last used (microseconds since the Unix epoch, UTC; NULL: never),
-- shown on the token management page. Updated at most once a minute per token.
ALTER TABLE api_tokens ADD COLUMN last_used_at BIGINT;
