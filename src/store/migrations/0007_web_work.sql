-- ansinh schema 7: the staff workspace's second phase (issue #4): the
-- steering committee and its members' duties (R2), canvassing assignments
-- with their append-only history (R5), and account administration
-- (forced password change, last login).

-- R2: the Ban Chỉ đạo.  Members are people, not accounts: a retired leader
-- who canvasses businesses needs no login.  A member may be linked to the
-- staff account he or she signs in with.  Members are edited in place (a
-- new phone number is not history); every change is an audit event.
-- role: head (trưởng ban), deputy (phó ban), member (thành viên),
-- assistant (tổ giúp việc), collaborator (cộng tác viên vận động, e.g. a
-- retired leader assigned to canvass).  unit_id: the area in charge (NULL:
-- the whole province).
CREATE TABLE committee_member(
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
	name_fold    TEXT NOT NULL,
	sort_key     BLOB,
	role         TEXT NOT NULL CHECK (role IN ('head','deputy','member','assistant','collaborator')),
	title        TEXT,
	organisation TEXT,
	duties       TEXT,
	unit_id      INTEGER REFERENCES unit(id),
	phone        TEXT,
	user_id      INTEGER REFERENCES web_user(id),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX committee_member_sort ON committee_member(sort_key);

-- R5: a canvasser (a committee member) approaches a prospect (a donor) in a
-- campaign.  This row holds the current state; every change of it is a row
-- of canvass_event, which is append-only.
CREATE TABLE canvass(
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaign(id),
	donor_id    INTEGER NOT NULL REFERENCES donor(id),
	member_id   INTEGER NOT NULL REFERENCES committee_member(id),
	status      TEXT NOT NULL DEFAULT 'new'
	            CHECK (status IN ('new','contacted','meeting','pledged','declined')),
	next_step   TEXT,
	next_date   TEXT,
	note        TEXT,
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	UNIQUE (campaign_id, donor_id, member_id)
);
CREATE INDEX canvass_member ON canvass(member_id);
CREATE INDEX canvass_donor ON canvass(donor_id);
CREATE INDEX canvass_next ON canvass(next_date);

CREATE TABLE canvass_event(
	id          INTEGER PRIMARY KEY,
	canvass_id  INTEGER NOT NULL REFERENCES canvass(id),
	at          TEXT NOT NULL,
	actor       TEXT NOT NULL,
	status      TEXT NOT NULL,
	next_step   TEXT,
	next_date   TEXT,
	note        TEXT
);
CREATE INDEX canvass_event_canvass ON canvass_event(canvass_id);
CREATE TRIGGER canvass_event_no_update BEFORE UPDATE ON canvass_event
BEGIN SELECT RAISE(ABORT, 'canvassing history is append-only'); END;
CREATE TRIGGER canvass_event_no_delete BEFORE DELETE ON canvass_event
BEGIN SELECT RAISE(ABORT, 'canvassing history is append-only'); END;

-- Accounts: an account made (or a password reset) by an administrator must
-- choose its own password at its next login; the time of the last login.
ALTER TABLE web_user ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0,1));
ALTER TABLE web_user ADD COLUMN last_login_at TEXT;

-- The audit viewer filters by actor and time.
CREATE INDEX audit_event_actor ON audit_event(actor, id);
