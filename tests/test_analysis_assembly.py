"""The final assembly of an Analysis: positional fields and the fast rounding."""

from __future__ import annotations

import random
from dataclasses import fields
from types import SimpleNamespace

from pipeline import analysis
from pipeline.findings import Analysis


def test_the_positional_order_is_the_order_of_analysis_fields():
    assert analysis.FIELD_ORDER == tuple(field.name for field in fields(Analysis))


def plain_confidence(strength: float, conflicts: int, defects: list[str]) -> float:
    """The formula with round() and min()/max(), as it was written first."""
    value = strength - 0.1 * conflicts - (0.05 if defects else 0.0)
    return round(max(0.05, min(1.0, value)), 3)


def confidence(strength: float, conflicts: int, defects: list[str]) -> float:
    return analysis._confidence(SimpleNamespace(strength=strength, conflicts=conflicts, defects=defects))


def test_confidence_equals_the_plain_formula_on_configured_like_strengths():
    strengths = [k / 100 for k in range(0, 121)] + [k / 1000 for k in range(0, 1001)]
    for strength in strengths:
        for conflicts in range(8):
            for defects in ([], ["x"]):
                assert confidence(strength, conflicts, defects) == plain_confidence(strength, conflicts, defects)


def test_confidence_equals_the_plain_formula_on_random_strengths():
    rnd = random.Random(3)
    for _ in range(100_000):
        strength, conflicts, defects = rnd.uniform(-0.5, 1.5), rnd.randrange(4), rnd.choice(([], ["x"]))
        assert confidence(strength, conflicts, defects) == plain_confidence(strength, conflicts, defects)
