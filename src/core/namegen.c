#include "core/namegen.h"

#include <string.h>

#include "core/demo_data.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *const namegen_kinds[NAMEGEN_KIND_COUNT] = {
	"individual", "business", "cooperative", "political_org",
	"professional_org", "religious_org", "collective",
};

/* ---- PRNG: xoshiro256** (Blackman & Vigna), seeded through splitmix64 so
 * that any 64-bit seed, 0 included, gives a well-mixed non-zero state. */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Lemire's multiply-and-reject: unbiased, and almost never loops. */
uint64_t rng_below(struct rng *r, uint64_t n)
{
	if (n == 0)
		return 0;
	unsigned __int128 m = (unsigned __int128)rng_next(r) * n;
	uint64_t lo = (uint64_t)m;
	if (lo < n) {
		uint64_t thresh = -n % n;
		while (lo < thresh) {
			m = (unsigned __int128)rng_next(r) * n;
			lo = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

/* ---- small helpers ---- */

/* 1 with probability per_mille / 1000. */
static int chance(struct rng *r, unsigned per_mille)
{
	return rng_below(r, 1000) < per_mille;
}

struct wstr {
	const char *s;
	unsigned w;
};

static const char *pick_w(struct rng *r, const struct wstr *t, size_t n)
{
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += t[i].w;
	uint64_t x = rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < t[i].w)
			return t[i].s;
		x -= t[i].w;
	}
	return t[n - 1].s;
}

#define PICK_W(r, t) pick_w((r), (t), COUNT(t))
#define PICK(r, t) ((t)[rng_below((r), COUNT(t))])

struct wamount {
	int64_t v;
	unsigned w;
};

static int64_t pick_amount(struct rng *r, const struct wamount *t, size_t n)
{
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += t[i].w;
	uint64_t x = rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < t[i].w)
			return t[i].v;
		x -= t[i].w;
	}
	return t[n - 1].v;
}

/* Appends to a fixed name buffer.  Overlong text is cut at a UTF-8
 * character boundary so the result stays valid even then. */
struct sb {
	char *p;
	size_t cap;
	size_t len;
};

static void sb_init(struct sb *b, char *p, size_t cap)
{
	b->p = p;
	b->cap = cap;
	b->len = 0;
	p[0] = '\0';
}

