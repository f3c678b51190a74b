/* symconv self-check exercises: match a typed answer against the exercise's answer key (the
   right samples and what each classic mistake gives, computed by symconv when the page was
   built) and show the diagnosis. Exact rational arithmetic with BigInt; no network; the reader's
   text is only ever read, and the verdict is set as text, never as HTML. */
(function () {
  "use strict";
  var MAX_SAMPLES = 200;

  function gcd(a, b) { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) { var t = a % b; a = b; b = t; } return a; }
  function frac(p, q) {
    if (q < 0n) { p = -p; q = -q; }
    var g = gcd(p, q) || 1n;
    return { p: p / g, q: q / g };
  }
  /* "3/2", "-0.75", "1e-3", "2" -> {p, q, decimals} (decimals: null unless written with a point
     or an exponent). Anything else -> null. */
  function parse(text) {
    text = text.replace(/\u2212/g, "-").trim();
    var m = /^([+-]?)(\d+)\/(\d+)$/.exec(text);
    if (m) {
      if (/^0+$/.test(m[3])) { return null; }
      return Object.assign(frac(BigInt(m[1] + m[2]), BigInt(m[3])), { decimal: false });
    }
    m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/.exec(text);
    if (!m || (m[2] === "" && (m[3] === undefined || m[3] === ""))) { return null; }
    var digits = (m[2] || "0") + (m[3] || "");
    var exp = (m[4] ? parseInt(m[4], 10) : 0) - (m[3] || "").length;
    var p = BigInt(m[1] + digits), q = 1n;
    if (exp >= 0) { p *= 10n ** BigInt(exp); } else { q = 10n ** BigInt(-exp); }
    return Object.assign(frac(p, q), { decimal: m[3] !== undefined || m[4] !== undefined });
  }
  function decimalsOf(q) {
    var twos = 0, fives = 0;
    while (q % 2n === 0n) { q /= 2n; twos++; }
    while (q % 5n === 0n) { q /= 5n; fives++; }
    return q === 1n ? Math.max(twos, fives) : null;
  }
  /* The same rule as symconv.grade: equal, or a decimal that is the value rounded to the
     decimals written, at least `digits` of them (or all the value has). */
  function matches(got, want, digits) {
    if (got.p === want.p && got.q === want.q) { return true; }
    if (!got.decimal) { return false; }
    var written = decimalsOf(got.q), exact = decimalsOf(want.q);
    if (written === null || written < Math.min(digits, exact === null ? digits : exact)) { return false; }
    var num = got.p * want.q - want.p * got.q, den = got.q * want.q;
    if (num < 0n) { num = -num; }
    return 2n * num * 10n ** BigInt(written) <= den;
  }
  function same(answer, values, digits) {
    if (answer.length !== values.length) { return false; }
    for (var i = 0; i < values.length; i++) { if (!matches(answer[i], parse(values[i]), digits)) { return false; } }
    return true;
  }
  function trim(items, isZero) {
    var lo = 0, hi = items.length;
    while (lo < hi && isZero(items[lo])) { lo++; }
    while (hi > lo && isZero(items[hi - 1])) { hi--; }
    return [items.slice(lo, hi), lo];
  }

  function diagnose(answer, start, key, typed) {
    var digits = key.digits, r0 = key.start, right = key.values, c = key.name;
    var s = start === null ? r0 : start;
    var want = {}, got = {}, union = {}, n, i;
    for (i = 0; i < right.length; i++) { want[r0 + i] = parse(right[i]); union[r0 + i] = true; }
    for (i = 0; i < answer.length; i++) { got[s + i] = answer[i]; union[s + i] = true; }
    var indices = Object.keys(union).map(Number).sort(function (x, y) { return x - y; });
    var wrong = indices.filter(function (k) { return !(k in want && k in got && matches(got[k], want[k], digits)); });
    var score = (indices.length - wrong.length) / indices.length;
    if (!wrong.length) { return [1, "correct", "Correct: all " + right.length + " samples of " + c + " are right."]; }
    for (i = 0; i < key.mistakes.length; i++) {
      if (same(answer, key.mistakes[i].values, digits)) { return [score, key.mistakes[i].diagnosis, key.mistakes[i].feedback]; }
    }
    var first = key.lines[String(r0)];
    var isZero = function (x) { return (typeof x === "string" ? parse(x) : x).p === 0n; };
    var mine = trim(answer, isZero), theirs = trim(right, isZero);
    if ((same(answer, right, digits) && s !== r0) ||
        (theirs[0].length && s + mine[1] !== r0 + theirs[1] && same(mine[0], theirs[0], digits))) {
      return [score, "shifted", "Your values are right but sit at the wrong indices; the output starts at " +
        c + "[" + r0 + "]: \u201c" + first + "\u201d."];
    }
    if (answer.length !== right.length) {
      return [score, "wrong-length", c + " has " + right.length + " samples, " + c + "[" + r0 + "] to " + c + "[" +
        (r0 + right.length - 1) + "]; your answer has " + answer.length + "."];
    }
    n = wrong[0];
    var said = n in got && n in want ? c + "[" + n + "] should be " + key.shown[n - r0] + ", not " + typed[n - s] :
      c + "[" + n + "] is wrong";
    return [score, "arithmetic", said + ": look at \u201c" + key.lines[String(n)] + "\u201d."];
  }

  function check(block, form) {
    var verdict = block.querySelector(".symconv-verdict");
    var key = JSON.parse(block.getAttribute("data-symconv-key"));
    var raw = form.elements.c.value;
    var tokens = raw.length > 4000 ? null : raw.split(/[\s,;\[\]()]+/).filter(Boolean);
    var answer = tokens && tokens.length && tokens.length <= MAX_SAMPLES ? tokens.map(parse) : null;
    if (!answer || answer.indexOf(null) >= 0) {
      verdict.textContent = "Type the samples as numbers separated by commas, such as 1, 3/2, -0.5.";
      verdict.className = "symconv-verdict symconv-verdict-bad";
      return;
    }
    var typed = form.elements.start.value.trim();
    var start = /^-?\d{1,9}$/.test(typed) ? parseInt(typed, 10) : null;
    var result = diagnose(answer, start, key, tokens.map(function (t) { return t.replace(/-/g, "\u2212"); }));
    var ok = result[1] === "correct" && start === key.start;
    var text;
    if (result[1] === "correct" && start === null) {
      text = "Incomplete: the samples are right; now give the index of the first sample.";
    } else {
      var startNote = (result[1] === "correct" || result[1] === "shifted") && start !== null && start !== key.start ?
        " The first sample is not at " + start + "." : "";
      text = (ok ? "\u2713 " : "\u2717 ") + result[1] + " (score " + Math.round(result[0] * 100) + "%): " +
        result[2] + startNote;
    }
    verdict.textContent = text;
    verdict.className = "symconv-verdict " + (ok ? "symconv-verdict-ok" : "symconv-verdict-bad");
  }

  function init() {
    var blocks = document.querySelectorAll(".symconv-exercise[data-symconv-key]");
    Array.prototype.forEach.call(blocks, function (block) {
      var form = block.querySelector("form.symconv-answer");
      if (!form || form.getAttribute("data-symconv-ready")) { return; }
      form.setAttribute("data-symconv-ready", "1");
      form.addEventListener("submit", function (event) { event.preventDefault(); check(block, form); });
    });
  }
  if (typeof document$ !== "undefined" && document$.subscribe) { document$.subscribe(init); }  // Material's instant loading
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
