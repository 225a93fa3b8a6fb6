"""What the plain records of :mod:`policyparse._records` share, and their JSON.

The parse path builds records, not pydantic models: a record is a class with ``__slots__``
and a keyword-only ``__init__`` that stores what it is given (no validation, no copies), so
building the thousands of items of a long notice costs next to nothing and ``policyparse
parse FILE`` never imports pydantic. :mod:`policyparse.models` stays the contract: the public
API validates a record tree once into a :class:`~policyparse.models.Document`
(``pipeline.to_model``), and :func:`to_json` writes exactly the bytes that
``Document.to_json`` writes for it.
"""

from __future__ import annotations

from typing import Any, TypeVar


class Record:
    """The base of the generated records: equality field by field, a readable repr.

    Each generated class also has a static ``new``, with its ``__init__``'s keywords, that
    gives the same record: calling a class with keywords makes CPython gather them into a dict
    for ``__init__`` (about 4K instructions for a Unit, against 1.5K for ``Unit.new``), so the
    loops that make many records call ``new``.
    """

    __slots__: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the models are

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({inner})"

    def _copy(self: R) -> R:
        """A shallow copy (generated for each class: a store a field, no loop)."""
        raise NotImplementedError

    def _dict(self) -> dict[str, Any]:
        """The record as data for ``json.dumps``: ``model_dump(mode="json")`` of its model, but
        for tuples (spans), which stay tuples (generated for each class)."""
        raise NotImplementedError


R = TypeVar("R", bound=Record)


def replace(rec: R, **changes: Any) -> R:
    """A shallow copy of *rec* with *changes*, as ``model_copy(update=changes)`` (which it
    calls for a model: the extractors also take a parsed Document's models, as in tests).

    >>> from policyparse._records import Unit
    >>> replace(Unit(text="市财政局", name="市财政局", role="lead", span=(0, 4)), span=None)
    Unit(text='市财政局', name='市财政局', role='lead', span=None)
    """
    if not isinstance(rec, Record):
        return rec.model_copy(update=changes)
    new = rec._copy()
    try:
        for name, value in changes.items():
            setattr(new, name, value)  # a record has its slots and no __dict__
    except AttributeError:
        unknown = [name for name in changes if name not in rec.__slots__]
        raise TypeError(f"{type(rec).__name__} has no field {', '.join(unknown)}") from None
    return new


class NotPlain(ValueError):
    """A value :func:`to_json` cannot write as pydantic does (a float below 1e-4)."""


def json_float(x: float | None) -> float | None:
    """*x* as the JSON writer gives it: a float, None (null) for None, inf and nan.

    Python spells a float as pydantic does (shortest repr) except below 1e-4, where it turns
    to an exponent sooner and pads it (1.5e-05 against pydantic's 0.000015): those raise
    :class:`NotPlain`, and :func:`to_json` leaves them to pydantic.
    """
    if x is None:
        return None
    x = float(x)
    if x - x:  # inf - inf and nan - nan are nan (true); a finite x gives 0.0
        return None
    if x and -1e-4 < x < 1e-4:
        raise NotPlain(x)
    return x


def json_floats(xs: tuple[float, ...] | None) -> list[float | None] | None:
    """A tuple of floats (a range) as :func:`json_float` gives each."""
    return None if xs is None else [json_float(x) for x in xs]


def to_json(rec: Record, indent: int | None = 2) -> str:
    """The JSON of *rec* byte for byte as its model's ``model_dump_json(indent=indent)``
    (``Document.to_json``): fields in order, UTF-8 not escaped, floats spelt alike.

    Indented, it is written here (:func:`_indented`, twice as fast as ``json.dumps`` with an
    indent, which is pure Python, and the json package is not imported); compact, by
    ``json.dumps``'s C encoder.
    """
    try:
        data = rec._dict()
    except NotPlain:
        from . import models

        model = getattr(models, type(rec).__name__)
        return str(model.model_validate(rec, from_attributes=True).model_dump_json(indent=indent))
    if indent is None:
        import json

        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _indented(data, " " * indent)


def _indented(data: object, step: str) -> str:
    """*data* (dicts, lists, tuples, str, int, float, bool, None) as
    ``json.dumps(data, ensure_ascii=False, indent=len(step))`` writes it.

    >>> print(_indented({"a": [1, 2.5, None, True], "b": {}, "c": "中"}, "  "))
    {
      "a": [
        1,
        2.5,
        null,
        true
      ],
      "b": {},
      "c": "中"
    }
    """
    try:
        from _json import encode_basestring as quote
    except ImportError:  # an interpreter without the C accelerator
        from json.encoder import py_encode_basestring as quote
    parts: list[str] = []
    add = parts.append

    def write(o: object, pad: str) -> None:
        t = type(o)
        if t is str:
            add(quote(o))  # type: ignore[arg-type]
        elif o is None:
            add("null")
        elif t is bool:
            add("true" if o else "false")
        elif t is int or t is float:
            add(repr(o))
        elif t is dict or t is list or t is tuple:
            if not o:
                add("{}" if t is dict else "[]")
                return
            inner = pad + step
            sep = ",\n" + inner
            first = True
            if t is dict:
                add("{\n" + inner)
                for k, v in o.items():  # type: ignore[attr-defined]
                    if not first:
                        add(sep)
                    first = False
                    add(quote(k) + ": ")
                    write(v, inner)
                add("\n" + pad + "}")
            else:
                add("[\n" + inner)
                for v in o:  # type: ignore[attr-defined]
                    if not first:
                        add(sep)
                    first = False
                    write(v, inner)
                add("\n" + pad + "]")
        else:
            raise TypeError(f"not JSON data: {t.__name__}")

    write(data, "")
    return "".join(parts)
