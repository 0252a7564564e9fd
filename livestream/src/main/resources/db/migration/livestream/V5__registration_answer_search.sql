-- Marketing looks contacts up by the phone or name answered on a registration form.
create index registration_answer_phone on registration ((answers->>'phone'));
create index registration_answer_name on registration (lower(answers->>'name') text_pattern_ops);
