"""Draw the reliability of geomap's confidence (docs/reliability.png) from `geomap evaluate -o` outputs.

    geomap evaluate ../shared/eval/geowebnews.jsonl -o gwn.jsonl
    geomap evaluate ../shared/eval/trnews.jsonl -o tr.jsonl
    python tools/reliability.py gwn.jsonl tr.jsonl -o docs/reliability.png

Each located gold toponym (end to end) is a point: its place's confidence, and whether it is
right (within 161 km, or the country or division whose outline holds the gold point). The dev and
validation splits are drawn apart; a well calibrated confidence lies on the diagonal.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from geomap.evaluation.corpus import reliability  # noqa: E402

BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)


def points(paths: list[Path]) -> dict[str, list[tuple[float, bool]]]:
    """(confidence, right) of each located toponym, by split."""
    out: dict[str, list] = {"dev": [], "validation": []}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            for t in doc["toponyms"]:
                if "confidence" in t:
                    out[doc["split"]].append((t["confidence"], t["right"]))
    return out


def table(pts: list[tuple[float, bool]]) -> list[tuple[str, int, float, float]]:
    """(bin, count, mean confidence, share right) per confidence bin."""
    return [(f"{lo:.2f}-{min(hi, 1.0):.2f}", n, mean, right) for lo, hi, n, mean, right in reliability(pts, list(BINS))]


def main(argv: list[str] | None = None) -> int:
    """Print the reliability tables and draw the figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="+", type=Path, help="per-document outputs of geomap evaluate -o")
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/reliability.png"))
    args = parser.parse_args(argv)
    fig, ax = plt.subplots(figsize=(4.6, 4.2), dpi=120)
    ax.plot([0, 1], [0, 1], color="#999", lw=1, ls="--", label="perfectly calibrated")
    for split, pts in points(args.docs).items():
        rows = table(pts)
        print(f"{split}: {len(pts)} located toponyms")
        print("| confidence | toponyms | mean confidence | share right |\n|---|---|---|---|")
        for b, n, c, r in rows:
            print(f"| {b} | {n} | {c:.2f} | {r:.2f} |")
        ax.plot([c for _, _, c, _ in rows], [r for *_, r in rows], marker="o", label=f"{split} ({len(pts)})")
    ax.set(xlabel="confidence", ylabel="share right (161 km or by outline)", xlim=(0.3, 1), ylim=(0.3, 1))
    ax.set_title("geomap's confidence on GeoWebNews + TR-News", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
