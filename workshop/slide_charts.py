"""Charts for the slides, drawn into a rectangle of a figure (a slide page or a PNG of its own).

Fonts are sized for a projector: at 100 dpi 20 pt is about 28 pixels on a
1920 x 1080 slide.  Each chart shows the whole distribution: the middle half
of the simulated households as a block, eight in ten as whiskers, every
player as a dot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .slide_layout import INK, MUTED

TICK = 20
SMALL = 17


@dataclass
class Column:
    label: str
    colour: str
    simulated: np.ndarray  # the simulated households like the players
    players: list[tuple[str, float]]  # (name, value)


def _axes(fig, rect: tuple[float, float, float, float], left: float = 0.09, bottom: float = 0.14):
    x, y, w, h = rect
    ax = fig.add_axes((x + w * left, y + h * bottom, w * (1 - left - 0.03), h * (1 - bottom - 0.05)))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=TICK, colors=INK)
    ax.grid(alpha=0.3, axis="y")
    return ax


def distribution(
    columns: Sequence[Column], unit: str, simulated_label: str, player_label: str, whole: bool
) -> Callable:
    """Per column: the block (25th-75th percentile) and whiskers (10th-90th) of the simulated households,
    and the players as dots; ``whole``: the values are counts (whole-number ticks)."""

    def draw(fig, rect) -> None:
        ax = _axes(fig, rect)
        rng = np.random.default_rng(0)  # only the sideways jitter of the dots
        for i, col in enumerate(columns):
            v = col.simulated[np.isfinite(col.simulated)]
            if v.size:
                p10, p25, p50, p75, p90 = np.percentile(v, [10, 25, 50, 75, 90])
                ax.vlines(i - 0.16, p10, p90, color=MUTED, lw=3)
                ax.bar(
                    i - 0.16,
                    max(p75 - p25, 0.0),
                    bottom=p25,
                    width=0.26,
                    color="#c9d3dc",
                    edgecolor=MUTED,
                    lw=2,
                    label=simulated_label if i == 0 else None,
                )
                ax.hlines(p50, i - 0.29, i - 0.03, color=INK, lw=4)
            ys = np.array([y for _n, y in col.players], dtype=float)
            xs = i + 0.2 + rng.uniform(-0.08, 0.08, len(ys))
            ax.scatter(
                xs,
                ys,
                s=260,
                color=col.colour,
                edgecolor="white",
                lw=2,
                zorder=3,
                label=player_label if i == 0 else None,
            )
        ax.set_xticks(range(len(columns)), [c.label for c in columns], fontsize=TICK + 4)
        ax.set_xlim(-0.6, len(columns) - 0.4)
        ax.set_ylabel(unit, fontsize=TICK)
        ax.set_ylim(bottom=0)
        if whole:
            from matplotlib.ticker import MaxNLocator

            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize=SMALL, loc="upper right", frameon=False)

    return draw


def minutes(columns: Sequence[Column], threshold: float, unit: str, threshold_label: str) -> Callable:
    """Real minutes per play, a dot each, with the line under which a play counts as clicked through."""

    def draw(fig, rect) -> None:
        ax = _axes(fig, rect)
        rng = np.random.default_rng(1)
        for i, col in enumerate(columns):
            ys = np.array([y for _n, y in col.players], dtype=float)
            ax.scatter(
                i + rng.uniform(-0.15, 0.15, len(ys)), ys, s=260, color=col.colour, edgecolor="white", lw=2, zorder=3
            )
        ax.axhline(threshold, color="#b5482f", lw=3, ls="--", label=threshold_label)
        ax.set_xticks(range(len(columns)), [c.label for c in columns], fontsize=TICK + 4)
        ax.set_xlim(-0.6, len(columns) - 0.4)
        ax.set_ylabel(unit, fontsize=TICK)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=SMALL, loc="upper right", frameon=False)

    return draw
