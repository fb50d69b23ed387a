"""A process-wide cache of read-only photo results, bounded by bytes as well as entries.

``st.cache_resource`` bounds a cache by its number of entries only, and a photo's entries
range from 1 MB (the sample at 512 px) to about 100 MB (a 4096 x 4096 result and Pillow's
resize beside it): four decoded uploads could hold 144 MB or 36 MB depending on what the
last students uploaded, and the memory a server keeps after a class depended on it.
:class:`ByteCache` evicts its least recently used entries once their bytes
(:func:`nbytes`) pass ``max_bytes`` (an entry larger than the budget is still kept, alone),
computes each key once however many sessions ask at the same moment, and lets a caller
drop the entries of a photo nobody holds any more (:meth:`ByteCache.drop`).
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np

MiB = 2**20


def nbytes(value, depth: int = 3) -> int:
    """Bytes of the arrays and byte strings ``value`` holds: itself, or the fields of a
    dataclass (and theirs, ``depth`` levels down); other values count 0."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if depth > 0 and dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(nbytes(getattr(value, f.name), depth - 1) for f in dataclasses.fields(value))
    if depth > 0 and isinstance(value, (tuple, list)):
        return sum(nbytes(v, depth - 1) for v in value)
    return 0


class ByteCache:
    """LRU cache of at most ``max_entries`` values and ``max_bytes`` bytes (thread-safe).

    Values must be treated as read-only by every caller: all sessions share them."""

    def __init__(self, max_bytes: int, max_entries: int):
        if max_bytes < 0 or max_entries < 1:
            raise ValueError(f"max_bytes ({max_bytes}) >= 0 and max_entries ({max_entries}) >= 1")
        self.max_bytes, self.max_entries = max_bytes, max_entries
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.RLock()  # re-entrant: a finalizer may drop from any thread
        self._making: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, make: Callable[[], object]):
        """The value cached under ``key``, made by ``make()`` when missing (once: other
        threads asking for the same key meanwhile wait for it and get the same value)."""
        while True:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    return self._entries[key][0]
                making = self._making.setdefault(key, threading.Lock())
            with making:
                with self._lock:
                    if key in self._entries:  # made while we waited
                        continue
                try:
                    value = make()
                    self._put(key, value)
                    return value
                finally:
                    with self._lock:
                        self._making.pop(key, None)

    def _put(self, key: Hashable, value) -> None:
        size = nbytes(value)
        with self._lock:
            self._entries[key] = (value, size)
            self._bytes += size
            while len(self._entries) > 1 and (
                len(self._entries) > self.max_entries or self._bytes > self.max_bytes
            ):
                _, (_, old) = self._entries.popitem(last=False)
                self._bytes -= old

    def drop(self, holds: Callable[[Hashable], bool]) -> int:
        """Remove every entry whose key ``holds(key)`` is true; the number removed."""
        with self._lock:
            gone = [k for k in self._entries if holds(k)]
            for k in gone:
                self._bytes -= self._entries.pop(k)[1]
            return len(gone)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def keys(self) -> list:
        """The keys cached, least recently used first."""
        with self._lock:
            return list(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        return self._bytes


def key_mentions(key, part) -> bool:
    """True when ``part`` is ``key`` or an item of it, in tuples nested at any depth."""
    if key == part:
        return True
    return isinstance(key, tuple) and any(key_mentions(k, part) for k in key)


class HolderCount:
    """Counts the live objects that hold each token (an upload's digest: the sessions that
    kept that upload) and calls ``on_last(token)`` when the last one is garbage collected
    (its session ended, or it replaced its upload). Thread-safe."""

    def __init__(self, on_last: Callable[[Hashable], None]):
        self._on_last = on_last
        self._count: dict[Hashable, int] = {}
        self._tracked: dict[int, object] = {}  # id(holder) -> its weakref.finalize
        self._lock = threading.RLock()

    def track(self, holder, token: Hashable) -> None:
        """Count ``holder`` for ``token`` (once per object; it must be weak-referenceable)."""
        import weakref

        with self._lock:
            if id(holder) in self._tracked:
                return
            self._count[token] = self._count.get(token, 0) + 1
            self._tracked[id(holder)] = weakref.finalize(holder, self._gone, id(holder), token)

    def holders(self, token: Hashable) -> int:
        with self._lock:
            return self._count.get(token, 0)

    def _gone(self, ident: int, token: Hashable) -> None:
        with self._lock:
            self._tracked.pop(ident, None)
            left = self._count.pop(token, 1) - 1
            if left > 0:
                self._count[token] = left
                return
        self._on_last(token)
