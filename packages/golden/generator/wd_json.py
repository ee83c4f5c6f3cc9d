"""Deterministic, diff-friendly JSON: objects indented, arrays of numbers on one line.

Floats are written with Python's repr (the shortest text that parses back to the same
float64, in JS too). JSON has no Infinity; invalid-config cases that need one write the
literal 1e999, which every JSON parser reads as an overflow to +Infinity.
"""
import math


def _num(x):
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if math.isinf(x):
        return "1e999" if x > 0 else "-1e999"
    if math.isnan(x):
        raise ValueError("NaN has no JSON form")
    return repr(float(x))


def _str(s):
    import json
    return json.dumps(s, ensure_ascii=False)


def dumps(v, ind=0):
    pad = "  " * ind
    if v is None:
        return "null"
    if isinstance(v, (bool, int, float)):
        return _num(v)
    if isinstance(v, str):
        return _str(v)
    if isinstance(v, (list, tuple)):
        if all(isinstance(x, (int, float, str, bool)) or x is None for x in v):
            return "[" + ", ".join(dumps(x) for x in v) + "]"
        return "[\n" + ",\n".join(pad + "  " + dumps(x, ind + 1) for x in v) + "\n" + pad + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{\n" + ",\n".join(pad + "  " + _str(k) + ": " + dumps(x, ind + 1) for k, x in v.items()) + "\n" + pad + "}"
    raise TypeError(type(v))
