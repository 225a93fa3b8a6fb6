"""policyparse._dataclass behaves as the standard dataclasses for what the parse path uses."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from policyparse import _dataclass as lite
from policyparse.extract._common import Context
from policyparse.limits import Limits
from policyparse.lines import Kind, Line
from policyparse.loaders import Cell, Loaded, Table


def make(dc):  # the same classes under either decorator
    @dc.dataclass
    class Plain:
        a: int
        b: str = "x"
        c: list[int] = dc.field(default_factory=list)
        d: int = dc.field(init=False, default=7)

        def __post_init__(self) -> None:
            self.c.append(self.a)

    @dc.dataclass(frozen=True)
    class Frozen:
        a: int
        b: tuple[int, ...] = ()

    @dc.dataclass(slots=True)
    class Slotted:
        a: int
        b: int | None = None

    @dc.dataclass
    class Child(Plain):
        e: int = 0

    @dc.dataclass(frozen=True)
    class Own:  # what a class defines itself stays
        a: int

        def __repr__(self) -> str:
            return "own"

        def __hash__(self) -> int:
            return 5

    return Plain, Frozen, Slotted, Child, Own


def describe(dc):
    Plain, Frozen, Slotted, Child, Own = make(dc)
    p = Plain(1)
    out = [p.a, p.b, p.c, p.d, repr(p).split("Plain", 1)[1], p == Plain(1), p == Plain(2),
           p == Frozen(1), Plain(2, "y", [3]).c, [f.name for f in dc.fields(Plain)],
           [f.name for f in dc.fields(Child)], repr(Child(1, e=2)).split("Child", 1)[1],
           dc.replace(p, b="z").b, dc.replace(p, b="z").c, getattr(Plain, "__hash__", 0)]
    f = Frozen(1, (2,))
    out += [hash(f) == hash(Frozen(1, (2,))), f == Frozen(1, (2,)), len({f, Frozen(1, (2,))}),
            repr(f).split("Frozen", 1)[1]]
    with pytest.raises(AttributeError):
        f.a = 2  # type: ignore[misc]
    out += [repr(Own(1)), hash(Own(1)), Own(1) == Own(1), Slotted.__qualname__.split(".")[-1]]
    s = Slotted(1)
    out += [hasattr(s, "__dict__"), Slotted.__slots__, s.b, repr(s).split("Slotted", 1)[1]]
    with pytest.raises(AttributeError):
        s.other = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        Plain()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Plain(1, d=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        dc.replace(p, colour=1)
    return out


def test_same_as_the_standard_dataclasses():
    assert describe(lite) == describe(dataclasses)


def test_frozen_refuses_assignment_as_the_standard_one():
    with pytest.raises(lite.FrozenInstanceError, match="'max_pages'"):
        Limits().max_pages = 3  # type: ignore[misc]
    assert issubclass(lite.FrozenInstanceError, AttributeError)


def test_the_parse_paths_objects_pickle_and_compare():
    loaded = Loaded(text="甲", format="txt", tables=[Table(rows=[[Cell("甲", 0, 1)]])])
    line = Line(number=0, start=0, end=1, kind=Kind.BLANK)
    for obj in (loaded, Limits(max_pages=3), line):
        assert pickle.loads(pickle.dumps(obj)) == obj
    assert Limits.resolve({"max_pages": 5}) == Limits(max_pages=5)
    assert hash(Limits()) == hash(Limits())
    ctx = Context(text="一、总则\n", outline=[], meta=None)  # type: ignore[arg-type]
    assert ctx.body_end == len(ctx.text) and ctx.index is not None


def test_init_is_compiled_at_the_first_object_even_of_a_subclass():
    @lite.dataclass
    class A:
        a: int
        b: int = 2

    class B(A):  # not a dataclass: takes A's __init__
        pass

    first = A.__init__
    assert B(1) == B(1, 2) and B(1) != A(1)
    assert A.__init__ is not first and A(3).b == 2  # compiled, in its place
    with pytest.raises(TypeError):
        A()  # type: ignore[call-arg]


@pytest.mark.parametrize("dc", [lite, dataclasses])
def test_a_mutable_default_is_refused(dc):
    with pytest.raises(ValueError, match="mutable default"):
        @dc.dataclass
        class Shared:
            items: list[int] = []  # noqa: RUF012


# defined at module level: pickle finds a class by its qualified name
@lite.dataclass(frozen=True, slots=True)
class _FrozenSlotted:
    a: int
    b: list[int] = lite.field(default_factory=list)


def test_a_frozen_slotted_object_pickles_and_copies_whole() -> None:
    import copy

    obj = _FrozenSlotted(1, [2])
    for back in (pickle.loads(pickle.dumps(obj)), copy.deepcopy(obj), copy.copy(obj)):
        assert back == obj and back.b == [2]
    with pytest.raises(AttributeError):
        obj.a = 3  # type: ignore[misc]
