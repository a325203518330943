"""Fuzz the plan reader with raw bytes (atheris, on demand; not part of the test suite).

    pip install atheris && python fuzz/fuzz_plan.py -max_total_time=60

Any bytes must either give a Plan or a PlanError: never another exception, never a hang.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from workbook.errors import PlanError
    from workbook.plan import parse_plan


def one_input(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # the reader refuses non-UTF-8 files before parsing (tested separately)
    try:
        parse_plan(text, "fuzz.yaml")
    except PlanError as exc:
        assert exc.problems, "a PlanError must list its problems"
        for field, line, message in exc.problems:
            assert isinstance(field, str) and (line is None or line >= 1)
            assert isinstance(message, str) and message


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
