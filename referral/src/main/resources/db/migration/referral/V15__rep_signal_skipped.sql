-- A rep's nudge about a prospect who withdrew consent to marketing (the sales follow-up) is not
-- sent: the signal stays in its digest, recorded with the reason it was left out.
alter table rep_signal add column skipped text;
