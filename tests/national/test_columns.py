import numpy as np
import pytest

from rssreview.national.cells import Coded
from rssreview.national.columns import Assembler, smallest_code_type


def coded(values: list[str], codes: list[int]) -> Coded:
    return Coded(np.asarray(codes, dtype=np.int32), np.asarray(values, dtype=object))


def assembled(files: list[dict[str, Coded | np.ndarray]], expected_total: int = 0) -> Assembler:
    table = Assembler(["text"])
    for parts in files:
        n = len(parts["text"].codes)
        table.add(parts, n, expected_total)
    return table


def test_text_keeps_first_appearance_order_across_files():
    table = assembled(
        [{"text": coded(["b", "a"], [0, 1, 0])}, {"text": coded(["c", "a"], [1, 0])}, {"text": coded(["z"], [0, 0])}]
    )
    result = table.result("text")
    assert list(result.categories) == ["b", "a", "c", "z"]
    assert list(result) == ["b", "a", "b", "a", "c", "z", "z"]
    assert result.codes.dtype == np.int8 and result.categories.dtype == "str"


def test_text_codes_widen_when_values_become_many():
    values = [f"v{i}" for i in range(300)]
    table = assembled([{"text": coded(["x"], [0, 0])}, {"text": coded(values, list(range(300)))}])
    result = table.result("text")
    assert result.codes.dtype == np.int16 and list(result) == ["x", "x", *values]


@pytest.mark.parametrize("expected_total", [0, 3, 1000])  # too small (grows), exact, generous
def test_values_and_dates_fill_whatever_the_estimate(expected_total):
    days = np.asarray(["2022-01-31", "2022-02-28"], dtype="datetime64[us]")
    files = [
        {
            "text": coded(["a"], [0, 0]),
            "day": Coded(np.zeros(2, np.int8), days[:1]),
            "value": np.asarray([1.0, np.nan]),
        },
        {
            "text": coded(["a", "b"], [1, 0, 1]),
            "day": Coded(np.asarray([1, 0, 1], np.int8), days),
            "value": np.asarray([3.0, 4.0, 5.0]),
        },
    ]
    table = assembled(files, expected_total)
    assert table.rows == 5 and table.capacity >= 5
    assert table.result("day").astype("datetime64[D]").astype(str).tolist() == [
        "2022-01-31",
        "2022-01-31",
        "2022-02-28",
        "2022-01-31",
        "2022-02-28",
    ]
    assert np.array_equal(table.result("value"), [1.0, np.nan, 3.0, 4.0, 5.0], equal_nan=True)
    assert list(table.result("text")) == ["a", "a", "b", "a", "b"]


@pytest.mark.parametrize("n,dtype", [(127, np.int8), (128, np.int16), (32767, np.int16), (32768, np.int32)])
def test_smallest_code_type(n, dtype):
    assert smallest_code_type(n) == np.dtype(dtype)
