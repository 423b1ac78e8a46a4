/* VietQR: the EMVCo merchant-presented QR payload that NAPAS member banks'
 * apps read to fill in a transfer (bank, account, amount, purpose).
 *
 *   00 02 01                        payload format indicator
 *   01 02 11 | 12                   static (no amount) | with an amount
 *   38 .. 00 10 A000000727          NAPAS GUID
 *         01 .. 00 06 BIN           the bank (6 digits)
 *               01 .. ACCOUNT       account number (1-19 letters or digits)
 *         02 08 QRIBFTTA            service: transfer to an account
 *   53 03 704                       currency VND
 *   54 .. AMOUNT                    whole đồng, when there is one
 *   58 02 VN
 *   62 .. 08 .. PURPOSE             at most 25 characters A-Z 0-9 space
 *   63 04 CRC                       CRC-16/CCITT-FALSE of all before, "6304" included
 */
#ifndef ANSINH_CORE_VIETQR_H
#define ANSINH_CORE_VIETQR_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define VIETQR_BIN_LEN 6
#define VIETQR_ACCOUNT_MAX 19
#define VIETQR_PURPOSE_MAX 25
#define VIETQR_AMOUNT_MAX INT64_C(9999999999999) /* 13 digits: EMVCo's limit for tag 54 */
#define VIETQR_GUID "A000000727"
#define VIETQR_SERVICE "QRIBFTTA"

/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection): 0x29B1 for "123456789". */
uint16_t vietqr_crc16(const void *data, size_t n);

/* The purpose as banks accept it: folded to ASCII (diacritics dropped,
 * đ -> D), upper case, only A-Z, 0-9 and single spaces, at most 25
 * characters.  Errors name the field: "purpose: ...". */
int vietqr_purpose(struct buf *out, const char *text, struct err *e);

/* Builds the payload into out (replacing its contents).  amount 0 = a static
 * code without amount; purpose NULL or "" = none.  Every value is checked;
 * errors name the field (bin, account, amount, purpose). */
int vietqr_payload(struct buf *out, const char *bin, const char *account, int64_t amount,
		   const char *purpose, struct err *e);

/* A payload read back: every field checked (TLV lengths, the CRC, the fixed
 * values). */
struct vietqr_fields {
	int dynamic;                          /* 01 = 12 */
	char bin[VIETQR_BIN_LEN + 1];
	char account[VIETQR_ACCOUNT_MAX + 1];
	char service[16];
	int64_t amount;                       /* 0 when absent */
	char purpose[VIETQR_PURPOSE_MAX + 1]; /* "" when absent */
	uint16_t crc;
};
int vietqr_decode(const char *payload, struct vietqr_fields *out, struct err *e);

#endif
