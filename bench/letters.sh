#!/bin/sh
# Thank-you letters: `ansinh letters thanks` for every contribution of a demo
# campaign (LETTERS, default 10000: one PDF per letter plus the combined
# file), against the baseline an office would otherwise use: LibreOffice
# converting an equivalent .odt letter to PDF (`soffice --headless
# --convert-to pdf`), LO_RUNS times (default 20), measured in the same run.
# Prints letters per second, peak memory, the per-letter times and their
# ratio, and the CPU time (user + system, the worker processes included)
# per letter, the figure that a shared machine disturbs least.  ANSINH
# names another binary to measure (default build/ansinh), e.g. the one
# before a change.  Scratch files in bench/out/letters/.
set -eu
cd "$(dirname "$0")/.."
N=${LETTERS:-10000}
RUNS=${LO_RUNS:-20}
OUT=bench/out/letters
BIN=${ANSINH:-build/ansinh}
rm -rf "$OUT"
mkdir -p "$OUT"
DB="$OUT/letters.db"
export ANSINH_NOW=2019-12-01T03:00:00Z

"$BIN" --db "$DB" demo --donors 3000 --contributions "$N" >/dev/null
echo "== letters: ansinh letters thanks ($(nproc) cores)"
/usr/bin/time -f "%e %M %U %S" -o "$OUT/time" "$BIN" --db "$DB" letters thanks --campaign TV2019 \
	--date 10/01/2020 --out "$OUT/pdf" >"$OUT/stdout" 2>/dev/null
read -r secs kb usr sys <"$OUT/time"
letters=$(sed -n 's/^\([0-9]*\) documents.*/\1/p' "$OUT/stdout")
files=$(ls "$OUT/pdf" | wc -l)
size=$(du -sm "$OUT/pdf" | cut -f1)
awk -v n="$letters" -v s="$secs" -v kb="$kb" -v f="$files" -v mb="$size" -v u="$usr" -v y="$sys" -v c="$(nproc)" 'BEGIN {
	printf "%d letters (%d files, %d MB) in %.2f s: %.0f letters/s, %.2f ms per letter, peak memory %.0f MB\n",
		n, f, mb, s, n / s, 1000 * s / n, kb / 1024
	printf "CPU %.2f s user + %.2f s system: %.2f ms per letter (%.0f letters/s on %d free cores)\n",
		u, y, 1000 * (u + y) / n, c * n / (u + y), c }'

echo "== baseline: soffice --headless --convert-to pdf, one .odt letter, $RUNS runs"
/usr/bin/python3 - "$OUT/letter.odt" <<'PY'
import sys, zipfile
from xml.sax.saxutils import escape
paras = [
    ("P1", "TỈNH ỦY TRÀ VINH"), ("P2", "BAN CHỈ ĐẠO CUỘC VẬN ĐỘNG"),
    ("P1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("P2", "Độc lập - Tự do - Hạnh phúc"),
    ("P3", "Trà Vinh, ngày 10 tháng 01 năm 2020"), ("P2", "THƯ CẢM ƠN"),
    ("P1", "Kính gửi: Ông Nguyễn Văn Đức"),
    ("P4", "Ban Chỉ đạo cuộc vận động xin gửi đến Ông lời chào trân trọng và lời cảm ơn sâu sắc."),
    ("P4", "Ngày 15/09/2019, Ông Nguyễn Văn Đức đã đóng góp cho cuộc vận động Quỹ An sinh xã hội "
           "số tiền 5.000.000 đồng (Năm triệu đồng), biên nhận số TV2019-000001."),
    ("P4", "Sự đóng góp của Ông là nghĩa cử cao đẹp, thể hiện truyền thống “tương thân tương ái”, "
           "“lá lành đùm lá rách” của dân tộc, cùng Đảng bộ, chính quyền và Nhân dân chăm lo cho "
           "gia đình chính sách, hộ nghèo, hộ cận nghèo và người có hoàn cảnh khó khăn."),
    ("P4", "Kính chúc Ông dồi dào sức khỏe, hạnh phúc và thành công."),
    ("P4", "Trân trọng cảm ơn!"), ("P2", "T/M BAN CHỈ ĐẠO"), ("P2", "TRƯỞNG BAN"),
    ("P2", "Ngô Chí Cường"),
]
ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')
styles = "".join(
    f'<style:style style:name="{n}" style:family="paragraph"><style:paragraph-properties {p}/>'
    f'<style:text-properties style:font-name="Liberation Serif" fo:font-size="14pt" {t}/></style:style>'
    for n, p, t in [("P1", 'fo:text-align="center"', ""),
                    ("P2", 'fo:text-align="center"', 'fo:font-weight="bold"'),
                    ("P3", 'fo:text-align="end"', 'fo:font-style="italic"'),
                    ("P4", 'fo:text-align="justify" fo:text-indent="1cm"', "")])
content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
           '<office:font-face-decls><style:font-face style:name="Liberation Serif" '
           'svg:font-family="\'Liberation Serif\'"/></office:font-face-decls>'
           f'<office:automatic-styles>{styles}</office:automatic-styles><office:body><office:text>'
           + "".join(f'<text:p text:style-name="{s}">{escape(t)}</text:p>' for s, t in paras)
           + '</office:text></office:body></office:document-content>')
manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
    z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
PY
PROFILE="file://$PWD/$OUT/lo-profile"
: >"$OUT/lo-times"
i=0
while [ "$i" -lt "$RUNS" ]; do
	t0=$(date +%s.%N)
	soffice -env:UserInstallation="$PROFILE" --headless --convert-to pdf --outdir "$OUT/lo" \
		"$OUT/letter.odt" >/dev/null 2>&1
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }' >>"$OUT/lo-times"
	i=$((i + 1))
done
test -s "$OUT/lo/letter.pdf"
sort -n "$OUT/lo-times" | awk -v secs="$secs" -v n="$letters" '
	{ t[NR] = $1; sum += $1 }
	END {
		med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		ours = secs / n
		printf "LibreOffice: %d runs, per letter mean %.3f s, median %.3f s, min %.3f s\n",
			NR, sum / NR, med, t[1]
		printf "ratio: ansinh is %.0fx faster per letter than LibreOffice (median)\n", med / ours
	}'
