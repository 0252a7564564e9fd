-- Marketing looks contacts up by openid (without the app id) and by nickname.
create index contact_openid on contact (openid);
create index contact_nickname on contact (lower(nickname) text_pattern_ops) where nickname is not null;
