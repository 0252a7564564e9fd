-- What H5 sign-in with snsapi_userinfo reveals (with the user's consent): nickname and avatar.
alter table contact add column nickname text;
alter table contact add column avatar_url text;
alter table contact add column signed_in_at timestamptz;
