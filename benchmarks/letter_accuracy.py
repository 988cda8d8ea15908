"""Per-field accuracy of the letter importer over the collected reply letters.

    .venv/bin/python benchmarks/letter_accuracy.py [--fixtures responses/tests/fixtures/letters] [--verbose]

Runs the importer (plain Python, no Django) over every letter in the fixtures folder that has
hand-checked values in expected.json and prints, per field, how many letters it read exactly
right. List fields count as right only when the whole list is right; for commitments and
targets it also prints item-level precision and recall. Prints figures; asserts nothing.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from responses.letters import parse_letter, read_path  # noqa: E402

FIELDS = [
    "document_number",
    "category",
    "proposal_number",
    "session",
    "deputy",
    "title",
    "issuer",
    "issued_on",
    "signer",
    "contact_person",
    "contact_phone",
    "disclosure",
    "cc",
    "sections",
    "commitments",
    "targets",
]


def load_expected(folder: Path) -> dict[str, dict]:
    raw = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return {name: raw[value["same_as"]] if "same_as" in value else value for name, value in raw.items()}


def items_score(got: list, want: list) -> tuple[int, int, int]:
    """(matched, found, expected) for list fields, comparing items as JSON."""
    remaining = [json.dumps(item, ensure_ascii=False, sort_keys=True) for item in want]
    matched = 0
    for item in got:
        key = json.dumps(item, ensure_ascii=False, sort_keys=True)
        if key in remaining:
            remaining.remove(key)
            matched += 1
    return matched, len(got), len(want)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default=str(ROOT / "responses/tests/fixtures/letters"))
    parser.add_argument("--verbose", action="store_true", help="print every wrong field")
    args = parser.parse_args()
    folder = Path(args.fixtures)
    expected = load_expected(folder)
    right = dict.fromkeys(FIELDS, 0)
    item_totals = {name: [0, 0, 0] for name in ("commitments", "targets", "sections")}
    for name, want in sorted(expected.items()):
        got = parse_letter(read_path(folder / name)).as_json()
        for field in FIELDS:
            if got[field] == want[field]:
                right[field] += 1
            elif args.verbose:
                print(f"{name}: {field}\n  expected {want[field]!r}\n  got      {got[field]!r}")
        for field, totals in item_totals.items():
            for index, value in enumerate(items_score(got[field], want[field])):
                totals[index] += value
    count = len(expected)
    print(f"{count} letters ({folder})")
    print(f"{'field':<16} {'right':>5} / {count:<3} accuracy")
    for field in FIELDS:
        print(f"{field:<16} {right[field]:>5} / {count:<3} {right[field] / count:8.1%}")
    total = sum(right.values())
    print(f"{'all fields':<16} {total:>5} / {count * len(FIELDS):<3} {total / (count * len(FIELDS)):8.1%}")
    for field, (matched, found, wanted) in item_totals.items():
        precision = matched / found if found else 1.0
        recall = matched / wanted if wanted else 1.0
        print(f"{field} items: precision {precision:.1%} ({matched}/{found}), recall {recall:.1%} ({matched}/{wanted})")


if __name__ == "__main__":
    main()
