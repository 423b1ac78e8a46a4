/* The Vietnamese names of the codes the database stores, in one place:
 * unit kinds (province → Tỉnh), donor kinds, contribution channels
 * (cash → Tiền mặt), committee roles, canvassing statuses, goods
 * movements, recipients and valuations.
 *
 * People read labels: the web pages, the CLI's text listings and its Excel
 * workbooks.  Programs read codes: the CLI's CSV and JSON keep the codes,
 * which do not change when a label is reworded (docs/vietnamese.md). */
#ifndef ANSINH_TEXT_LABELS_H
#define ANSINH_TEXT_LABELS_H

struct code_label {
	const char *code, *label;
};

/* Each a list of {code, label} ending with {NULL, NULL}, in the order a
 * form offers them. */
extern const struct code_label unit_kinds[];
extern const struct code_label donor_kinds[];
extern const struct code_label contribution_channels[];
extern const struct code_label committee_roles[];
extern const struct code_label canvass_statuses[];
extern const struct code_label goods_movements[];  /* handover, distribution */
extern const struct code_label goods_recipients[]; /* household, person, unit */
extern const struct code_label goods_valuations[]; /* invoice, market, declared, committee */
/* the fund's use (docs/fund-use.md) */
extern const struct code_label fund_kinds[];         /* handover, disbursement */
extern const struct code_label fund_sources[];       /* bank, cash */
extern const struct code_label fund_purposes[];      /* policy_family, house, ... */
extern const struct code_label fund_beneficiaries[]; /* household, person, project, unit */
extern const struct code_label fund_outcomes[];      /* thoat-ngheo, can-ngheo, chua-thoat */

/* The label of code in table; "" when code is NULL or not in it. */
const char *code_label(const struct code_label *table, const char *code);

/* Shorthands for the most used tables. */
const char *channel_label(const char *channel);
const char *donor_kind_label(const char *kind);
const char *unit_kind_label(const char *kind);

#endif
