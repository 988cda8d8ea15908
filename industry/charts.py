"""Server-rendered SVG line charts: an indicator's values over the years against its target.

No JavaScript and nothing from outside hosts: the page embeds the SVG as it is.
"""

from decimal import Decimal
from xml.sax.saxutils import escape

from industry.selectors import TargetProgress

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 24, 40


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def target_chart_svg(progress: TargetProgress) -> str:
    """Observed annual values as a line, the target as a dashed line to its year, both labelled."""
    target = progress.target
    points = [(int(o.period[:4]), o.value) for o in progress.observations if len(o.period) == 4]
    years = [y for y, _ in points] + [target.year]
    first, last = min(years), max(years)
    if first == last:
        first -= 1
    values = [v for _, v in points] + [target.value]
    top = max(values) * Decimal("1.1")
    bottom = Decimal(0)

    def x(year: int) -> float:
        return LEFT + (year - first) * (WIDTH - LEFT - RIGHT) / (last - first)

    def y(value: Decimal) -> float:
        return HEIGHT - BOTTOM - float((value - bottom) / (top - bottom or 1)) * (HEIGHT - TOP - BOTTOM)

    unit = escape(target.indicator.unit)
    title = escape(f"{target.indicator.region}{target.indicator.name}（{target.indicator.unit}）")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{title}" class="chart">',
        f"<title>{title}</title>",
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#888"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#888"/>',
    ]
    for year in range(first, last + 1):
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12">{year}</text>'
        )
    for fraction in (0, 0.5, 1):
        value = bottom + (top - bottom) * Decimal(str(fraction))
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11">'
            f"{value.quantize(Decimal(1))}</text>"
        )
    target_y = y(target.value)
    parts.append(
        f'<line x1="{LEFT}" y1="{target_y:.1f}" x2="{x(target.year):.1f}" y2="{target_y:.1f}" '
        f'stroke="#c0392b" stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<text x="{x(target.year) - 4:.1f}" y="{target_y - 6:.1f}" text-anchor="end" font-size="12" fill="#c0392b">'
        f"目标 {target.year}年 {_fmt(target.value)}{unit}</text>"
    )
    if points:
        path = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="2.5"/>')
        for year, value in points:
            parts.append(f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="4" fill="#1f5fa8"/>')
            parts.append(
                f'<text x="{x(year):.1f}" y="{y(value) - 8:.1f}" text-anchor="middle" font-size="12">'
                f"{_fmt(value)}</text>"
            )
    else:
        parts.append(
            f'<text x="{WIDTH / 2:.0f}" y="{HEIGHT / 2:.0f}" text-anchor="middle" font-size="14" fill="#666">'
            "尚无指标数据</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
