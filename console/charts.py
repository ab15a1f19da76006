"""Charts for the report page, drawn here as inline SVG: no script, no CDN, printable."""

from markupsafe import Markup, escape

# Colours told apart also by people with red-green colour blindness (Okabe-Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")
W, H, PAD_L, PAD_B, PAD_T = 560, 220, 36, 28, 10


def monthly(counts: dict[tuple[int, str], int], series: list[tuple[str, str]], title: str) -> Markup:
    """Stacked columns, one per month, a colour per series (key, label)."""
    totals = [sum(counts.get((m, k), 0) for k, _ in series) for m in range(1, 13)]
    top = max(totals + [1])
    step = (W - PAD_L) / 12
    scale = (H - PAD_B - PAD_T) / top
    parts = [f'<line x1="{PAD_L}" y1="{H - PAD_B}" x2="{W}" y2="{H - PAD_B}" stroke="#888"/>',
             f'<text x="{PAD_L - 4}" y="{PAD_T + 8}" text-anchor="end" class="tick">{top}</text>',
             f'<text x="{PAD_L - 4}" y="{H - PAD_B}" text-anchor="end" class="tick">0</text>']
    for m in range(1, 13):
        x, y = PAD_L + (m - 1) * step + 4, H - PAD_B
        for i, (key, label) in enumerate(series):
            n = counts.get((m, key), 0)
            if n:
                h = n * scale
                y -= h
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step - 8:.1f}" height="{h:.1f}" '
                             f'fill="{PALETTE[i % len(PALETTE)]}"><title>{m}月 {escape(label)}：{n}件</title></rect>')
        parts.append(f'<text x="{x + (step - 8) / 2:.1f}" y="{H - PAD_B + 16}" text-anchor="middle" class="tick">{m}月</text>')
    legend = "".join(f'<span class="key"><i style="background:{PALETTE[i % len(PALETTE)]}"></i>{escape(label)}</span>'
                     for i, (_, label) in enumerate(series))
    return _figure(title, "".join(parts), W, H, legend)


def bars(items: list[tuple[str, int]], title: str) -> Markup:
    """Horizontal bars with their labels and counts, largest first; zero rows left out."""
    items = sorted(((label, n) for label, n in items if n), key=lambda item: -item[1])
    if not items:
        return Markup(f'<figure class="chart"><figcaption>{escape(title)}</figcaption><p class="muted">本年度暂无数据。</p></figure>')
    label_w, row_h = 230, 22
    height = row_h * len(items) + 6
    top = max(n for _, n in items)
    parts = []
    for i, (label, n) in enumerate(items):
        y = i * row_h + 3
        width = (W - label_w - 50) * n / top
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" class="tick">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="{row_h - 6}" fill="{PALETTE[0]}"/>'
                     f'<text x="{label_w + width + 4:.1f}" y="{y + 14}" class="tick">{n}</text>')
    return _figure(title, "".join(parts), W, height)


def _figure(title: str, body: str, width: int, height: int, legend: str = "") -> Markup:
    return Markup(f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
                  f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
                  f'aria-label="{escape(title)}">{body}</svg><div class="legend">{legend}</div></figure>')
