"""The tables analysts load: native Parquet lists, GeoJSON lines with and without RS, ISO division codes, mentions."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from geomap.table import mentions_table, read_geojson, read_table, to_geojson, write_table

STORY = (
    "date 2024-05-02\nStorms over Texas\n\nA tornado tore through Austin, Texas, on Tuesday, and hail hit "
    "Munich in Bavaria. Crews from Mexico helped."
)


@pytest.fixture(scope="module")
def table(parse):
    return parse(STORY)


def _same(a, b) -> None:
    assert list(a.columns) == list(b.columns)
    for c in a.columns:
        for x, y in zip(a[c], b[c], strict=True):
            if c == "geometry":
                assert (x is None and y is None) or x.equals_exact(y, 0)
            else:
                assert x == y or (x != x and y != y), (c, x, y)


def test_geoparquet_keeps_lists_as_parquet_lists(table, tmp_path):
    path = write_table(table, tmp_path / "places.parquet")
    schema = pq.read_schema(path)
    assert schema.field("roles").type == pa.list_(pa.string())
    evidence = schema.field("evidence").type
    assert pa.types.is_list(evidence) and pa.types.is_struct(evidence.value_type)
    assert evidence.value_type.field("confidence").type == pa.float64()
    assert b"geo" in schema.metadata
    _same(table, read_table(path))


def test_geojson_lines_without_rs_and_sequences_with_it(table, tmp_path):
    lines = write_table(table, tmp_path / "places.geojsonl").read_bytes()
    seq = write_table(table, tmp_path / "places.geojsons").read_bytes()
    assert b"\x1e" not in lines and all(json.loads(x) for x in lines.splitlines())
    assert seq.count(b"\x1e") == len(table) and seq.startswith(b"\x1e{")
    _same(table, read_table(tmp_path / "places.geojsonl"))
    _same(table, read_table(tmp_path / "places.geojsons"))


def test_points_have_six_decimals_and_geojson_is_lossless(table, tmp_path):
    for g in table.geometry.dropna():
        assert round(g.x, 6) == g.x and round(g.y, 6) == g.y
    to_geojson(table, tmp_path / "places.geojson")
    _same(table, read_geojson(tmp_path / "places.geojson"))


def test_admin1_code_is_the_iso_3166_2_code(table):
    codes = dict(zip(table["place"], table["admin1_code"], strict=True))
    assert codes["Austin"] == "US-TX" and codes["Texas"] == "US-TX"
    assert codes["Munich"] == "DE-BY" and codes["Bavaria"] == "DE-BY"
    assert codes["Mexico"] is None  # a country is in no division
    assert list(table.columns).index("admin1_code") == list(table.columns).index("admin1") + 1


def test_mentions_table_one_row_per_mention(table):
    mentions = mentions_table(table)
    assert len(mentions) == sum(len(m) for m in table["mentions"])
    for row in mentions.itertuples():
        assert STORY[row.start : row.end] == row.text
    texas = mentions[mentions["text"] == "Texas"]
    assert len(texas) == 2 and set(texas["place"]) == {"Texas"}  # the headline's and the body's


def test_export_mentions_from_the_command(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    cmd = [sys.executable, "-m", "geomap", "export", str(story), "--mentions"]
    r = subprocess.run([*cmd, "--format", "csv"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    header, *rows = r.stdout.splitlines()
    assert header == "article,place,gazetteer_id,role,text,start,end,kind,lon,lat" and len(rows) >= 6
    r = subprocess.run([*cmd, "-o", str(tmp_path / "m.gpkg")], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and (tmp_path / "m.gpkg").stat().st_size > 0


def test_a_table_written_before_the_alternatives_column_still_reads(table, tmp_path):
    from geomap.table import flat_table

    old = flat_table(table).drop(columns=["alternatives"])
    old.to_file(tmp_path / "old.gpkg", layer="places", driver="GPKG")
    back = read_table(tmp_path / "old.gpkg")
    assert list(back["place"]) == list(table["place"]) and back["alternatives"].isna().all()


def test_without_the_parquet_extra_every_other_format_works(tmp_path):
    """pyarrow is the ``parquet`` extra: without it, a batch still runs, and a .parquet output is refused at once."""
    news = tmp_path / "news"
    news.mkdir()
    for i, text in enumerate(["Floods hit Kenya on Monday.", "A quake struck Peru."]):
        (news / f"{i}.txt").write_text(text, encoding="utf-8")
    code = (
        "import sys; sys.modules['pyarrow'] = None\n"  # as an install without the extra: import pyarrow fails
        "from geomap.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "assert 'pyarrow' not in sys.modules or sys.modules['pyarrow'] is None\n"
        "sys.exit(code)\n"
    )

    def geomap(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path)

    batch = geomap("batch", str(news), "-o", "all.geojson", "--fast", "--jobs", "1", "--quiet")
    assert batch.returncode == 0, batch.stderr
    assert {f["properties"]["place"] for f in json.loads((tmp_path / "all.geojson").read_text())["features"]} == {
        "Kenya",
        "Peru",
    }
    refused = geomap("export", str(news / "0.txt"), "-o", "places.parquet", "--fast")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "geomap: error: GeoParquet needs pyarrow: pip install 'geomap[parquet]'"
    ]
    assert not (tmp_path / "places.parquet").exists()
