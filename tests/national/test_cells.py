import numpy as np
import pytest

from rssreview.national.cells import Coded, as_dates, join, pair_codes, repeats


def coded(values: list[str], codes: list[int]) -> Coded:
    return Coded(np.asarray(codes, dtype=np.int32), np.asarray(values, dtype=object))


@pytest.mark.parametrize("rows", [50, 1])  # many rows: lookup table; one row: hashing
def test_pair_codes_agree_whichever_way_they_are_found(rows):
    rng = np.random.default_rng(rows)
    left = coded(["a", "b", "c"], rng.integers(0, 3, rows).tolist())
    right = coded(["x", "y"], rng.integers(0, 2, rows).tolist())
    inverse, uniq = pair_codes(left, right)
    pairs = [(left.values[k // 2], right.values[k % 2]) for k in np.asarray(uniq)[inverse]]
    assert pairs == list(zip(left.rows(), right.rows()))
    assert len(set(np.asarray(uniq).tolist())) == len(uniq)


def test_join_leaves_out_blanks_and_sorts_values():
    left = coded(["England", "NHS AREA 1", ""], [1, 0, 2, 1])
    right = coded(["", "PROVIDER 2"], [1, 0, 1, 0])
    result = join([left, right])
    assert result.rows().tolist() == ["NHS AREA 1; PROVIDER 2", "England", "PROVIDER 2", "NHS AREA 1"]
    assert result.values.tolist() == sorted(result.values.tolist())


@pytest.mark.parametrize("width", [3, 1000])  # few possible keys: lookup table; very many: hashing
def test_repeats_finds_each_repeated_key_and_its_first_row(width):
    left = coded(["x", "y"], [0, 1, 0, 1, 0])
    right = coded([f"v{i}" for i in range(width)], [0, 0, 0, 0, 2])
    again, earlier = repeats([left, right])
    assert again.tolist() == [2, 3] and earlier.tolist() == [0, 1]
    assert repeats([left, coded(["a", "b", "c", "d", "e"], [0, 1, 2, 3, 4])])[0].size == 0


def test_as_dates_merges_spellings_of_one_date():
    col = coded(["30/04/2023", "2023-04-30", "31/05/2023"], [0, 1, 2])
    assert len(set(as_dates(col).rows())) == 2
