"""Generalisation hierarchies of the quasi-identifiers of a de-identified release.

Level 0 is the value as recorded; each level above is coarser, and the top level is ``*``
(anything). Every value has exactly one parent, so a value at one level decides the value at
every level above it (the release relies on this to split groups top-down).

========================  ==============  ==================  ===============  =====
quasi-identifier          level 0         level 1             level 2          top
========================  ==============  ==================  ===============  =====
year                      2019            2018-2019           2010-2019        \\*
gender                    female                                               \\*
age band                  21-23           18-29               18+              \\*
citizenship / country     THA             South-eastern Asia  Asia             \\*
========================  ==============  ==================  ===============  =====

Age bands go 0-8, 9-17 -> 0-17 -> 0-17; 18-20 ... 27-29 -> 18-29 -> 18+; 30-38, 39-47 -> 30-47
-> 18+; 48+ -> 48+ -> 18+. ``unknown`` stays ``unknown`` until the top. Countries without an M49
region (XXA stateless, XXX unspecified, Antarctica) go to ``Other`` below the top.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rcf.trafficking.regions import ANY, region_of_subregion, subregion_of

OTHER_PLACE = "Other"


@dataclass(frozen=True)
class Hierarchy:
    """One quasi-identifier: its column and how a leaf value reads at each level."""

    column: str
    height: int  # the level of ``*``
    _step: Callable[[str, int], str]

    def generalise(self, value: str, level: int) -> str:
        """``value`` (a level-0 value) as it reads at ``level``."""
        if level >= self.height:
            return ANY
        return self._step(value, level)

    def chain(self, value: str) -> tuple[str, ...]:
        """The value at every level, 0 to the top."""
        return tuple(self.generalise(value, level) for level in range(self.height + 1))


def _year(value: str, level: int) -> str:
    if level == 0 or not value.isdigit():
        return value
    year = int(value)
    start = year - year % (2 if level == 1 else 10)
    return f"{start}-{start + (1 if level == 1 else 9)}"


_AGE_LEVELS = {
    "0-8": ("0-17", "0-17"),
    "9-17": ("0-17", "0-17"),
    "18-20": ("18-29", "18+"),
    "21-23": ("18-29", "18+"),
    "24-26": ("18-29", "18+"),
    "27-29": ("18-29", "18+"),
    "30-38": ("30-47", "18+"),
    "39-47": ("30-47", "18+"),
    "48+": ("48+", "18+"),
}


def _age(value: str, level: int) -> str:
    if level == 0 or value not in _AGE_LEVELS:
        return value
    return _AGE_LEVELS[value][level - 1]


def _place(value: str, level: int) -> str:
    if level == 0:
        return value
    subregion = subregion_of(value)
    if subregion == ANY:
        return OTHER_PLACE
    return subregion if level == 1 else region_of_subregion(subregion)


def _gender(value: str, level: int) -> str:
    return value


YEAR = Hierarchy("year", 3, _year)
GENDER = Hierarchy("gender", 1, _gender)
AGE_BAND = Hierarchy("age_band", 3, _age)
CITIZENSHIP = Hierarchy("citizenship", 3, _place)
COUNTRY_OF_EXPLOITATION = Hierarchy("country_of_exploitation", 3, _place)

QUASI_IDENTIFIERS = (YEAR, GENDER, AGE_BAND, CITIZENSHIP, COUNTRY_OF_EXPLOITATION)