static void sb_add(struct sb *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		n = b->cap - b->len - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Adds " s" (or just s at the start). */
static void sb_word(struct sb *b, const char *s)
{
	if (b->len)
		sb_add(b, " ");
	sb_add(b, s);
}

/* Administrative names inside a longer name start with a small letter:
 * "Hội Nông dân xã An Trường", "Huyện Đoàn Càng Long".  Every unit name of
 * the demo starts with an ASCII capital (Xã, Thị trấn, Phường, Huyện,
 * Thành phố, Thị xã), which is what makes the one-byte change safe. */
static void sb_add_lower_first(struct sb *b, const char *s)
{
	size_t start = b->len;
	sb_add(b, s);
	if (b->len > start && b->p[start] >= 'A' && b->p[start] <= 'Z')
		b->p[start] = (char)(b->p[start] - 'A' + 'a');
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char *const admin_prefixes[] = {
	"Xã ", "Thị trấn ", "Phường ", "Huyện ", "Thành phố ", "Thị xã ",
};

/* "Xã An Trường" -> "An Trường". */
static const char *short_name(const char *name)
{
	for (size_t i = 0; i < COUNT(admin_prefixes); i++)
		if (starts_with(name, admin_prefixes[i]))
			return name + strlen(admin_prefixes[i]);
	return name;
}

/* A district as a place name after "Giáo xứ", "Hợp tác xã ...": the short
 * name, unless another district shares it (thị xã and huyện Duyên Hải),
 * in which case the full name in lower case. */
static void sb_add_district_place(struct sb *b, const struct demo_unit *u)
{
	const char *s = short_name(u->name);
	int same = 0;
	for (size_t i = 0; i < demo_units_count; i++)
		if (strcmp(demo_units[i].kind, "district") == 0
		    && strcmp(short_name(demo_units[i].name), s) == 0)
			same++;
	if (same > 1)
		sb_add_lower_first(b, u->name);
	else
		sb_add(b, s);
}

/* A commune as it is written after an organisation's name.  Ward numbers
 * repeat between the city and the town, so a ward carries its district. */
static void sb_add_commune(struct sb *b, const struct demo_unit *c)
{
	sb_add_lower_first(b, c->name);
	if (starts_with(c->name, "Phường ") && c->parent) {
		const struct demo_unit *d = demo_unit_find(c->parent);
		if (d) {
			sb_add(b, ", ");
			sb_add_lower_first(b, d->name);
		}
	}
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

/* Everything about a donor beyond its name is drawn from a generator seeded
 * by the name, so a name that comes up twice is the same donor (same tax
 * code, same unit): importers that match donors by name see no conflict. */
static void name_rng(const struct gen_donor *d, struct rng *h)
{
	rng_seed(h, fnv1a(d->name) ^ fnv1a(d->kind));
}

/* A 10-digit tax code (mã số thuế): two digits of the province that issued
 * it, seven of sequence, and the check digit of the General Department of
 * Taxation (weights 31 29 23 19 17 13 7 5 3, mod 11).  Sequences whose check
 * would be 10 are never issued, so they are drawn again. */
static void tax_code(struct rng *h, const char *prefix, char out[NAMEGEN_TAX_MAX])
{
	static const int weight[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
	size_t plen = strlen(prefix);
	for (;;) {
		int sum = 0;
		for (size_t i = 0; i < 9; i++) {
			if (i < plen)
				out[i] = prefix[i];
			else
				out[i] = (char)('0' + rng_below(h, 10));
			sum += (out[i] - '0') * weight[i];
		}
		int check = 10 - sum % 11;
		if (check == 10)
			continue;
		out[9] = (char)('0' + check);
		out[10] = '\0';
		return;
	}
}

static const char *const place_tv = "Trà Vinh";
static const char *const place_hn = "Hà Nội";
static const char *const place_hcm = "TP. Hồ Chí Minh";

/* Prefixes of codes issued by each tax department; Hồ Chí Minh City has
 * run through 030x-031x. */
static void tax_code_for_place(struct rng *h, const char *place, char out[NAMEGEN_TAX_MAX])
{
	if (place == place_hn)
		tax_code(h, "010", out);
	else if (place == place_hcm)
		tax_code(h, rng_below(h, 3) ? "030" : "031", out);
	else
		tax_code(h, "210", out);
}

/* ---- people ---- */

/* Kinh family names, per mille.  Southern spelling and order: Huỳnh and Võ
 * well ahead of Hoàng and Vũ. */
static const struct wstr kinh_family[] = {
	{"Nguyễn", 310}, {"Trần", 110}, {"Lê", 90}, {"Phạm", 70}, {"Huỳnh", 50},
	{"Võ", 45}, {"Phan", 45}, {"Hồ", 25}, {"Đặng", 22}, {"Hoàng", 20},
	{"Bùi", 20}, {"Ngô", 16}, {"Trương", 16}, {"Đỗ", 16}, {"Lâm", 14},
	{"Dương", 12}, {"Lý", 12}, {"Vũ", 10}, {"Đinh", 8}, {"Mai", 8},
	{"Châu", 8}, {"Đoàn", 8}, {"Cao", 7}, {"Tô", 6}, {"Trịnh", 6},
	{"Lương", 6}, {"Lưu", 5}, {"Thái", 5}, {"Tạ", 4}, {"La", 3},
	{"Quách", 3}, {"Hứa", 3}, {"Diệp", 3}, {"Triệu", 3}, {"Kiều", 2},
	{"Từ", 2}, {"Tăng", 2}, {"Giang", 2}, {"Khưu", 2}, {"Ông", 1},
};

static const struct wstr kinh_middle_m[] = {
	{"Văn", 300}, {"Minh", 100}, {"Thanh", 90}, {"Hữu", 60}, {"Quốc", 60},
	{"Hoàng", 50}, {"Tấn", 50}, {"Công", 40}, {"Ngọc", 40}, {"Phước", 30},
	{"Thành", 30}, {"Đức", 30}, {"Trung", 20}, {"Duy", 20}, {"Gia", 20},
	{"Chí", 20}, {"Hoài", 20}, {"Bảo", 20}, {"Trọng", 20}, {"Xuân", 10},
	{"Anh", 10}, {"Thiện", 10}, {"Phú", 10},
};

static const struct wstr kinh_middle_f[] = {
	{"Thị", 450}, {"Ngọc", 100}, {"Thanh", 70}, {"Kim", 60}, {"Thu", 40},
	{"Mỹ", 40}, {"Hồng", 30}, {"Bích", 30}, {"Phương", 30}, {"Minh", 30},
	{"Thúy", 20}, {"Diễm", 20}, {"Tuyết", 20}, {"Cẩm", 20}, {"Bảo", 20},
	{"Khánh", 20}, {"Quỳnh", 20}, {"Thùy", 20}, {"Hoàng", 10}, {"Huỳnh", 10},
};

/* The second of two middle names ("Nguyễn Thị Ngọc Hân", "Trần Minh Quốc
 * Bảo"), more common among the young. */
static const char *const second_middle_m[] = {
	"Minh", "Hoàng", "Gia", "Quốc", "Anh", "Đức", "Thành", "Tấn", "Nhật",
	"Thiên", "Trung", "Bảo", "Hữu", "Nguyên", "Phúc", "Tuấn", "Khánh", "Đăng",
};
static const char *const second_middle_f[] = {
	"Ngọc", "Kim", "Thanh", "Thu", "Mỹ", "Bích", "Hồng", "Diễm", "Cẩm",
	"Thúy", "Phương", "Kiều", "Tuyết", "Minh",
};

static const char *const given_m[] = {
	"An", "Bình", "Cường", "Dũng", "Đức", "Hùng", "Phúc", "Tuấn", "Hải",
	"Hiếu", "Hòa", "Hoàng", "Huy", "Khang", "Khoa", "Kiệt", "Lâm", "Lộc",
	"Long", "Luân", "Minh", "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phú",
	"Phước", "Quang", "Quân", "Sang", "Sơn", "Tài", "Tâm", "Tân", "Thái",
	"Thắng", "Thanh", "Thành", "Thiện", "Thịnh", "Thông", "Tiến", "Toàn",
	"Trí", "Trung", "Trường", "Tú", "Tùng", "Vinh", "Vũ", "Khải", "Hậu",
	"Hưng", "Lợi", "Nhựt", "Định", "Duy", "Đạt", "Danh", "Bảo", "Châu",
	"Dương", "Giàu", "Nguyên", "Sỹ", "Tín", "Triều", "Út", "Vĩnh", "Vương",
	"Hiệp", "Khánh", "Lực", "Mạnh", "Nhã", "Quý", "Việt", "Bằng", "Cảnh",
	"Chiến", "Công", "Đông", "Đăng", "Điền", "Hào", "Hiển", "Hoàn", "Hội",
	"Kha", "Khương", "Lạc", "Liêm", "Lương", "Nhiên", "Ninh", "Quyết",
	"Thạnh", "Thuận", "Tịnh", "Trọng", "Tường", "Vàng", "Xuyên",
	"Em", "Được", "Của", "Lành", "Sáng", "Tươi",
};

static const char *const given_f[] = {
	"Hương", "Lan", "Mai", "Thảo", "Yến", "Anh", "Bích", "Châu", "Chi",
	"Diễm", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hân", "Hiền",
	"Hoa", "Hồng", "Huệ", "Huyền", "Kiều", "Liên", "Linh", "Loan", "Ly",
	"Mỹ", "My", "Nga", "Ngân", "Ngọc", "Nhi", "Nhung", "Nguyệt", "Oanh",
	"Phượng", "Phương", "Quyên", "Quỳnh", "Sương", "Tâm", "Thanh", "Thắm",
	"Thu", "Thủy", "Thúy", "Thư", "Thương", "Tiên", "Trang", "Trâm",
	"Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Lài", "Lệ", "Nhàn",
	"Trúc", "Diệu", "Cúc", "Đào", "Ánh", "Mơ", "Thoa", "Hoài", "Bình",
	"Cẩm", "Dịu", "Điệp", "Gấm", "Hảo", "Hậu", "Hiếu", "Khánh", "Lụa",
	"Mận", "Nương", "Nữ", "Phấn", "Quế", "Son", "Tím", "Tuyền", "Vàng",
	"Xinh", "Yên", "Em", "Lam", "Ngà", "Nhạn", "Thơ", "Trân", "Tú",
};

/* Khmer family names as registered in Trà Vinh (Thạch, Sơn and Kim cover
 * most people).  Lâm, Dương, Châu are shared with the Kinh and the Hoa. */
static const struct wstr khmer_family[] = {
	{"Thạch", 340}, {"Sơn", 200}, {"Kim", 150}, {"Lâm", 70}, {"Danh", 60},
	{"Trà", 40}, {"Kiên", 50}, {"Dương", 50}, {"Châu", 40},
};

/* Vietnamese transcriptions of Khmer given names, as they appear on
 * identity cards in the province. */
static const char *const khmer_given_m[] = {
	"Sa Ra", "Sô Phol", "Sô Phanh", "Chanh Thi", "Sóc", "Thi", "Sa Rin",
	"Sa Rươne", "Sô Thon", "Sà Rết", "Sóc Khim", "Phol", "Phách", "Sang",
	"Rươl", "Mol", "Ươl", "Chanh Đa", "Sa Vuth", "Khel", "Sóc Kha",
	"Sa Mon", "Sến", "Dư", "Pho", "Som", "Sa Phol", "Chanh Ty", "Sơ Phanh",
	"Sa Ngươn", "Thươl", "Kha", "Nhanh", "Sa Mach",
};
static const char *const khmer_given_f[] = {
	"Sa Vy", "Sa Ra", "Ny", "Chăn Thu", "Sa Rin", "Sô Phia", "Sa Rinh",
	"Chanh Thy", "Sóc Phia", "Sa Mây", "Ny Na", "Sà Ly", "Sa Vân", "Phol Ly",
	"Sa Ry", "Sô Kha", "Sà Phia", "Chanh Ra", "Sóc Thy", "Mây", "Sa Rươl",
	"Chăn Na", "Srây Mom", "Thi Da", "Sa Phon", "Kha Ny", "Sa Dy", "Ra Ny",
	"Sô Ny", "Chanh Ny",
};

/* Draws a given name that differs from the last middle name and from the
 * family name: nobody is called "Nguyễn Thanh Thanh" or "Kiều Thị Kiều". */
static const char *given_not(struct rng *r, const char *const *t, size_t n,
			     const char *family, const char *middle)
{
	for (int tries = 0; tries < 8; tries++) {
		const char *g = t[rng_below(r, n)];
		if (strcmp(g, family) != 0 && strcmp(g, middle) != 0)
			return g;
	}
	return t[0];
}

static void gen_kinh(struct rng *r, struct sb *b, char gender)
{
	const char *family = PICK_W(r, kinh_family);
	sb_word(b, family);
	const char *mid;
	if (gender == 'M') {
		mid = PICK_W(r, kinh_middle_m);
		sb_word(b, mid);
		if (strcmp(mid, "Văn") != 0 && chance(r, 120)) {
			const char *m2 = PICK(r, second_middle_m);
			if (strcmp(m2, mid) != 0) {
				sb_word(b, m2);
				mid = m2;
			}
		}
		sb_word(b, given_not(r, given_m, COUNT(given_m), family, mid));
	} else {
		mid = PICK_W(r, kinh_middle_f);
		sb_word(b, mid);
		if (chance(r, strcmp(mid, "Thị") == 0 ? 250 : 60)) {
			const char *m2 = PICK(r, second_middle_f);
			if (strcmp(m2, mid) != 0) {
				sb_word(b, m2);
				mid = m2;
			}
		}
		sb_word(b, given_not(r, given_f, COUNT(given_f), family, mid));
	}
}

/* Most Khmer given names are two syllables, a short opening one ("Sa",
 * "Sô", "Chanh") and a second that varies widely; composing them gives
 * the spread of a real province instead of a few dozen names repeated. */
static const char *const khmer_first[] = {
	"Sa", "Sô", "Sóc", "Chanh", "Sà", "Sơ", "Chăn", "Som", "Kim", "Thi",
};
static const char *const khmer_second_m[] = {
	"Ra", "Rin", "Phol", "Phanh", "Thi", "Mon", "Rết", "Khim", "Kha", "Thon",
	"Đa", "Ty", "Rươne", "Rươl", "Ngươn", "Vuth", "Mách", "Phon", "Phát",
	"Kol", "Rây", "Thol", "Khon", "Pha", "Phươl", "Thươl", "Vanh", "Sóc",
};
static const char *const khmer_second_f[] = {
	"Vy", "Ny", "Ly", "Mây", "Ry", "Phia", "Rinh", "Thu", "Na", "Dy", "Ra",
	"Rin", "Vân", "Phon", "Kha", "Thy", "Ri", "Mô", "Ly Na", "Da", "Phy",
	"Ka", "Ny Na", "Thia", "Mol",
};

static void khmer_given(struct rng *r, struct sb *b, char gender)
{
	if (chance(r, 300)) {
		if (gender == 'M')
			sb_word(b, PICK(r, khmer_given_m));
		else
			sb_word(b, PICK(r, khmer_given_f));
		return;
	}
	sb_word(b, PICK(r, khmer_first));
	if (gender == 'M')
		sb_word(b, PICK(r, khmer_second_m));
	else
		sb_word(b, PICK(r, khmer_second_f));
}

/* Khmer patterns in Trà Vinh: men family + Khmer given ("Thạch Sa Ra",
 * "Kim Sô Phol"), women usually with "Thị" ("Sơn Thị Sa Vy"); about half,
 * the young especially, carry Vietnamese given names under a Khmer family
 * name ("Thạch Minh Hiếu", "Sơn Thị Hồng Vân"). */
static void gen_khmer(struct rng *r, struct sb *b, char gender)
{
	const char *family = PICK_W(r, khmer_family);
	sb_word(b, family);
	uint64_t roll = rng_below(r, 100);
	if (gender == 'M') {
		if (roll < 45) {
			khmer_given(r, b, gender);
		} else if (roll < 52) {
			sb_word(b, "Văn");
			khmer_given(r, b, gender);
		} else {
			const char *mid = PICK_W(r, kinh_middle_m);
			if (strcmp(mid, "Văn") == 0)
				mid = "Minh";
			sb_word(b, mid);
			sb_word(b, given_not(r, given_m, COUNT(given_m), family, mid));
		}
	} else {
		if (roll < 35) {
			sb_word(b, "Thị");
			khmer_given(r, b, gender);
		} else if (roll < 47) {
			khmer_given(r, b, gender);
		} else {
			sb_word(b, "Thị");
			const char *mid = "Thị";
			if (chance(r, 400)) {
				mid = PICK(r, second_middle_f);
				sb_word(b, mid);
			}
			sb_word(b, given_not(r, given_f, COUNT(given_f), family, mid));
		}
	}
}

static int khmer_only_family(const char *name)
{
	static const char *const fam[] = {"Thạch ", "Sơn ", "Kim ", "Danh ", "Trà ", "Kiên "};
	for (size_t i = 0; i < COUNT(fam); i++)
		if (starts_with(name, fam[i]))
			return 1;
	return 0;
}

static void gen_individual(struct rng *r, struct gen_donor *d)
{
	struct sb b;
	sb_init(&b, d->name, sizeof d->name);
	/* Lists of donors are a little more male: households give in the
	 * name of their head. */
	d->gender = chance(r, 560) ? 'M' : 'F';
	/* Khmer people are about 31% of the province (2019 census). */
	d->khmer = chance(r, 300);
	if (d->khmer)
		gen_khmer(r, &b, d->gender);
	else
		gen_kinh(r, &b, d->gender);

	struct rng h;
	name_rng(d, &h);
	/* Natives who live in Hồ Chí Minh City or Hà Nội and give home. */
	d->in_province = !chance(&h, 50);
	d->place = d->in_province ? place_tv : (chance(&h, 700) ? place_hcm : place_hn);
	d->anonymous = chance(&h, 65);
	/* The unit must follow from the name alone, and "Lâm Minh Tâm" can
	 * be drawn as Kinh or as Khmer: place by the family names only the
	 * Khmer carry. */
	int khmer = d->khmer;
	d->khmer = khmer_only_family(d->name);
	d->unit = demo_pick_unit(&h, d);
	d->khmer = khmer;
}

/* ---- businesses ---- */

static const char *const sectors[] = {
	"Thương mại Dịch vụ", "Thương mại", "Dịch vụ", "Xây dựng",
	"Đầu tư Xây dựng", "Xây dựng Thương mại", "Tư vấn Xây dựng",
	"Thủy sản", "Chế biến Thủy sản", "Nông sản", "Lương thực",
	"Chế biến Dừa", "Vật liệu Xây dựng", "Vận tải", "Xăng dầu",
	"Dược phẩm", "Thiết bị Y tế", "Thức ăn Chăn nuôi", "Điện",
	"Cơ khí", "Kinh doanh Bất động sản", "Du lịch", "May mặc",
	"In và Quảng cáo", "Công nghệ Thông tin", "Sản xuất Thương mại",
	"Xuất nhập khẩu", "Nuôi trồng Thủy sản", "Giống Cây trồng", "Phân bón",
};

/* Trade names.  local = 1 marks names of places in the province, which a
 * firm based elsewhere would not carry. */
struct trade {
	const char *s;
	int local;
};

static const struct trade trades[] = {
	{"Phúc Thịnh", 0}, {"Hoàng Phát", 0}, {"Thành Đạt", 0}, {"Minh Phát", 0},
	{"Tân Phát", 0}, {"Vạn Phát", 0}, {"Hưng Thịnh", 0}, {"Phú Cường", 0},
	{"Kim Long", 0}, {"Trường Thịnh", 0}, {"An Phú", 0}, {"Đại Phát", 0},
	{"Thiên Phú", 0}, {"Quang Minh", 0}, {"Nhật Minh", 0}, {"Bảo Ngọc", 0},
	{"Hải Đăng", 0}, {"Phương Nam", 0}, {"Hoàng Long", 0}, {"Thanh Bình", 0},
	{"Việt Thắng", 0}, {"Tấn Lộc", 0}, {"Gia Huy", 0}, {"Minh Khang", 0},
	{"Phát Đạt", 0}, {"Thịnh Phát", 0}, {"Vĩnh Phát", 0}, {"Tân Thành", 0},
	{"Hồng Phúc", 0}, {"Kim Ngân", 0}, {"Phước Lộc", 0}, {"Hiệp Thành", 0},
	{"Nam Việt", 0}, {"Phú Quý", 0}, {"Thuận Phát", 0}, {"Quốc Thái", 0},
	{"Huỳnh Gia", 0}, {"Lê Gia", 0}, {"Trí Việt", 0}, {"Song Long", 0},
	{"Long Phú", 0}, {"Đức Thành", 0}, {"Ánh Dương", 0}, {"Mê Kông", 0},
	{"Cửu Long", 0}, {"Tây Nam", 0}, {"Đại Dương", 0}, {"Phương Đông", 0},
	{"Thành Tín", 0}, {"Hữu Nghị", 0}, {"Tân Tiến", 0}, {"Khải Hoàn", 0},
	{"Sông Hậu", 0}, {"Trà Vinh", 1}, {"Duyên Hải", 1}, {"Ba Động", 1},
	{"Ao Bà Om", 1}, {"Cầu Kè", 1}, {"Long Toàn", 1}, {"Trà Cú", 1},
};

/* Whole trade names that read better than sector + name. */
static const struct trade whole_trades[] = {
	{"Thủy sản Trà Vinh", 1}, {"Dừa Cửu Long", 0},
	{"Thương mại Dịch vụ Phúc Thịnh", 0}, {"Xây dựng Hoàng Phát", 0},
	{"Dừa sáp Cầu Kè", 1}, {"Nông sản Sông Hậu", 0},
	{"Vận tải Thủy Duyên Hải", 1}, {"Đầu tư Phát triển Đô thị Trà Vinh", 1},
	{"Thạch dừa Trà Vinh", 1}, {"Lương thực Cửu Long", 0},
};

struct bank {
	const char *name;
	const char *hq; /* tax-code prefix of the head office */
};

static const struct bank banks[] = {
	{"Ngân hàng TMCP Ngoại thương Việt Nam - Chi nhánh Trà Vinh", "010"},
	{"Ngân hàng TMCP Công Thương Việt Nam - Chi nhánh Trà Vinh", "010"},
	{"Ngân hàng TMCP Đầu tư và Phát triển Việt Nam - Chi nhánh Trà Vinh", "010"},
	{"Ngân hàng TMCP Sài Gòn Thương Tín - Chi nhánh Trà Vinh", "030"},
	{"Ngân hàng TMCP Á Châu - Chi nhánh Trà Vinh", "030"},
	{"Ngân hàng TMCP Kiên Long - Chi nhánh Trà Vinh", "170"},
	{"Ngân hàng TMCP Bưu điện Liên Việt - Chi nhánh Trà Vinh", "180"},
	{"Ngân hàng TMCP Phương Đông - Chi nhánh Trà Vinh", "030"},
	{"Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam - Chi nhánh tỉnh Trà Vinh", "010"},
};

/* Household businesses (cơ sở, hộ kinh doanh) go by product and the
 * owner's southern nickname: birth order + given name. */
static const char *const workshops[] = {
	"Cơ sở sản xuất kẹo dừa", "Cơ sở sản xuất bánh tét", "Cơ sở sản xuất bánh pía",
	"Cơ sở sản xuất nước mắm", "Cơ sở sản xuất chả lụa", "Cơ sở sản xuất nước đá",
	"Cơ sở sản xuất chỉ xơ dừa", "Cơ sở sản xuất than gáo dừa", "Cơ sở mộc",
	"Cơ sở chế biến tôm khô", "Cơ sở sản xuất gạch ngói", "Cơ sở sản xuất bánh mì",
	"Cửa hàng vật liệu xây dựng", "Đại lý phân bón", "Tiệm vàng", "Nhà thuốc",
	"Cửa hàng điện máy", "Nhà hàng",
};
static const char *const nick_order[] = {
	"Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Út",
};
static const char *const nick_name[] = {
	"Hiền", "Lợi", "Nhân", "Phước", "Thành", "Hòa", "Thắng", "Nghĩa", "Hưng",
	"Lan", "Mập", "Đen", "Nhỏ", "Lành", "Của", "Được", "Tiền", "Bé", "Mến",
};

static void gen_business(struct rng *r, struct gen_donor *d)
{
	struct sb b;
	sb_init(&b, d->name, sizeof d->name);
	d->gender = 0;
	d->khmer = 0;
	uint64_t roll = rng_below(r, 1000);
	int local = 0;
	const struct bank *bank = NULL;
	int workshop = 0;

	if (roll < 40) {
		bank = &PICK(r, banks);
		sb_add(&b, bank->name);
	} else if (roll < 820) {
		uint64_t form = rng_below(r, 100);
		int joint = 0;
		if (form < 40) {
			sb_add(&b, "Công ty TNHH");
		} else if (form < 52) {
			sb_add(&b, "Công ty TNHH MTV");
		} else if (form < 78) {
			sb_add(&b, "Công ty Cổ phần");
			joint = 1;
		} else {
			sb_add(&b, "Doanh nghiệp tư nhân");
		}
		if (chance(r, 60)) {
			const struct trade *t = &PICK(r, whole_trades);
			sb_word(&b, t->s);
			local = t->local;
		} else {
			if (!(form >= 78 && chance(r, 400)))
				sb_word(&b, PICK(r, sectors));
			const struct trade *t = &PICK(r, trades);
			sb_word(&b, t->s);
			local = t->local;
		}
		d->large = joint;
	} else {
		workshop = 1;
		sb_add(&b, PICK(r, workshops));
		if (chance(r, 600)) {
			sb_word(&b, PICK(r, nick_order));
			sb_word(&b, PICK(r, nick_name));
		} else {
			sb_word(&b, PICK(r, trades).s);
		}
	}

	struct rng h;
	name_rng(d, &h);
	if (bank) {
		/* A branch has the head office's code plus a 3-digit suffix. */
		char hq[NAMEGEN_TAX_MAX];
		tax_code(&h, bank->hq, hq);
		size_t n = strlen(hq);
		memcpy(d->tax_code, hq, n);
		d->tax_code[n] = '-';
		d->tax_code[n + 1] = '0';
		d->tax_code[n + 2] = (char)('0' + 1 + rng_below(&h, 9));
		d->tax_code[n + 3] = (char)('0' + rng_below(&h, 10));
		d->tax_code[n + 4] = '\0';
		d->place = place_tv;
		d->large = 1;
	} else {
		uint64_t p = rng_below(&h, 100);
		if (workshop || local || p < 70)
			d->place = place_tv;
		else
			d->place = p < 90 ? place_hcm : place_hn;
		tax_code_for_place(&h, d->place, d->tax_code);
		/* Half the joint-stock companies are big enough for the
		 * province to canvass them itself. */
		if (d->large)
			d->large = (int)rng_below(&h, 2);
	}
	d->in_province = d->place == place_tv;
	d->anonymous = chance(&h, 10);
	d->unit = demo_pick_unit(&h, d);
}

/* ---- cooperatives ---- */

static const char *const coop_sectors[] = {
	"Nông nghiệp", "Nông nghiệp Dịch vụ", "Dịch vụ Nông nghiệp", "Thủy sản",
	"Nuôi trồng Thủy sản", "Rau an toàn", "Chăn nuôi bò", "Trồng lúa",
	"Mây tre đan", "Sản xuất Kinh doanh Dịch vụ Nông nghiệp",
};

/* A commune (not a ward) drawn from the demo tree. */
static const struct demo_unit *pick_rural(struct rng *r)
{
	for (int tries = 0; tries < 16; tries++) {
		const struct demo_unit *c = demo_unit_pick(r, "commune", NULL);
		if (c && !starts_with(c->name, "Phường "))
			return c;
	}
	return NULL;
}

static void gen_cooperative(struct rng *r, struct gen_donor *d)
{
	struct sb b;
	sb_init(&b, d->name, sizeof d->name);
	d->gender = 0;
	d->khmer = 0;
	sb_add(&b, "Hợp tác xã");
	const struct demo_unit *c = NULL;
	/* Most cooperatives are named after their commune; the commune is
	 * then where they count. */
	if (chance(r, 800))
		c = pick_rural(r);
	if (c && chance(r, 150) && strcmp(c->parent, "TV-CK") == 0) {
		sb_word(&b, "Dừa sáp");
	} else {
		sb_word(&b, PICK(r, coop_sectors));
	}
	if (c) {
		sb_word(&b, short_name(c->name));
	} else {
		/* Not a place name ("Cầu Kè" is also a township), or the
		 * same name would get two units. */
		const struct trade *t;
		do
			t = &PICK(r, trades);
		while (t->local);
		sb_word(&b, t->s);
	}

	struct rng h;
	name_rng(d, &h);
	d->place = place_tv;
	d->in_province = 1;
	tax_code(&h, "210", d->tax_code);
	d->anonymous = 0;
	d->unit = c ? c->code : demo_pick_unit(&h, d);
}

/* ---- organisations ---- */

static const char *const commune_orgs[] = {
	"Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên",
	"Hội Cựu chiến binh", "Ủy ban Mặt trận Tổ quốc Việt Nam",
	"Hội Người cao tuổi", "Hội Chữ thập đỏ",
};

static void gen_political(struct rng *r, struct gen_donor *d)
{
	struct sb b;
	sb_init(&b, d->name, sizeof d->name);
	d->gender = 0;
	d->khmer = 0;
	const struct demo_unit *u = NULL;
	uint64_t roll = rng_below(r, 100);
	if (roll < 70) {
		u = demo_unit_pick(r, "commune", NULL);
		sb_add(&b, PICK(r, commune_orgs));
		sb_add(&b, " ");
		sb_add_commune(&b, u);
	} else if (roll < 90) {
		u = demo_unit_pick(r, "district", NULL);
		const char *org = PICK(r, commune_orgs);
		if (strcmp(org, "Đoàn Thanh niên") == 0) {
			/* Huyện Đoàn, Thị Đoàn, Thành Đoàn + short name. */
			if (starts_with(u->name, "Huyện "))
				sb_add(&b, "Huyện Đoàn ");
			else if (starts_with(u->name, "Thị xã "))
				sb_add(&b, "Thị Đoàn ");
			else
				sb_add(&b, "Thành Đoàn ");
			sb_add(&b, short_name(u->name));
		} else {
			sb_add(&b, org);
			sb_add(&b, " ");
			sb_add_lower_first(&b, u->name);
		}
	} else {
		static const char *const kinds[] = {"department", "department", "armed_forces", "other"};
		u = demo_unit_pick(r, PICK(r, kinds), NULL);
		sb_add(&b, chance(r, 600) ? "Công đoàn " : "Đoàn Thanh niên ");
		sb_add(&b, u->name);
	}

	struct rng h;
	name_rng(d, &h);
	d->place = place_tv;
	d->in_province = 1;
	d->anonymous = 0;
	d->unit = u ? u->code : demo_pick_unit(&h, d);
}

struct fixed_org {
	const char *name;
	const char *unit;
	int in_province;
};

static const struct fixed_org professional_orgs[] = {
	{"Hội Doanh nhân trẻ tỉnh Trà Vinh", "TV", 1},
	{"Hiệp hội Doanh nghiệp tỉnh Trà Vinh", "TV", 1},
	{"Hội Luật gia tỉnh Trà Vinh", "TV-MTTQ", 1},
	{"Đoàn Luật sư tỉnh Trà Vinh", "TV-MTTQ", 1},
	{"Hội Nhà báo tỉnh Trà Vinh", "TV-MTTQ", 1},
	{"Hội Đông y tỉnh Trà Vinh", "TV-MTTQ", 1},
	{"Hội Khuyến học tỉnh Trà Vinh", "TV-MTTQ", 1},
	{"Hội Kiến trúc sư tỉnh Trà Vinh", "TV-SXD", 1},
	{"Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Trà Vinh", "TV-MTTQ", 1},
	{"Hội Văn học Nghệ thuật tỉnh Trà Vinh", "TV-MTTQ", 1},
	{"Hội Kế toán tỉnh Trà Vinh", "TV-STC", 1},
	{"Hội Doanh nhân Trà Vinh tại TP. Hồ Chí Minh", "TV", 0},
	{"Hội Đồng hương Trà Vinh tại Hà Nội", "TV", 0},
	{"Hội Đồng hương Trà Vinh tại TP. Hồ Chí Minh", "TV", 0},
};

static const char *const district_professional[] = {
	"Hội Luật gia", "Hội Khuyến học", "Hội Đông y", "Hội Doanh nghiệp",
};

static void gen_professional(struct rng *r, struct gen_donor *d)
{
	struct sb b;
	sb_init(&b, d->name, sizeof d->name);
	d->gender = 0;
	d->khmer = 0;
	d->in_province = 1;
	d->unit = NULL;
	if (chance(r, 450)) {
		const struct fixed_org *o = &PICK(r, professional_orgs);
		sb_add(&b, o->name);
		d->unit = o->unit;
		d->in_province = o->in_province;
	} else {
		const struct demo_unit *u = demo_unit_pick(r, "district", NULL);
		sb_add(&b, PICK(r, district_professional));
		sb_add(&b, " ");
		sb_add_lower_first(&b, u->name);
		d->unit = u->code;
	}
	struct rng h;
	name_rng(d, &h);
	d->place = d->in_province ? place_tv
		: (strstr(d->name, "Hà Nội") ? place_hn : place_hcm);
	d->anonymous = 0;
	if (!d->unit)
		d->unit = demo_pick_unit(&h, d);
}

/* Khmer Theravada pagodas, other temples, parishes and religious bodies,
 * each counted by the commune or district it stands in. */
static const struct fixed_org religious_orgs[] = {
	{"Chùa Âng", "TV-TP-P8", 1},
	{"Chùa Samrông Ek", "TV-TP-P8", 1},
	{"Chùa Ông Mẹt", "TV-TP-P1", 1},
	{"Chùa Phước Minh Cung", "TV-TP", 1},
	{"Chùa Long Khánh", "TV-TP", 1},
	{"Chùa Hang", "TV-CT-CHAUTHANH", 1},
	{"Chùa Cò", "TV-TCU-DAIAN", 1},
	{"Chùa Vàm Ray", "TV-TCU", 1},
	{"Ban Trị sự Giáo hội Phật giáo Việt Nam tỉnh Trà Vinh", "TV-MTTQ", 1},
	{"Hội Đoàn kết Sư sãi yêu nước tỉnh Trà Vinh", "TV-MTTQ", 1},
	{"Giáo xứ Trà Vinh", "TV-TP", 1},
	{"Giáo xứ Mạc Bắc", "TV-CN", 1},
	{"Hội thánh Tin Lành Việt Nam (miền Nam) - Chi hội Trà Vinh", "TV-TP", 1},
};

static const char *const district_religious[] = {
	"Ban Trị sự Giáo hội Phật giáo Việt Nam", "Hội Đoàn kết Sư sãi yêu nước",
	"Giáo xứ", "Thánh thất Cao Đài",
};

static void gen_religious(struct rng *r, struct gen_donor *d)
{
	struct sb b;
	sb_init(&b, d->name, sizeof d->name);
	d->gender = 0;
	d->khmer = 0;
	d->in_province = 1;
	if (chance(r, 550)) {
		const struct fixed_org *o = &PICK(r, religious_orgs);
		sb_add(&b, o->name);
		d->unit = o->unit;
	} else {
		const struct demo_unit *u = demo_unit_pick(r, "district", NULL);
		const char *org = PICK(r, district_religious);
		sb_add(&b, org);
		sb_add(&b, " ");
		/* A parish or a temple is named after the place, a board
		 * after the administrative unit. */
		if (starts_with(org, "Ban ") || starts_with(org, "Hội "))
			sb_add_lower_first(&b, u->name);
		else
			sb_add_district_place(&b, u);
		d->unit = u->code;
	}
	struct rng h;
	name_rng(d, &h);
	d->place = place_tv;
	d->anonymous = chance(&h, 5);
}

/* ---- collectives ---- */

static const char *const high_schools[][2] = {
	{"THPT Chuyên Nguyễn Thiện Thành", "TV-TP"},
	{"THPT Phạm Thái Bường", "TV-TP"},
	{"THPT Thành phố Trà Vinh", "TV-TP"},
	{"THPT Duyên Hải", "TV-DHTX"},
	{"THPT Càng Long", "TV-CL"},
	{"THPT Nguyễn Đáng", "TV-CL"},
	{"THPT Cầu Kè", "TV-CK"},
	{"THPT Tiểu Cần", "TV-TC"},
	{"THPT Cầu Quan", "TV-TC"},
	{"THPT Vũ Đình Liệu", "TV-CT"},
	{"THPT Châu Thành", "TV-CT"},
	{"THPT Cầu Ngang A", "TV-CN"},
	{"THPT Trà Cú", "TV-TCU"},
	{"THPT Long Khánh", "TV-DH"},
};

static void gen_collective(struct rng *r, struct gen_donor *d)
{
	struct sb b;
	sb_init(&b, d->name, sizeof d->name);
	d->gender = 0;
	d->khmer = 0;
	const struct demo_unit *u = NULL;
	const char *unit = NULL;
	uint64_t roll = rng_below(r, 100);
	if (roll < 38) {
		u = demo_unit_pick(r, "department", NULL);
		sb_add(&b, chance(r, 500) ? "Tập thể cán bộ, công chức "
			: "Tập thể cán bộ, công chức, viên chức ");
		sb_add(&b, u->name);
	} else if (roll < 50) {
		static const char *const kinds[] = {"organisation", "party", "other"};
		u = demo_unit_pick(r, PICK(r, kinds), NULL);
		if (strcmp(u->code, "TV-DHTV") == 0)
			sb_add(&b, "Tập thể cán bộ, giảng viên ");
		else if (strcmp(u->code, "TV-BAOTV") == 0)
			sb_add(&b, "Tập thể cán bộ, phóng viên ");
		else
			sb_add(&b, "Tập thể cán bộ, nhân viên ");
		sb_add(&b, u->name);
	} else if (roll < 58) {
		u = demo_unit_pick(r, "armed_forces", NULL);
		sb_add(&b, "Cán bộ, chiến sĩ ");
		sb_add(&b, u->name);
	} else if (roll < 72) {
		/* High schools belong to the Sở, not to their district. */
		size_t i = (size_t)rng_below(r, COUNT(high_schools));
		sb_add(&b, "Cán bộ, giáo viên Trường ");
		sb_add(&b, high_schools[i][0]);
		unit = "TV-SGDDT";
	} else if (roll < 84) {
		u = demo_unit_pick(r, "commune", NULL);
		if (chance(r, 500)) {
			sb_add(&b, "Cán bộ, công chức ");
			sb_add_commune(&b, u);
		} else if (starts_with(u->name, "Phường ")) {
			sb_add(&b, "Cán bộ, giáo viên Trường Tiểu học ");
			sb_add_commune(&b, u);
		} else {
			sb_add(&b, "Cán bộ, giáo viên Trường Tiểu học ");
			sb_add(&b, short_name(u->name));
		}
	} else if (roll < 92) {
		u = demo_unit_pick(r, "district", NULL);
		sb_add(&b, "Cán bộ, công chức Ủy ban nhân dân ");
		sb_add_lower_first(&b, u->name);
	} else if (roll < 97) {
		if (chance(r, 400)) {
			sb_add(&b, "Tập thể y, bác sĩ Bệnh viện Đa khoa tỉnh Trà Vinh");
		} else {
			const struct demo_unit *dist = demo_unit_pick(r, "district", NULL);
			sb_add(&b, "Tập thể cán bộ, nhân viên Trung tâm Y tế ");
			sb_add_lower_first(&b, dist->name);
		}
		unit = "TV-SYT";
	} else {
		sb_add(&b, "Công nhân, người lao động Công ty ");
		sb_add(&b, chance(r, 500) ? "TNHH " : "Cổ phần ");
		sb_add(&b, PICK(r, sectors));
		sb_add(&b, " ");
		sb_add(&b, PICK(r, trades).s);
		unit = "TV-LDLD";
	}

	struct rng h;
	name_rng(d, &h);
	d->place = place_tv;
	d->in_province = 1;
	d->anonymous = 0;
	d->unit = unit ? unit : u ? u->code : demo_pick_unit(&h, d);
}

/* ---- dispatch ---- */

typedef void (*gen_fn)(struct rng *, struct gen_donor *);

/* Same order as namegen_kinds; weight is the share of donors per 1000. */
static const struct {
	gen_fn fn;
	unsigned w;
} generators[NAMEGEN_KIND_COUNT] = {
	{gen_individual, 800}, {gen_business, 90}, {gen_cooperative, 15},
	{gen_political, 30}, {gen_professional, 8}, {gen_religious, 12},
	{gen_collective, 45},
};

static void reset(struct gen_donor *d, const char *kind)
{
	memset(d, 0, sizeof *d);
	d->kind = kind;
}

int namegen_donor_of(struct rng *r, const char *kind, struct gen_donor *out)
{
	for (size_t i = 0; i < NAMEGEN_KIND_COUNT; i++) {
		if (strcmp(kind, namegen_kinds[i]) == 0) {
			reset(out, namegen_kinds[i]);
			generators[i].fn(r, out);
			return 0;
		}
	}
	return -1;
}

void namegen_donor(struct rng *r, struct gen_donor *out)
{
	unsigned total = 0;
	for (size_t i = 0; i < NAMEGEN_KIND_COUNT; i++)
		total += generators[i].w;
	uint64_t x = rng_below(r, total);
	size_t k = 0;
	while (k + 1 < NAMEGEN_KIND_COUNT && x >= generators[k].w) {
		x -= generators[k].w;
		k++;
	}
	reset(out, namegen_kinds[k]);
	generators[k].fn(r, out);
}

/* ---- amounts ---- */

#define NGHIN INT64_C(1000)
#define TRIEU INT64_C(1000000)
#define TY INT64_C(1000000000)

/* People give round sums: 1, 2, 3 or 5 of something, now and then 1,5 or
 * 2,5.  Mantissas in tenths of the decade. */
static const struct wamount mantissa[] = {
	{10, 30}, {15, 5}, {20, 20}, {25, 3}, {30, 12}, {40, 3}, {50, 22},
	{60, 1}, {70, 1}, {80, 1},
};

/* Decades for individuals, per 10.000: nine in ten give 100.000 to
 * 8.000.000, a few students 10.000-80.000, and a long tail of well-off
 * people, one in five thousand giving a billion or more. */
static const struct wamount individual_decades[] = {
	{10 * NGHIN, 300}, {100 * NGHIN, 5200}, {TRIEU, 3900},
	{10 * TRIEU, 530}, {100 * TRIEU, 68}, {TY, 2},
};

static const struct wamount business_amounts[] = {
	{5 * TRIEU, 80}, {10 * TRIEU, 140}, {20 * TRIEU, 120}, {30 * TRIEU, 80},
	{50 * TRIEU, 160}, {100 * TRIEU, 160}, {150 * TRIEU, 20},
	{200 * TRIEU, 90}, {300 * TRIEU, 50}, {500 * TRIEU, 60},
	{TY, 25}, {2 * TY, 10}, {3 * TY, 5}, {5 * TY, 3}, {10 * TY, 1},
};

static const struct wamount cooperative_amounts[] = {
	{2 * TRIEU, 10}, {3 * TRIEU, 10}, {5 * TRIEU, 25}, {10 * TRIEU, 25},
	{20 * TRIEU, 15}, {30 * TRIEU, 5}, {50 * TRIEU, 8}, {100 * TRIEU, 2},
};

static const struct wamount political_amounts[] = {
	{TRIEU, 10}, {2 * TRIEU, 15}, {3 * TRIEU, 15}, {5 * TRIEU, 25},
	{10 * TRIEU, 20}, {20 * TRIEU, 8}, {50 * TRIEU, 5}, {100 * TRIEU, 2},
};

static const struct wamount professional_amounts[] = {
	{5 * TRIEU, 5}, {10 * TRIEU, 15}, {20 * TRIEU, 15}, {30 * TRIEU, 10},
	{50 * TRIEU, 25}, {100 * TRIEU, 20}, {200 * TRIEU, 7}, {500 * TRIEU, 3},
};

static const struct wamount religious_amounts[] = {
	{2 * TRIEU, 8}, {3 * TRIEU, 8}, {5 * TRIEU, 20}, {10 * TRIEU, 25},
	{20 * TRIEU, 15}, {30 * TRIEU, 8}, {50 * TRIEU, 10}, {100 * TRIEU, 5},
	{200 * TRIEU, 1},
};

/* Staff of an agency, school or unit. */
static const struct {
	unsigned lo, hi, w;
} staff_sizes[] = {
	{8, 20, 25}, {20, 50, 35}, {50, 100, 22}, {100, 300, 14}, {300, 800, 4},
};

/* Lương cơ sở from 1/7/2019 (Nghị định 38/2019/NĐ-CP). */
#define BASE_SALARY INT64_C(1490000)
#define WORKDAYS 22

/* A collective gives what was deducted from its payroll: usually one day's
 * salary of each person (salary coefficients 2,34 to 6,50 on the base
 * salary, each share rounded to 1.000 đ), sometimes two or three days,
 * sometimes a flat sum per head. */
static int64_t payroll_amount(struct rng *r)
{
	unsigned total = 0;
	for (size_t i = 0; i < COUNT(staff_sizes); i++)
		total += staff_sizes[i].w;
	uint64_t x = rng_below(r, total);
	size_t k = 0;
	while (k + 1 < COUNT(staff_sizes) && x >= staff_sizes[k].w) {
		x -= staff_sizes[k].w;
		k++;
	}
	unsigned staff = staff_sizes[k].lo
		+ (unsigned)rng_below(r, staff_sizes[k].hi - staff_sizes[k].lo);

	uint64_t mode = rng_below(r, 100);
	if (mode >= 75) {
		static const int64_t per_head[] = {
			50 * NGHIN, 100 * NGHIN, 100 * NGHIN, 200 * NGHIN, 300 * NGHIN, 500 * NGHIN,
		};
		return (int64_t)staff * PICK(r, per_head);
	}
	int64_t days = mode < 60 ? 1 : (mode < 70 ? 2 : 3);
	int64_t sum = 0;
	for (unsigned i = 0; i < staff; i++) {
		int64_t coef = 234 + (int64_t)rng_below(r, 650 - 234 + 1);
		int64_t day = BASE_SALARY * coef / 100 / WORKDAYS;
		sum += (day + 500) / 1000 * 1000 * days;
	}
	return sum;
}

int64_t namegen_amount(struct rng *r, const char *kind)
{
	if (!kind || strcmp(kind, "individual") == 0) {
		int64_t decade = pick_amount(r, individual_decades, COUNT(individual_decades));
		return decade * pick_amount(r, mantissa, COUNT(mantissa)) / 10;
	}
	if (strcmp(kind, "business") == 0)
		return pick_amount(r, business_amounts, COUNT(business_amounts));
	if (strcmp(kind, "cooperative") == 0)
		return pick_amount(r, cooperative_amounts, COUNT(cooperative_amounts));
	if (strcmp(kind, "political_org") == 0)
		return pick_amount(r, political_amounts, COUNT(political_amounts));
	if (strcmp(kind, "professional_org") == 0)
		return pick_amount(r, professional_amounts, COUNT(professional_amounts));
	if (strcmp(kind, "religious_org") == 0)
		return pick_amount(r, religious_amounts, COUNT(religious_amounts));
	if (strcmp(kind, "collective") == 0)
		return payroll_amount(r);
	return namegen_amount(r, "individual");
}

/* ---- goods ---- */

/* 2019 prices, in đồng per unit. */
static const struct {
	const char *what;
	int64_t price;
	unsigned qty[5];
} goods[] = {
	{"kg gạo", 12 * NGHIN, {100, 200, 500, 1000, 2000}},
	{"tấn gạo", 11500 * NGHIN, {1, 2, 3, 5, 10}},
	{"thùng mì tôm", 95 * NGHIN, {50, 100, 200, 300, 500}},
	{"phần quà", 300 * NGHIN, {20, 50, 100, 200, 500}},
	{"xe đạp", 1300 * NGHIN, {5, 10, 20, 30, 50}},
	{"xe lăn", 1500 * NGHIN, {2, 5, 10, 15, 20}},
	{"cái mền", 150 * NGHIN, {50, 100, 200, 300, 500}},
	{"bộ sách giáo khoa", 180 * NGHIN, {50, 100, 200, 300, 500}},
	{"thùng sữa", 350 * NGHIN, {10, 20, 50, 100, 200}},
	{"lít dầu ăn", 35 * NGHIN, {100, 200, 300, 500, 1000}},
	{"tấn xi măng", 1400 * NGHIN, {10, 20, 50, 100, 200}},
	{"máy tính để bàn", 9 * TRIEU, {1, 2, 5, 10, 20}},
	{"căn nhà đại đoàn kết", 50 * TRIEU, {1, 2, 3, 5, 10}},
};

/* "1.000 kg gạo": quantities are written with dot thousands. */
static size_t format_qty(char *out, unsigned q)
{
	char tmp[16];
	size_t n = 0, len = 0;
	do {
		if (n && n % 3 == 0)
			tmp[len++] = '.';
		tmp[len++] = (char)('0' + q % 10);
		q /= 10;
		n++;
	} while (q);
	for (size_t i = 0; i < len; i++)
		out[i] = tmp[len - 1 - i];
	return len;
}

/* The most a donor of each kind gives in kind: people bring a few sacks or
 * boxes, a commune's youth union does not build five houses, firms may. */
static int64_t goods_cap(const char *kind)
{
	static const struct {
		const char *kind;
		int64_t max;
	} caps[] = {
		{"individual", 20 * TRIEU}, {"political_org", 50 * TRIEU},
		{"collective", 50 * TRIEU}, {"cooperative", 100 * TRIEU},
		{"religious_org", 100 * TRIEU}, {"professional_org", 300 * TRIEU},
	};
	if (!kind)
		return INT64_MAX;
	for (size_t i = 0; i < COUNT(caps); i++)
		if (strcmp(kind, caps[i].kind) == 0)
			return caps[i].max;
	return INT64_MAX;
}

int64_t namegen_goods_for(struct rng *r, const char *kind, char *desc, size_t cap)
{
	int64_t max = goods_cap(kind);
	size_t i;
	unsigned q;
	for (int tries = 0;; tries++) {
		i = (size_t)rng_below(r, COUNT(goods));
		q = goods[i].qty[rng_below(r, COUNT(goods[i].qty))];
		if (goods[i].price * (int64_t)q <= max)
			break;
		if (tries == 8) {
			/* 100 kg gạo: within every cap. */
			i = 0;
			q = goods[0].qty[0];
			break;
		}
	}
	if (cap) {
		char num[16];
		size_t n = format_qty(num, q);
		num[n] = '\0';
		struct sb b;
		sb_init(&b, desc, cap);
		sb_add(&b, num);
		sb_word(&b, goods[i].what);
	}
	return goods[i].price * (int64_t)q;
}

int64_t namegen_goods(struct rng *r, char *desc, size_t cap)
{
	return namegen_goods_for(r, NULL, desc, cap);
}
