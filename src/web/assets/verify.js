/* ansinh /verify: the donor's browser checks, on its own, that the entry of
 * their receipt is in the transparency log.  It reads the latest checkpoint
 * (/log/checkpoint), asks for the inclusion proof against that size
 * (/api/public/proof), hashes the leaf with WebCrypto SHA-256 (RFC 6962:
 * leaf 0x00 || data, node 0x01 || left || right), walks the audit path
 * (RFC 9162 §2.1.3.2) and compares the root with the checkpoint's.
 * The checkpoint's Ed25519 signature is checked by the server and by
 * `ansinh log watch`; browsers do not all have Ed25519 yet.
 * Text goes into the page with textContent only. */
(function () {
	"use strict";

	function b64bytes(s) {
		var bin = atob(s), out = new Uint8Array(bin.length);
		for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
		return out;
	}

	function concat(prefix, a, b) {
		var out = new Uint8Array(1 + a.length + (b ? b.length : 0));
		out[0] = prefix;
		out.set(a, 1);
		if (b) out.set(b, 1 + a.length);
		return out;
	}

	function sha256(bytes) {
		return crypto.subtle.digest("SHA-256", bytes).then(function (d) {
			return new Uint8Array(d);
		});
	}

	function same(a, b) {
		if (a.length !== b.length) return false;
		var d = 0;
		for (var i = 0; i < a.length; i++) d |= a[i] ^ b[i];
		return d === 0;
	}

	/* The root that leaf `index` of a tree of `size` leaves and its audit
	 * path lead to (a Promise of 32 bytes), or a rejected Promise when the
	 * path has the wrong length. */
	function rootFromProof(leaf, index, size, path) {
		if (!(index >= 0 && index < size) || !Number.isSafeInteger(size))
			return Promise.reject(new Error("index outside the tree"));
		var fn = index, sn = size - 1, i = 0;
		function step(r) {
			if (i === path.length) {
				if (sn !== 0) throw new Error("audit path too short");
				return r;
			}
			if (sn === 0) throw new Error("audit path too long");
			var p = path[i++], next;
			if (fn % 2 === 1 || fn === sn) {
				next = sha256(concat(1, p, r));
				if (fn % 2 === 0)
					while (fn % 2 === 0 && fn !== 0) {
						fn = Math.floor(fn / 2);
						sn = Math.floor(sn / 2);
					}
			} else {
				next = sha256(concat(1, r, p));
			}
			fn = Math.floor(fn / 2);
			sn = Math.floor(sn / 2);
			return next.then(step);
		}
		return sha256(concat(0, leaf)).then(step);
	}

	/* origin, size and root of a signed checkpoint's text */
	function parseCheckpoint(text) {
		var lines = text.split("\n");
		var size = Number(lines[1]);
		if (lines.length < 4 || !/^[1-9][0-9]*$/.test(lines[1]) || !Number.isSafeInteger(size))
			throw new Error("malformed checkpoint");
		return { origin: lines[0], size: size, root: b64bytes(lines[2]) };
	}

	function fetchOk(url, as) {
		return fetch(url, { cache: "no-store", credentials: "same-origin" }).then(function (r) {
			if (!r.ok) throw new Error(url.split("?")[0] + ": HTTP " + r.status);
			return as === "json" ? r.json() : r.text();
		});
	}

	function show(box, state, title, detail) {
		box.textContent = "";
		box.className = "notice " + (state === "ok" ? "notice-ok" : state === "fail" ? "notice-error" : "notice-info");
		var h = document.createElement("strong");
		h.textContent = title;
		var p = document.createElement("p");
		p.textContent = detail;
		box.appendChild(h);
		box.appendChild(p);
		box.setAttribute("data-state", state);
	}

	function check(box) {
		var code = box.getAttribute("data-code"), cp;
		if (!window.crypto || !crypto.subtle || !window.fetch) {
			show(box, "server", "Kết quả trên do máy chủ kiểm tra.",
				"Trình duyệt này không tự kiểm tra được (cần WebCrypto, qua HTTPS).");
			return;
		}
		show(box, "pending", "Trình duyệt của bạn đang tự kiểm tra bằng chứng…", "");
		fetchOk("/log/checkpoint", "text").then(function (text) {
			cp = parseCheckpoint(text);
			return fetchOk("/api/public/proof?code=" + encodeURIComponent(code) + "&size=" + cp.size, "json");
		}).then(function (pr) {
			if (pr.size !== cp.size) throw new Error("the proof is for another checkpoint");
			var leaf = b64bytes(pr.leaf_data);
			var text = new TextDecoder().decode(leaf);
			if (text.indexOf("\nreceipt " + pr.entry.receipt + "\n") < 0)
				throw new Error("the entry is not this receipt's");
			return rootFromProof(leaf, pr.leaf, pr.size, pr.proof.map(b64bytes)).then(function (root) {
				return { root: root, pr: pr };
			});
		}).then(function (r) {
			if (!same(r.root, cp.root)) {
				show(box, "fail", "Bằng chứng KHÔNG khớp với điểm chốt của sổ.",
					"Trình duyệt tính được gốc khác với gốc đã ký (" + cp.origin + ", " + cp.size +
					" mục). Xin báo cho Quỹ và cơ quan giám sát.");
				return;
			}
			show(box, "ok", "Trình duyệt của bạn đã tự kiểm tra: đã được ghi nhận.",
				"Mục số " + r.pr.leaf + " nằm trong sổ " + cp.origin + " gồm " + cp.size +
				" mục; gốc tính lại khớp với điểm chốt mới nhất.");
		}).catch(function (err) {
			show(box, "fail", "Trình duyệt không kiểm tra được bằng chứng.", String(err && err.message || err));
		});
	}

	window.ansinhVerify = { rootFromProof: rootFromProof, parseCheckpoint: parseCheckpoint, b64bytes: b64bytes };

	function start() {
		var box = document.getElementById("browser-check");
		if (box) check(box);
	}
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
