"""Strings that match a question's `pattern`, so sample answers can satisfy it.

A small parser for the part of Python's regular expressions a form pattern uses: literals,
escapes, character classes, `.`, groups, alternation, quantifiers and anchors. Anything
else (look-arounds, back-references, verbose mode) raises `UnsupportedError`; every string
offered is checked with `re.fullmatch`, so a pattern this reads wrongly yields nothing
rather than a wrong answer.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# Characters tried for a class or `.`, most readable first.
_PREFERRED = string.ascii_lowercase + string.ascii_uppercase + string.digits + "-_.@/ "
_CANDIDATES = _PREFERRED + "".join(
    chr(code) for code in range(33, 127) if chr(code) not in _PREFERRED
)
_ESCAPES: dict[str, Callable[[str], bool]] = {
    "d": lambda c: c.isdigit(),
    "w": lambda c: c.isalnum() or c == "_",
    "s": str.isspace,
}
_LITERAL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")
_MOST = 10_000  # a repeat longer than any answer a form takes
_REPEATS = (0, 1, 2, 3, 5, 8, 13, 21, 40, 80, 160, 320)


class UnsupportedError(ValueError):
    """The pattern uses something this generator does not handle."""


@dataclass(frozen=True)
class _Chars:
    """One character from a set: a class, an escape, `.` or a literal."""

    tests: tuple[Callable[[str], bool], ...]
    extra: str = ""  # characters the class names that are not among the usual candidates
    negated: bool = False

    def matches(self, char: str) -> bool:
        return any(test(char) for test in self.tests) != self.negated

    def pick(self) -> str:
        for char in _CANDIDATES + self.extra:
            if self.matches(char):
                return char
        raise UnsupportedError("no character fits the class")


@dataclass(frozen=True)
class _Seq:
    items: tuple[_Node, ...]


@dataclass(frozen=True)
class _Alt:
    branches: tuple[_Node, ...]


@dataclass(frozen=True)
class _Repeat:
    item: _Node
    low: int
    high: int | None


_Node = _Chars | _Seq | _Alt | _Repeat


def _literal(char: str) -> _Chars:
    return _Chars((char.__eq__,), extra=char)


def _between(low: str, high: str) -> Callable[[str], bool]:
    return lambda char: low <= char <= high


class _Parser:
    """Recursive descent over the pattern text."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0

    def parse(self) -> _Node:
        node = self._alternation()
        if self.at < len(self.text):
            raise UnsupportedError(f"unexpected {self.text[self.at]!r}")
        return node

    def _peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def _alternation(self) -> _Node:
        branches = [self._sequence()]
        while self._peek() == "|":
            self.at += 1
            branches.append(self._sequence())
        return branches[0] if len(branches) == 1 else _Alt(tuple(branches))

    def _sequence(self) -> _Node:
        items: list[_Node] = []
        while self._peek() not in ("", "|", ")"):
            atom = self._atom()
            if atom is not None:
                items.append(self._quantified(atom))
        return _Seq(tuple(items))

    def _atom(self) -> _Node | None:
        char = self._peek()
        self.at += 1
        if char in ("^", "$"):
            return None  # an anchor: fullmatch anchors the whole answer anyway
        if char == ".":
            return _Chars((lambda c: c != "\n",))
        if char == "(":
            return self._group()
        if char == "[":
            return self._class()
        if char == "\\":
            return self._escape()
        if char in ("*", "+", "?"):
            raise UnsupportedError(f"nothing to repeat before {char!r}")
        return _literal(char)

    def _group(self) -> _Node | None:
        if self.text.startswith("?", self.at):
            flags = re.match(r"\?([aimsLu]+)\)", self.text[self.at :])
            if flags:  # inline flags such as (?i): the text generated still matches
                self.at += flags.end()
                return None
            named = re.match(r"\?(:|P<\w+>)", self.text[self.at :])
            if not named:
                raise UnsupportedError("look-arounds, back-references and verbose mode")
            self.at += named.end()
        node = self._alternation()
        if self._peek() != ")":
            raise UnsupportedError("a group is not closed")
        self.at += 1
        return node

    def _escape(self) -> _Node | None:
        char = self._peek()
        self.at += 1
        if char in ("b", "B", "A", "Z"):
            return None  # word boundaries and anchors match no character
        escaped = self._class_escape(char)
        return escaped if isinstance(escaped, _Chars) else _literal(escaped)

    def _class_escape(self, char: str) -> _Chars | str:
        """An escape's character class, or the one character it stands for."""
        if char.lower() in _ESCAPES:
            return _Chars((_ESCAPES[char.lower()],), negated=char.isupper())
        if char in _LITERAL_ESCAPES:
            return _LITERAL_ESCAPES[char]
        if char.isdigit() or char == "":
            raise UnsupportedError("back-references")
        if char in ("x", "u", "U"):
            size = {"x": 2, "u": 4, "U": 8}[char]
            code = self.text[self.at : self.at + size]
            self.at += size
            return chr(int(code, 16))
        return char

    def _class(self) -> _Chars:
        negated = self._peek() == "^"
        self.at += negated
        tests: list[Callable[[str], bool]] = []
        extra = ""
        first = True
        while first or self._peek() != "]":
            if not self._peek():
                raise UnsupportedError("a class is not closed")
            first = False
            low = self._class_item()
            if isinstance(low, _Chars):
                tests.append(low.matches)
                continue
            if self._peek() == "-" and self.text[self.at + 1 : self.at + 2] not in ("]", ""):
                self.at += 1
                high = self._class_item()
                if isinstance(high, _Chars):
                    raise UnsupportedError("a range ending in a class")
                tests.append(_between(low, high))
                extra += low
            else:
                tests.append(low.__eq__)
                extra += low
        self.at += 1
        return _Chars(tuple(tests), extra, negated)

    def _class_item(self) -> _Chars | str:
        char = self._peek()
        self.at += 1
        if char == "\\":
            escaped = self._peek()
            self.at += 1
            return "\b" if escaped == "b" else self._class_escape(escaped)
        return char

    def _quantified(self, atom: _Node) -> _Node:
        char = self._peek()
        bounds: tuple[int, int | None] | None = None
        if char in ("*", "+", "?"):
            self.at += 1
            bounds = {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
        elif char == "{":
            found = _QUANTIFIER.match(self.text, self.at)
            if found and (found.group(1) or found.group(3)):
                self.at = found.end()
                low = int(found.group(1) or 0)
                if low > _MOST:
                    raise UnsupportedError("a repeat too long for a sample")
                high = int(found.group(3)) if found.group(3) else None
                bounds = (low, low if not found.group(2) else high)
        if bounds is None:
            return atom
        if self._peek() in ("?", "+"):
            self.at += 1  # lazy or possessive: the same strings match
        if self._peek() in ("*", "+", "?"):
            raise UnsupportedError("multiple repeat")
        return _Repeat(atom, *bounds)


def _generate(node: _Node, repeat: int, variant: int) -> str:
    if isinstance(node, _Chars):
        return node.pick()
    if isinstance(node, _Seq):
        return "".join(_generate(item, repeat, variant) for item in node.items)
    if isinstance(node, _Alt):
        return _generate(node.branches[variant % len(node.branches)], repeat, variant)
    count = max(node.low, repeat if node.high is None else min(repeat, node.high))
    return _generate(node.item, repeat, variant) * count


def matching_strings(pattern: str) -> Iterator[str]:
    """Different strings that fully match `pattern`, shortest repeats first; none if unsupported.

    Unbounded repeats grow from one string to the next, so a caller needing a longer answer
    (a `min_length`) takes a later one.
    """
    try:
        tree = _Parser(pattern).parse()
    except (UnsupportedError, ValueError, OverflowError):
        return
    seen: set[str] = set()
    for repeat in _REPEATS:
        for variant in range(4):
            try:
                text = _generate(tree, repeat, variant)
            except UnsupportedError:
                continue
            if text not in seen and re.fullmatch(pattern, text):
                seen.add(text)
                yield text
