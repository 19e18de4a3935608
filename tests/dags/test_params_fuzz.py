"""
Hostile trigger confs (empty, huge, unicode, SQL-ish, negative, non-numeric, wrong types):
each param either accepts a value or refuses it with ParamValidationError, the form's
error; the plan's unknown-key check names every key and never crashes. Seeded, bounded.
"""

from __future__ import annotations

import random
import string

import pytest
from airflow.sdk.exceptions import ParamValidationError

from aqi_runtime.argv import unknown_params_problem

HOSTILE = ["", " ", "0", "-1", "1.5", "NaN", "1e309", "geo:999;999", "geo:91;0", "@0", "@abc", "$HOME/x", "x'; DROP TABLE readings;--",
           "<script>", "北京", "São Paulo", "\u0000", "a" * 5000, "-90,-180,90,180", "91,0,1,1", "1,2,3", "null", "true"]


def values(rng: random.Random):
    pick = rng.random()
    if pick < 0.3:
        return rng.choice(HOSTILE)
    if pick < 0.45:
        return rng.randint(-10**12, 10**12)
    if pick < 0.55:
        return rng.choice([None, True, False, 1.5, {}, {"a": 1}])
    if pick < 0.8:
        return [rng.choice(HOSTILE + ["1451", "beijing"]) for _ in range(rng.randint(0, 4))]
    return "".join(rng.choice(string.printable + "é北\u200b") for _ in range(rng.randint(0, 80)))


@pytest.mark.parametrize("name", ["stations", "bounds", "workers", "replay"])
def test_every_param_accepts_or_refuses_cleanly(pipeline, name):
    rng = random.Random(f"aqi-{name}")
    param = pipeline.params.get_param(name)
    for _ in range(400):
        value = values(rng)
        try:
            assert param.resolve(value) == value
        except ParamValidationError:
            pass


def test_unknown_keys_are_named_whatever_they_are():
    rng = random.Random(7)
    known = ("stations", "bounds", "workers", "replay")
    for _ in range(400):
        conf = {"".join(rng.choice(string.printable + "é北") for _ in range(rng.randint(1, 30))): values(rng) for _ in range(rng.randint(0, 4))}
        problem = unknown_params_problem(conf, known)
        extra = [k for k in conf if k not in known]
        assert (problem is None) == (not extra)
        for key in extra:
            assert repr(key) in problem
