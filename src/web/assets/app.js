/* ansinh: small enhancements over pages that work without JavaScript.
 *  - search-as-you-type on the public list (input[data-live]);
 *  - donor look-up on the contribution form (input[data-donors]);
 *  - the amount in words under the amount field (input[data-words]).
 * Text from the server is put into the page with textContent only. */
(function () {
	"use strict";

	function debounce(fn, ms) {
		var t = null;
		return function () {
			var self = this, args = arguments;
			clearTimeout(t);
			t = setTimeout(function () { fn.apply(self, args); }, ms);
		};
	}

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined && text !== null) e.textContent = text;
		return e;
	}

	function money(n) {
		var s = String(n), out = "";
		while (s.length > 3) {
			out = "." + s.slice(-3) + out;
			s = s.slice(0, -3);
		}
		return s + out + "\u00a0đ";
	}

	function date(iso) {
		var p = String(iso).split("-");
		return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : iso;
	}

	function getJSON(url, done) {
		fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
			.then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
			.then(function (r) { done(r.ok ? r.body : null, r.ok ? null : r.body); })
			.catch(function () { done(null, null); });
	}

	/* public list */
	function liveSearch(input) {
		var results = document.getElementById("results");
		if (!results) return;
		var seq = 0;
		/* Every keystroke makes answers still on their way stale at once,
		 * and the list says it is busy until the answer to the text as it
		 * now stands is shown (screen readers and the browser tests wait
		 * on aria-busy). */
		input.addEventListener("input", function () {
			seq++;
			results.setAttribute("aria-busy", "true");
		});
		input.addEventListener("input", debounce(function () {
			var q = input.value.trim(), mine = seq;
			var url = input.getAttribute("data-live") + "?per_page=20&q=" + encodeURIComponent(q);
			var scope = input.getAttribute("data-scope");
			if (scope) url += "&unit=" + encodeURIComponent(scope);
			getJSON(url, function (data) {
				if (mine !== seq || !data) return;
				results.textContent = "";
				results.setAttribute("aria-busy", "false");
				var count = el("p", "count");
				var strong = el("strong", null, String(data.total));
				count.appendChild(document.createTextNode(q ? "Tìm thấy " : ""));
				count.appendChild(strong);
				count.appendChild(document.createTextNode(q ? " khoản đóng góp." : " khoản đóng góp, mới nhất trước."));
				results.appendChild(count);
				if (!data.items.length) {
					results.appendChild(el("p", "empty", "Không có khoản đóng góp nào khớp."));
					return;
				}
				var wrap = el("div", "table-wrap"), table = el("table", "list");
				var head = el("tr");
				["Ngày", "Nhà hảo tâm", "Đơn vị", "Số tiền", "Số biên nhận"].forEach(function (h, i) {
					var th = el("th", i === 3 ? "num" : i === 2 ? "opt" : null, h);
					th.setAttribute("scope", "col");
					head.appendChild(th);
				});
				var thead = el("thead"), tbody = el("tbody");
				thead.appendChild(head);
				data.items.forEach(function (c) {
					var tr = el("tr");
					tr.appendChild(el("td", "date", date(c.date)));
					tr.appendChild(el("td", c.anonymous ? "anon" : null, c.donor));
					tr.appendChild(el("td", "opt", c.unit));
					tr.appendChild(el("td", "num", money(c.amount)));
					tr.appendChild(el("td", "receipt", c.receipt));
					tbody.appendChild(tr);
				});
				table.appendChild(thead);
				table.appendChild(tbody);
				wrap.appendChild(table);
				results.appendChild(wrap);
				if (data.total > data.items.length) {
					var more = el("p", "note");
					var a = el("a", null, "Xem tất cả " + data.total + " kết quả theo trang →");
					a.href = location.pathname + "?q=" + encodeURIComponent(q) + "&page=1";
					more.appendChild(a);
					results.appendChild(more);
				}
				if (history.replaceState)
					history.replaceState(null, "", location.pathname + (q ? "?q=" + encodeURIComponent(q) : ""));
			});
		}, 250));
	}

	/* donor look-up on the contribution form */
	function donorLookup(input) {
		var list = document.getElementById("donor-results");
		if (!list) return;
		var seq = 0;
		input.addEventListener("input", debounce(function () {
			var q = input.value.trim(), mine = ++seq;
			if (q.length < 2) return;
			getJSON(input.getAttribute("data-donors") + "?limit=10&q=" + encodeURIComponent(q), function (data) {
				if (mine !== seq || !data) return;
				var ul = el("ul", "picks");
				ul.id = "donor-results";
				data.items.forEach(function (d) {
					var li = el("li"), a = el("a", null, d.name);
					a.href = "/quan-ly/dong-gop/moi?donor=" + encodeURIComponent(d.id);
					li.appendChild(a);
					li.appendChild(document.createTextNode(" "));
					li.appendChild(el("span", "muted", d.unit + (d.tax_code ? " · MST " + d.tax_code : "")));
					ul.appendChild(li);
				});
				if (!data.items.length) ul.appendChild(el("li", "empty", "Không tìm thấy."));
				list.parentNode.replaceChild(ul, list);
				list = ul;
			});
		}, 250));
	}

	/* the amount in words */
	function amountWords(input) {
		var out = document.getElementById("amount-words");
		if (!out) return;
		var seq = 0;
		var show = debounce(function () {
			var v = input.value.trim(), mine = ++seq;
			if (!v) { out.textContent = ""; return; }
			getJSON(input.getAttribute("data-words") + "?amount=" + encodeURIComponent(v), function (data, err) {
				if (mine !== seq) return;
				out.textContent = data ? data.formatted + " — " + data.words
					: "Số tiền chưa đúng: viết số đồng, ví dụ 5.000.000";
			});
		}, 200);
		input.addEventListener("input", show);
		if (input.value) show();
	}

	document.addEventListener("DOMContentLoaded", function () {
		Array.prototype.forEach.call(document.querySelectorAll("input[data-live]"), liveSearch);
		Array.prototype.forEach.call(document.querySelectorAll("input[data-donors]"), donorLookup);
		Array.prototype.forEach.call(document.querySelectorAll("input[data-words]"), amountWords);
	});
})();
