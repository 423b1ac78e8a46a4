/* ansinh: keyboard shortcuts on the reconciliation queue (/quan-ly/doi-soat).
 *   j / ↓  next line        k / ↑  previous line
 *   Enter / c  confirm the current line (to its suggestion, or the donor
 *              typed beside it)      r  reject its suggestion
 *   x / space  tick the line for a batch      /  the donor search box
 * Keys typed into a field are left alone.  The page works without this file:
 * every shortcut presses a button that is there anyway. */
(function () {
	"use strict";
	var table = document.querySelector("table.queue");
	if (!table) return;
	var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-line]"));
	var at = -1;

	function show(i) {
		if (!rows.length) return;
		if (i < 0) i = 0;
		if (i >= rows.length) i = rows.length - 1;
		if (at >= 0) rows[at].classList.remove("current");
		at = i;
		rows[at].classList.add("current");
		rows[at].scrollIntoView({block: "nearest"});
	}

	function press(key) {
		if (at < 0) return false;
		var b = rows[at].querySelector("button[data-key=" + key + "]");
		if (!b) return false;
		b.click();
		return true;
	}

	document.addEventListener("keydown", function (ev) {
		var t = ev.target, tag = t && t.tagName;
		if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
		if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
			if (ev.key === "Escape") t.blur();
			return;
		}
		var done = true;
		switch (ev.key) {
		case "j": case "ArrowDown": show(at + 1); break;
		case "k": case "ArrowUp": show(at - 1); break;
		case "Enter": case "c": done = press("confirm"); break;
		case "r": done = press("reject"); break;
		case "x": case " ":
			if (at >= 0) {
				var box = rows[at].querySelector("input[type=checkbox]");
				if (box) box.checked = !box.checked;
			}
			break;
		case "/":
			var q = document.getElementById("q");
			if (q) q.focus();
			break;
		default: done = false;
		}
		if (done) ev.preventDefault();
	});
	rows.forEach(function (r, i) {
		r.addEventListener("click", function () { show(i); });
	});
	show(0);
})();
