"""``dataclass``, ``field``, ``fields`` and ``replace``: the part of :mod:`dataclasses` the parse
path uses, without its start-up cost.

``policyparse parse FILE`` runs once a file, so its imports count. The standard decorator
builds ``__init__``, ``__repr__`` and ``__eq__`` (and ``__hash__``, ``__setattr__`` …) from
source for each class, and importing :mod:`dataclasses` imports :mod:`inspect`: together about
a quarter of a short notice's whole run. This one compiles only ``__init__`` (a generated one is
as fast to call as the standard one, and the parse path builds many small objects), and that
when the class makes its first object; repr, equality and hashing are shared functions that
read the fields. A module swaps its ``from dataclasses import …`` line for ``from ._dataclass
import …`` and nothing else: to the type checker the names *are* the standard ones.

What it does, as the standard module: positional-or-keyword ``__init__`` with defaults and
``field(default_factory=…)`` / ``field(init=False)``, ``__post_init__``, repr, equality of two
objects of the same class field by field; ``frozen=True`` (assignment raises
:class:`FrozenInstanceError`, and the object hashes by its fields); ``slots=True``; fields of a
base class made with this decorator come first. Not supported (none is used): ``order``,
``kw_only``, ``InitVar``, ``ClassVar`` annotations, ``unsafe_hash``, ``match_args``.

>>> @dataclass(frozen=True)
... class P:
...     x: int
...     tags: list[str] = field(default_factory=list)
>>> p = P(1)
>>> p, p == P(1), p == P(2), replace(p, x=3), [f.name for f in fields(p)]
(P(x=1, tags=[]), True, False, P(x=3, tags=[]), ['x', 'tags'])
>>> p.x = 2  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
  ...
FrozenInstanceError: cannot assign to field 'x'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dataclasses import FrozenInstanceError, dataclass, field, fields, replace
else:
    _MISSING = object()

    class FrozenInstanceError(AttributeError):
        """Assignment to a field of a frozen object (as ``dataclasses.FrozenInstanceError``)."""

    class Field:
        """One field: its name, its default or default factory, whether ``__init__`` takes it."""

        __slots__ = ("default", "default_factory", "init", "name")

        def __init__(self, default=_MISSING, default_factory=_MISSING, init=True):
            self.name = ""
            self.default = default
            self.default_factory = default_factory
            self.init = init

        def __repr__(self):
            return f"Field(name={self.name!r})"

    def field(*, default=_MISSING, default_factory=_MISSING, init=True):
        """A field's options, as ``dataclasses.field`` (only these three)."""
        return Field(default, default_factory, init)

    def fields(obj):
        """The fields of a class made by :func:`dataclass` (or of one of its objects)."""
        return (obj if isinstance(obj, type) else type(obj)).__dataclass_lite__

    def replace(obj, **changes):
        """A new object of *obj*'s class with *changes*, through ``__init__`` as
        ``dataclasses.replace`` does."""
        for f in fields(obj):
            if f.init and f.name not in changes:
                changes[f.name] = getattr(obj, f.name)
        return type(obj)(**changes)

    def _repr(self):
        inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.__dataclass_lite__)
        return f"{type(self).__qualname__}({inner})"

    def _astuple(self):
        return tuple(getattr(self, f.name) for f in self.__dataclass_lite__)

    def _eq(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _astuple(self) == _astuple(other)

    def _hash(self):
        return hash(_astuple(self))

    def _frozen_setattr(self, name, value):
        if name in self.__dataclass_lite_names__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def _frozen_delattr(self, name):
        if name in self.__dataclass_lite_names__:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)

    def _getstate(self):
        return [getattr(self, f.name) for f in self.__dataclass_lite__]

    def _setstate(self, state):
        for f, value in zip(self.__dataclass_lite__, state, strict=True):
            object.__setattr__(self, f.name, value)

    def _init(cls, own, frozen):
        """``__init__`` of *cls*, compiled from source (once per class)."""
        args, body = [], []
        env = {"_M": _MISSING, "_set": object.__setattr__}
        for f in own:
            value = f.name
            if f.default_factory is not _MISSING:
                env[f"_f_{f.name}"] = f.default_factory
                if f.init:
                    args.append(f"{f.name}=_M")
                    value = f"_f_{f.name}() if {f.name} is _M else {f.name}"
                else:
                    value = f"_f_{f.name}()"
            elif f.init:
                if f.default is not _MISSING:
                    env[f"_d_{f.name}"] = f.default
                    args.append(f"{f.name}=_d_{f.name}")
                else:
                    args.append(f.name)
            else:
                if f.default is _MISSING:
                    continue
                env[f"_d_{f.name}"] = f.default
                value = f"_d_{f.name}"
            body.append(f"_set(self, {f.name!r}, {value})" if frozen
                        else f"self.{f.name} = {value}")
        if hasattr(cls, "__post_init__"):
            body.append("self.__post_init__()")
        src = (f"def __init__(self, {', '.join(args)}):\n "
               + "\n ".join(body or ["pass"]) + "\n")
        exec(src, env)  # the source is built above from the field names only
        fn = env["__init__"]
        fn.__qualname__ = f"{cls.__qualname__}.__init__"
        return fn

    def _first_init(cls, own, frozen):
        """An ``__init__`` that compiles the real one at the class's first object and puts it
        in its place: a short notice never makes objects of half the classes it imports."""

        def __init__(self, *args, **kwargs):
            init = cls.__init__ = _init(cls, own, frozen)
            init(self, *args, **kwargs)

        __init__.__qualname__ = f"{cls.__qualname__}.__init__"
        return __init__

    def _process(cls, frozen, slots):
        found = {}  # name -> Field, in order: a base class's fields first
        for base in reversed(cls.__mro__[1:]):
            for f in base.__dict__.get("__dataclass_lite__", ()):
                found[f.name] = f
        # the class's own annotations (inspect.get_annotations would import inspect)
        names = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
        for name in names:
            value = cls.__dict__.get(name, _MISSING)
            f = value if isinstance(value, Field) else Field(default=value)
            f.name = name
            if type(f.default).__hash__ is None:  # a list, dict, set …: one for all objects
                raise ValueError(f"mutable default {type(f.default)} for field {name} is not "
                                 "allowed: use default_factory")
            found[name] = f
            if isinstance(value, Field):
                if f.default is _MISSING:
                    delattr(cls, name)
                else:
                    setattr(cls, name, f.default)
        own = list(found.values())
        if slots:
            ns = {k: v for k, v in cls.__dict__.items()
                  if k not in names and k not in ("__dict__", "__weakref__")}
            ns["__slots__"] = tuple(names)
            ns["__qualname__"] = cls.__qualname__
            cls = type(cls)(cls.__name__, cls.__bases__, ns)
        cls.__dataclass_lite__ = tuple(own)
        cls.__dataclass_lite_names__ = frozenset(f.name for f in own)
        body = dict(cls.__dict__)  # what the class defines itself stays, as the standard one
        explicit_hash = "__hash__" in body and not (body["__hash__"] is None and "__eq__" in body)
        methods = {"__init__": _first_init(cls, own, frozen), "__repr__": _repr, "__eq__": _eq}
        if frozen:
            methods.update(__setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
            if slots:  # pickle and copy would set the fields through the frozen __setattr__
                methods.update(__getstate__=_getstate, __setstate__=_setstate)
        for name, method in methods.items():
            if name not in body:
                setattr(cls, name, method)
        if not explicit_hash:
            cls.__hash__ = _hash if frozen else None
        return cls

    def dataclass(cls=None, /, *, frozen=False, slots=False):
        """The class with ``__init__``, ``__repr__``, ``__eq__`` (and hashing when frozen), as
        ``dataclasses.dataclass`` with these options."""
        if cls is None:
            return lambda c: _process(c, frozen, slots)
        return _process(cls, frozen, slots)


__all__ = ["FrozenInstanceError", "dataclass", "field", "fields", "replace"]
