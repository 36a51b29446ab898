"""Amounts, percentages and durations as whitepapers write them."""

import pytest

from paperlens.numbers import (
    find_months,
    find_numbers,
    parse_amount,
    parse_months,
    parse_percent,
    value_in_text,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 billion", 1e9),
        ("1,000,000,000", 1e9),
        ("21M", 21e6),
        ("1.5bn", 1.5e9),
        ("21 million BTC", 21e6),
        ("100,000,000,000 TRX", 1e11),
        ("2.5 mln", 2.5e6),
        ("10B", 1e10),
        ("100k tokens", 1e5),
        ("1.000.000", 1e6),
        ("1.000.000.000 tokens", 1e9),
        ("one billion tokens", 1e9),
        ("a total of 1.85 billion WAX", 1.85e9),
        ("1,000,\n000,000 tokens", 1e9),  # split across a line break
        ("150,000\n,000 ACM", 1.5e8),  # split before its separator
        ("1 Billion", 1e9),
        ("10亿", 1e9),
        ("1亿", 1e8),
        ("5000万", 5e7),
        ("supply: 3.03B CRV", 3.03e9),
        ("in 2017, 500 million tokens", 5e8),  # the year is skipped
        ("version 2.0 issues 5 million", 5e6),
        ("v1.4 has 7 million", 7e6),
        ("$0.05", 0.05),
        ("21MM", 21e6),
        ("two hundred million tokens", 2e8),
        ("one hundred and fifty million", 1.5e8),
        ("2,5 million", 2.5e6),  # decimal comma before a multiplier
        ("a supply of 10 billions tokens", 1e10),
        ("1 000 GNT per ether", 1000),
        ("Minimum ether 150 000 ETH", 150000),
        ("a total of 65,778,844 million IXT", 65_778_844),  # written out in full: "million" repeats the unit
        ("1,500 million", 1.5e9),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    ["", "no figures here", "2017", "in 2018", "v1.2.3", "release 1.2.3", "1/6", "20%",
     "12km", "5mb", "ten", "one of the founders", "1,5", "ERC-20", "ERC20"],
)
def test_parse_amount_none(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20%", 20.0),
        ("20 %", 20.0),
        ("Team: 15%", 15.0),
        ("0.5% per year", 0.5),
        ("twenty percent", 20.0),
        ("fifty per cent", 50.0),
        ("thirty-five percent", 35.0),
        ("12.5 percent of tokens", 12.5),
        ("raise 100 ETH, 20% to team", 20.0),
    ],
)
def test_parse_percent(text, expected):
    assert parse_percent(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["20", "1 billion", "a percentage of the supply", "1/6 %x"])
def test_parse_percent_none(text):
    assert parse_percent(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12 months", 12),
        ("1 year", 12),
        ("two years", 24),
        ("180 days", 6),
        ("365 days", 12),
        ("6-month cliff", 6),
        ("a 4-year vesting", 48),
        ("twelve (12) months", 12),
        ("over twenty-four months", 24),
        ("half a year", 6),
        ("52 weeks", 12),
        ("vested over 18 mo.", 18),
        ("锁 定 1 年", 12),
        ("12 个月", 12),
    ],
)
def test_parse_months(text, expected):
    assert parse_months(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["quarterly", "monthly unlocks", "in 2019", "per annum", "months"])
def test_parse_months_none(text):
    assert parse_months(text) is None


@pytest.mark.parametrize(
    "value, text",
    [
        (1e9, "a total of 1 billion tokens"),
        (1e9, "1,000,000,000 GNT"),
        (1e9, "supply of 1.0B"),
        (1e9, "1000 million tokens"),
        (1e9, "1.000.000.000"),
        (1e9, "1,000,000,\n000 tokens"),
        (1e9, "1\u200b,000,000,000"),
        (20.0, "20%"),
        (20.0, "20 % to the team"),
        (20.0, "twenty percent"),
        (20.0, "Team 20"),  # bare table cell
        (100e9, "100,000,000,000 TRX"),
        (0.5, "0.5%"),
        ("Golem Network Token", "the golem  network\ntoken (GNT)"),
        ("ERC-20", "an erc-20 token"),
    ],
)
def test_value_in_text(value, text):
    assert value_in_text(value, text)


@pytest.mark.parametrize(
    "value, text",
    [
        (16.0, "1/6 of the fees"),  # a fraction is not sixteen
        (6.0, "1/6 of the fees"),
        (1e9, "1 million"),
        (1e6, "1 billion"),
        (2017.0, "v2017.1.3"),
        (20.0, "120%"),
        (20.0, "2,000"),
        (1.0, "v1.2.3"),
        (3.0, "1,000,0003"),  # a footnote glued to a number is not a separate value
        ("GNT", "the golem network token"),
        ("", "anything"),
        (True, "true"),
    ],
)
def test_value_not_in_text(value, text):
    assert not value_in_text(value, text)


def test_find_numbers_spans_and_flags():
    text = "Team: 15% (150 million tokens), released in 2019."
    numbers = find_numbers(text)
    assert [n.value for n in numbers] == [15.0, 150e6, 2019.0]
    assert numbers[0].percent and not numbers[1].percent
    assert numbers[1].multiplied and text[numbers[1].start:numbers[1].end] == "150 million"
    assert numbers[2].year_like and not numbers[1].year_like


def test_find_months_lists_every_duration():
    assert find_months("a 12-month cliff followed by 36 months of monthly vesting") == [12, 36]
    assert find_months("four years with a one-year cliff; 180 days lock") == [48, 12, 6]
    assert find_months("released monthly and quarterly") == []
    assert find_months("Seed: 10% TGE, 6m cliff, 18M linear, 3 mo lock") == [6, 18, 3]  # an m before release words
    assert find_months("raised 6m USD, 18M tokens; I am locked") == []  # a million, and "am"


def test_spans_index_the_unfolded_text():
    text = "Supply 1,000,\n000,000 tokens and 5\u200b% of them, then 20% more."
    numbers = find_numbers(text)
    assert [n.value for n in numbers] == [1e9, 5, 20]
    assert [text[n.start:n.end] for n in numbers] == ["1,000,\n000,000", "5\u200b%", "20%"]


def test_space_grouped_thousands_need_a_zero_group():
    assert [n.value for n in find_numbers("ranks 1 250 and 3")] == [1, 250, 3]
    assert [n.value for n in find_numbers("1 000 GNT, 60 000 000 (6%)")] == [1000, 60e6, 6]


def test_table_columns_stay_apart():
    # layout text keeps columns apart with several spaces: never glue them
    values = [n.value for n in find_numbers("Team      20%      200,000,000")]
    assert values == [20.0, 200e6]


@pytest.mark.parametrize("text, expected", [
    ("three\nhundred million tokens", 300_000_000),
    ("three\thundred million", 300_000_000),
    ("two hundred\nand fifty million", 250_000_000),
    ("three \n hundred million", 300_000_000),
])
def test_number_words_split_across_lines(text, expected):
    """Number words broken by a line end (or any whitespace) are read, not a KeyError."""
    assert [n.value for n in find_numbers(text)] == [expected]
    assert parse_amount(text) == expected


def test_a_dot_before_three_digits_may_be_thousands():
    assert value_in_text(10_000, "Hard cap: 10.000 ETH") and value_in_text(10.0, "Hard cap: 10.000 ETH")
    assert not value_in_text(1_000, "version v1.000") and not value_in_text(3_000, "3.000.000 tokens")
