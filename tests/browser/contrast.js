// Text of every visible SVG (and figcaption) in the page, shadow roots included, with its
// contrast against the colour behind it (tests/browser/test_theme_browser.py). Cells: the
// last painted <rect> under the text's centre (a hatch pattern counts as each of its
// colours). Elsewhere: the nearest opaque background around the SVG.
() => {
  const rgba = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const over = (fg, a, bg) => fg.slice(0, 3).map((v, i) => v * a + bg[i] * (1 - a));
  const parentOf = (e) => e.parentNode && e.parentNode.nodeType === 11 ? e.parentNode.host : e.parentNode;
  const pageBg = (el) => {
    for (let e = el; e && e.nodeType === 1; e = parentOf(e)) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0.5) return c;
    }
    return [255, 255, 255, 1];
  };
  const paint = (svg, fill) => {  // the colours a rect's fill stands for
    const url = /url\("?#([^")]+)"?\)/.exec(fill);
    if (!url) return [rgba(fill)];
    const pat = svg.ownerDocument.getElementById(url[1]) || svg.querySelector("#" + CSS.escape(url[1]));
    if (!pat) return [];
    return [...pat.querySelectorAll("rect, line, path")].map((s) => {
      const cs = getComputedStyle(s);
      return rgba(s.tagName === "line" ? cs.stroke : cs.fill);
    }).filter((c) => c && c[3] > 0);
  };
  const roots = [document];
  for (let i = 0; i < roots.length; i++)
    roots[i].querySelectorAll("*").forEach((e) => e.shadowRoot && roots.push(e.shadowRoot));
  const out = [];
  for (const root of roots) {
    for (const svg of root.querySelectorAll("svg")) {
      const rects = [...svg.querySelectorAll("rect")].filter((r) => !r.closest("defs, pattern"));
      for (const t of svg.querySelectorAll("text")) {
        const box = t.getBoundingClientRect();
        if (!box.width || !box.height || !t.textContent.trim()) continue;
        const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
        let under = null;
        for (const r of rects) {
          const b = r.getBoundingClientRect(), f = getComputedStyle(r).fill;
          if (f === "none" || cx < b.left || cx > b.right || cy < b.top || cy > b.bottom) continue;
          under = r;
        }
        const cs = getComputedStyle(t);
        const fg = rgba(cs.fill);
        if (!fg) continue;
        const alpha = fg[3] * Number(cs.fillOpacity) * Number(cs.opacity);
        const bgs = under ? paint(svg, getComputedStyle(under).fill) : [pageBg(svg)];
        for (const bg of bgs) {
          const solid = bg[3] < 1 ? over(bg, bg[3], pageBg(svg)) : bg;
          out.push({ text: t.textContent.trim(), where: svg.getAttribute("aria-label") || svg.getAttribute("class") || "svg",
                     ratio: ratio(over(fg, alpha, solid), solid) });
        }
      }
    }
    for (const cap of root.querySelectorAll("figcaption")) {
      const cs = getComputedStyle(cap), bg = pageBg(cap.parentElement);
      const fg = rgba(cs.color);
      out.push({ text: cap.textContent.trim(), where: "figcaption",
                 ratio: ratio(over(fg, fg[3] * Number(cs.opacity), bg), bg) });
    }
  }
  return out;
}
