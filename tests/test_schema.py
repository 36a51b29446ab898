"""Results survive pickling (bulk sends them between processes) with every field populated."""

import pickle
import typing

from pydantic import BaseModel

from paperlens.schema import Conflict, Evidence, Fact, Money, Result
from sample_result import sample_result

_SAMPLES = {float: 1.5, str: "text", bool: True, int: 3}


def _sample(annotation):
    """A value of ``annotation`` (the T of a Fact[T])."""
    if annotation in _SAMPLES:
        return _SAMPLES[annotation]
    if annotation is Money:
        return Money(amount=2.0, currency="USD")
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is list:
        return [_sample(typing.get_args(annotation)[0])]
    raise AssertionError(f"no sample for {annotation!r}")


def _fill(model: BaseModel) -> int:
    """Give every unstated Fact under ``model`` a value and evidence; the number of Facts seen."""
    seen = 0
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, Fact):
            seen += 1
            if not value.stated:
                (inner,) = info.annotation.__pydantic_generic_metadata__["args"]
                setattr(model, name, Fact(value=_sample(inner), evidence=Evidence(page=1, quote="q")))
        elif isinstance(value, BaseModel):
            seen += _fill(value)
        elif isinstance(value, list):
            seen += sum(_fill(v) for v in value if isinstance(v, BaseModel))
    return seen


def _facts(model: BaseModel):
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Fact):
            yield value
        elif isinstance(value, BaseModel):
            yield from _facts(value)
        elif isinstance(value, list):
            for v in value:
                if isinstance(v, BaseModel):
                    yield from _facts(v)


def _full_result() -> Result:
    result = sample_result()
    result.tokenomics.conflicts.append(Conflict(field="supply.total_supply", values=[
        Fact(value=1e9, evidence=Evidence(page=1, quote="1,000,000,000")),
        Fact(value=2e9, evidence=Evidence(page=2, quote="2,000,000,000"))]))
    assert _fill(result) > 30
    return result


def test_every_fact_is_populated():
    result = _full_result()
    assert all(f.stated for f in _facts(result))


def test_a_full_result_pickles():
    result = _full_result()
    # a Fact validated into a Fact[float] field (Conflict.values) is of the parametrized class
    assert type(result.tokenomics.conflicts[0].values[0]) is not Fact
    assert pickle.loads(pickle.dumps(result)) == result


def test_a_result_read_back_from_json_pickles():
    """JSON read back makes every Fact a Fact[T] (the classes pickle could not name)."""
    result = Result.model_validate_json(_full_result().model_dump_json())
    assert type(result.tokenomics.supply.max_supply).__name__ == "Fact[float]"
    copy = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == result
    assert copy.model_dump() == result.model_dump()
