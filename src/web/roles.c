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
	{CAP_PLEDGE_READ, "pledge.read"},
	{CAP_BANK, "bank"},
	{CAP_GOODS, "goods"},
	{CAP_DOC_READ, "document.read"},
	{CAP_DOC_WRITE, "document.write"},
	{CAP_USER_ADMIN, "user.admin"},
	{CAP_CANVASS_READ, "canvass.read"},
	{CAP_CANVASS_WRITE, "canvass.write"},
	{CAP_AUDIT_READ, "audit.read"},
	{CAP_SETUP, "setup"},
	{CAP_FUND_READ, "fund.read"},
	{CAP_FUND_WRITE, "fund.write"},
	{0, NULL},
};

#define READ_ALL (CAP_STAFF | CAP_DONOR_READ | CAP_CONTRIB_READ | CAP_PLEDGE_READ | \
		  CAP_CANVASS_READ | CAP_DOC_READ)

static const struct {
	const char *role;
	unsigned caps;
} role_table[] = {
	/* Ban Chỉ đạo: everything */
	{"admin", READ_ALL | CAP_DONOR_WRITE | CAP_PLEDGE_WRITE | CAP_CONTRIB_WRITE |
			  CAP_CONTRIB_REVERSE | CAP_BANK | CAP_GOODS | CAP_DOC_WRITE |
			  CAP_USER_ADMIN | CAP_CANVASS_WRITE | CAP_AUDIT_READ | CAP_SETUP |
			  CAP_FUND_READ | CAP_FUND_WRITE},
	/* Bộ phận vận động: prospects and pledges */
	{"mobiliser", READ_ALL | CAP_DONOR_WRITE | CAP_PLEDGE_WRITE | CAP_CANVASS_WRITE},
	/* Bộ phận tiếp nhận: money in, and its corrections */
	{"clerk", READ_ALL | CAP_DONOR_WRITE | CAP_CONTRIB_WRITE | CAP_CONTRIB_REVERSE |
			  CAP_BANK | CAP_GOODS},
	/* Bộ phận tuyên truyền: reads for letters and publications */
	{"propaganda", READ_ALL | CAP_DOC_WRITE},
	/* Cán bộ đơn vị: reads and enters its own subtree's data (the scope is
	 * applied by the store); corrections go through the clerks */
	{"unit_officer", READ_ALL | CAP_DONOR_WRITE | CAP_PLEDGE_WRITE | CAP_CONTRIB_WRITE},
	/* Đơn vị quản lý quỹ: needs the money and goods received, not the
	 * donors' details; hands goods over and distributes them; records the
	 * fund handed over to it and what it spends */
	{"fund_manager", CAP_STAFF | CAP_CONTRIB_READ | CAP_GOODS | CAP_FUND_READ | CAP_FUND_WRITE},
	/* Kiểm tra, giám sát: reads everything, changes nothing */
	{"inspector", READ_ALL | CAP_AUDIT_READ | CAP_FUND_READ},
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
