import pytest

from geomap.article import Article
from geomap.errors import InputError


def test_date_header_is_read_and_offsets_are_kept():
    text = "date 2024-03-24\nGunmen attacked a hall in Moscow.\n"
    a = Article.from_text(text, id="x")
    assert a.date == "2024-03-24"
    assert a.text == text
    assert len(a.nlp_text) == len(text)
    assert a.nlp_text[a.body_start :].startswith("Gunmen")
    assert "date" not in a.nlp_text


def test_date_header_on_the_same_line_as_the_text():
    a = Article.from_text(" date 2024-03-24 On a day like this, Moscow mourned.")
    assert a.date == "2024-03-24"
    assert a.text[a.body_start :].startswith("On a day")


def test_no_header_means_no_date():
    a = Article.from_text("Floods hit Dhaka on Monday.")
    assert a.date is None and a.body_start == 0


def test_headline_is_the_title_and_ends_a_sentence_for_the_parser():
    a = Article.from_text("date 2020-08-04\nBlast rocks Beirut port\n\nA huge explosion hit the port.")
    assert a.title == "Blast rocks Beirut port"
    assert "Blast rocks Beirut port.\nA huge" in a.nlp_text


def test_a_headline_after_a_blank_line_is_the_title():
    a = Article.from_text("date 2020-08-04\n\nBlast rocks Beirut port\n\nA huge explosion hit the port.")
    assert a.title == "Blast rocks Beirut port" and a.date == "2020-08-04"
    assert Article.from_text("\n\nA huge explosion hit the port on Tuesday.\nMore later.").title is None


def test_invalid_date_is_a_clear_error():
    with pytest.raises(InputError, match="not a valid date"):
        Article.from_text("date 2024-02-30\nSomething happened.")


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_article_is_an_error(text):
    with pytest.raises(InputError, match="empty"):
        Article.from_text(text)


def test_file_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        Article.from_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="not a file"):
        Article.from_file(tmp_path)
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(InputError, match="not a text file"):
        Article.from_file(binary)
    latin = tmp_path / "l.txt"
    latin.write_bytes("Caf\xe9 in Paris".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        Article.from_file(latin)


def test_file_stem_is_the_id(tmp_path):
    f = tmp_path / "my-story.txt"
    f.write_text("Storm hits Manila.", encoding="utf-8")
    assert Article.from_file(f).id == "my-story"


def test_a_date_and_no_text_is_an_error():
    with pytest.raises(InputError, match="a date and no text"):
        Article.from_text("date 2024-01-01\n\n")
