/* The steering committee (R2) and canvassing (R5).
 *
 * A canvasser is a committee member, not an account: the plan assigns
 * leaders, retired ones included, to approach businesses, and most of them
 * never sign in.  Members who do sign in are linked to their account.  The
 * committee is one register of people: trưởng ban, phó ban, thành viên,
 * tổ giúp việc and cộng tác viên vận động (a retired leader or other person
 * asked to canvass).  An assignment is one campaign × prospect (a donor) ×
 * canvasser, with its status, next step and the date for it; every change
 * is appended to its history (canvass_event) and to the audit trail. */
#ifndef ANSINH_CORE_CANVASS_H
#define ANSINH_CORE_CANVASS_H

#include "core/core.h"
#include "text/labels.h"

/* committee_roles and canvass_statuses: text/labels.h */

struct committee_input {
	const char *name, *role, *title, *organisation, *duties, *unit_code, *phone;
	const char *user; /* login name of the member's account, or NULL */
};
#define COMMITTEE_TEXT_MAX 300
#define COMMITTEE_DUTIES_MAX 2000
/* Each one transaction with its audit event. */
int committee_add(struct db *db, const struct actor *a, const struct committee_input *in,
		  int64_t *id, struct err *e);
/* Replaces every field of member id. */
int committee_update(struct db *db, const struct actor *a, int64_t id,
		     const struct committee_input *in, struct err *e);

struct canvass_input {
	const char *campaign_code; /* NULL: the latest campaign */
	int64_t donor_id, member_id;
	const char *status;    /* NULL: "new" on add */
	const char *next_step; /* text */
	const char *next_date; /* dd/mm/yyyy or ISO */
	const char *note;
};
#define CANVASS_TEXT_MAX 1000
/* scope_unit: the donor must lie in this unit's subtree (0: anywhere). */
int canvass_add(struct db *db, const struct actor *a, int64_t scope_unit,
		const struct canvass_input *in, int64_t *id, struct err *e);
/* Sets the status, next step, its date and note of assignment id.  With
 * keep set, fields left NULL keep their value (the CLI's --only-given
 * behaviour); without it they are cleared (a form that shows them all). */
int canvass_update(struct db *db, const struct actor *a, int64_t scope_unit, int64_t id,
		   const struct canvass_input *in, int keep, struct err *e);

/* Renames a unit and sets its kind (units: core/unit.c). */
int unit_update(struct db *db, const struct actor *a, const char *code, const char *name,
		const char *kind, struct err *e);

#endif
