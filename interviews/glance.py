"""The "day at a glance": everyone's schedule on one shared time axis.

Works on prefetched profiles (no queries). Positions are grid rows of 15
minutes each, placed by a small per-page stylesheet (stylesheet()), which the
page's Content-Security-Policy allows by its hash: a nonce would go stale in the
page cache, a hash is the same for everyone until the schedule changes.
"""

import math
from dataclasses import dataclass

SLOT = 15  # minutes per grid row
OPEN_ENDED = 30  # how long an entry without an end time is drawn


def _minutes(value):
    return value.hour * 60 + value.minute


@dataclass(frozen=True)
class Block:
    entry: object
    row_start: int
    row_end: int

    @property
    def is_short(self):
        return self.row_end - self.row_start < 3

    @property
    def is_tiny(self):
        """One slot (a quarter of an hour): room for one line only."""
        return self.row_end - self.row_start == 1


@dataclass(frozen=True)
class Column:
    number: int
    person: object
    blocks: list


@dataclass(frozen=True)
class Glance:
    start_hour: int
    end_hour: int
    columns: list

    @property
    def rows(self):
        return (self.end_hour - self.start_hour) * 60 // SLOT

    @property
    def hours(self):
        """(hour, first grid row) for each hour mark on the axis."""
        per_hour = 60 // SLOT
        return [
            (h, (h - self.start_hour) * per_hour + 1) for h in range(self.start_hour, self.end_hour)
        ]

    def stylesheet(self):
        lines = [
            "@media (min-width: 40rem) {",
            f"  .glance__col, .glance__axis {{ grid-template-rows: repeat({self.rows}, var(--slot)); }}",
        ]
        lines += [f"  #gh-{hour} {{ grid-row: {row} / span 4; }}" for hour, row in self.hours]
        lines += [
            f"  #g-{column.number}-{n} {{ grid-row: {block.row_start} / {block.row_end}; }}"
            for column in self.columns
            for n, block in enumerate(column.blocks, 1)
        ]
        return "\n".join([*lines, "}"])


def day_at_a_glance(profiles):
    people = [(n, p, list(p.schedule.all())) for n, p in enumerate(profiles, 1)]
    people = [(n, p, entries) for n, p, entries in people if entries]
    if not people:
        return None
    starts = [_minutes(e.start) for _, _, entries in people for e in entries]
    ends = [
        _minutes(e.end) if e.end else _minutes(e.start) + OPEN_ENDED
        for _, _, entries in people
        for e in entries
    ]
    start_hour = min(starts) // 60
    end_hour = min(24, math.ceil(max(ends) / 60))
    origin = start_hour * 60
    columns = []
    for number, person, entries in people:
        blocks = []
        for entry in entries:
            begin = _minutes(entry.start)
            finish = _minutes(entry.end) if entry.end else begin + OPEN_ENDED
            row_start = (begin - origin) // SLOT + 1
            row_end = max(row_start + 1, math.ceil((finish - origin) / SLOT) + 1)
            blocks.append(Block(entry, row_start, row_end))
        columns.append(Column(number, person, blocks))
    return Glance(start_hour, end_hour, columns)
