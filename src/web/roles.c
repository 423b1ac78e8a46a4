/* Who may do what: the capabilities of each role of DESIGN.md.  A route
 * names one capability (routes.c); a request reaches its handler only when
 * the caller's role holds it.  Reading is wide (staff see the whole
 * campaign, a unit officer its subtree); writing is each department's own
 * work; the inspector reads everything and changes nothing. */
#include <string.h>

#include "web/web.h"

const struct cap_info cap_names[] = {
	{CAP_PUBLIC, "public"},
	{CAP_STAFF, "staff"},
	{CAP_DONOR_READ, "donor.read"},
	{CAP_DONOR_WRITE, "donor.write"},
	{CAP_PLEDGE_WRITE, "pledge.write"},
	{CAP_CONTRIB_READ, "contribution.read"},
	{CAP_CONTRIB_WRITE, "contribution.write"},
	{CAP_CONTRIB_REVERSE, "contribution.reverse"},
	{0, NULL},
};

#define READ_ALL (CAP_STAFF | CAP_DONOR_READ | CAP_CONTRIB_READ)

static const struct {
	const char *role;
	unsigned caps;
} role_table[] = {
	/* Ban Chỉ đạo: everything */
	{"admin", READ_ALL | CAP_DONOR_WRITE | CAP_PLEDGE_WRITE | CAP_CONTRIB_WRITE |
			  CAP_CONTRIB_REVERSE},
	/* Bộ phận vận động: prospects and pledges */
	{"mobiliser", READ_ALL | CAP_DONOR_WRITE | CAP_PLEDGE_WRITE},
	/* Bộ phận tiếp nhận: money in, and its corrections */
	{"clerk", READ_ALL | CAP_DONOR_WRITE | CAP_CONTRIB_WRITE | CAP_CONTRIB_REVERSE},
	/* Bộ phận tuyên truyền: reads for letters and publications */
	{"propaganda", READ_ALL},
	/* Cán bộ đơn vị: reads and enters its own subtree's data (the scope is
	 * applied by the store); corrections go through the clerks */
	{"unit_officer", READ_ALL | CAP_DONOR_WRITE | CAP_PLEDGE_WRITE | CAP_CONTRIB_WRITE},
	/* Đơn vị quản lý quỹ: needs the money received, not the donors' details */
	{"fund_manager", CAP_STAFF | CAP_CONTRIB_READ},
	/* Kiểm tra, giám sát: reads everything, changes nothing */
	{"inspector", READ_ALL},
};

unsigned role_caps(const char *role)
{
	for (size_t i = 0; role && i < sizeof role_table / sizeof role_table[0]; i++)
		if (strcmp(role_table[i].role, role) == 0)
			return role_table[i].caps;
	return 0;
}

const char *cap_name(unsigned cap)
{
	for (const struct cap_info *c = cap_names; c->name; c++)
		if (c->cap == cap)
			return c->name;
	return "?";
}
