"""Page-breaking rules for a workbook: flowables -> flowables that keep together what belongs together.

- A ``Gap`` (space between blocks) never starts a page: at the foot of a page it shrinks to what is left.
- A ``Worksheet`` (a heading and its prompts, lines, tables or signatures) moves to the next page whole
  rather than strand its last prompt (unless that would leave a page under a quarter full: then it starts
  there and flows); a little too long for a page, it takes rows from its writing lines
  (never below three fifths of them) instead of spilling onto a new page; taller than a page, it flows
  with its last prompts (at least 30% of a page) kept together, taking the last rows of a table, the last
  items of a list or the last lines of a paragraph (two at least, two staying) if it must. The last
  group before a page break (a part's end, the contents) flows the same way.
- ``keep_with_next`` chains a heading, its introduction and the first thing to write in; ``KeepWithNext``
  (the document's chain class) starts such a chain on a new page when its last member could not start
  under the others; a ``KeptTable`` (a tip box, a card) moves whole when it fits on a page.
"""

from __future__ import annotations

import math
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, ListFlowable, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak, NullActionFlowable
from reportlab.platypus.flowables import _Container, _listWrapOn

KEEP_SHARE = 0.6  # writing lines a worksheet keeps (at least) when it shrinks to fit its page
TAIL_SHARE = 0.3  # of a page: a flowing worksheet's last prompts, kept together so none is stranded
SHORT_PAGE = 0.25  # of a page: a worksheet does not move on whole from a page that would hold less
MIN_LINES = 2  # lines of a paragraph cut for the tail, on either side of the cut (no widow, no orphan)
TAIL_LIMIT = 0.9  # of a page: a longer tail would leave the page before it half empty (or not fit at all)


class Gap(Spacer):  # type: ignore[misc]
    """Vertical space that shrinks at the foot of a page instead of moving to the next one."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, max(0.0, min(self.height, avail_height - 1e-3))


def at_top(flowable: Flowable) -> bool:
    frame = flowable._doctemplateAttr("frame")
    return bool(frame is not None and frame._atTop)


def frame_height(flowable: Flowable) -> float:
    frame = flowable._doctemplateAttr("frame")
    return float(frame._height) if frame is not None else 0.0


class BlankPage(Spacer):  # type: ignore[misc]
    """Marks its page as left blank on purpose (the back of the title page): no header, no footer."""

    def __init__(self) -> None:
        super().__init__(1, 1)

    def draw(self) -> None:
        self.canv._doctemplate.blank_pages.add(self.canv.getPageNumber())


class ContinuedHeading(Flowable):  # type: ignore[misc]
    """A zero-size mark around a worksheet that flows over pages: after the first mark, each new page
    starts with the worksheet's heading and "(continued)" (the document draws it); the closing mark
    (``heading`` None) stops that."""

    def __init__(self, heading: Flowable | None) -> None:
        super().__init__()
        self.heading = heading

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.canv._doctemplate.continued_heading = self.heading


class Worksheet(_Container, Flowable):  # type: ignore[misc]
    """A group of flowables laid out as one: moved whole, shrunk a little, or (too tall) let flow."""

    def __init__(self, content: list[Flowable], whole: bool = True, continued: Flowable | None = None,
                 tail: float | None = None) -> None:
        super().__init__()
        self.tail = tail  # the least height of its end kept together when it flows (None: TAIL_SHARE of a page)
        self._content = content
        self.continued = continued  # its heading marked "(continued)", for the pages it flows onto
        self.whole = whole  # False: the end of a part, which flows but keeps its tail together
        self.lines = [f for f in content if hasattr(f, "fewer")] if whole else []  # rows that may go
        self.under_heading = False  # chained under a heading that opens its page: it flows from there

    def _natural(self, avail_width: float) -> float:
        _, height = _listWrapOn(self._content, avail_width, self.canv)
        return float(height)

    def _reset(self) -> None:
        for area in self.lines:
            area.fewer = 0

    def _shrink_to(self, avail_width: float, height: float, room: float) -> bool:
        """Take writing rows away, one at a time from the fullest area, until the group (``height`` tall
        now) fits ``room``; on failure every area keeps all its rows."""
        self._reset()
        gap = max((a.gap for a in self.lines), default=0.0)
        if not gap:
            return False
        spare = {id(a): max(0, a.min_rows - max(math.ceil(a.min_rows * KEEP_SHARE), len(a.lines), 1))
                 for a in self.lines}
        needed = math.ceil((height - room) / gap - 1e-6)
        if needed > sum(spare.values()):
            return False
        for _ in range(needed):
            area = max((a for a in self.lines if a.fewer < spare[id(a)]), key=lambda a: a.min_rows - a.fewer)
            area.fewer += 1
        if self._natural(avail_width) <= room:
            return True
        self._reset()
        return False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._reset()
        self.height = self._natural(avail_width)
        if self.height > avail_height and at_top(self) and self._shrink_to(avail_width, self.height, avail_height):
            self.height = self._natural(avail_width)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        page = frame_height(self)
        self._reset()
        height = self._natural(avail_width)
        # moving on whole would leave this page under a quarter full: it starts here and flows instead
        leaves_short = avail_height > page * (1 - SHORT_PAGE)
        moves = self.whole and not self.under_heading and not at_top(self) and not leaves_short
        if moves and (height <= page or self._shrink_to(avail_width, height, page)):
            self._reset()
            return []  # whole on the next page
        self._reset()
        if self.under_heading:  # flowing on under its heading: the heading keeps its first block, no more
            for flowable in self._content[1:]:
                if flowable.__dict__.get("keepWithNext"):
                    flowable.keepWithNext = 0
        # taller than a page: flow, with the last prompts kept together so none is stranded overleaf (the
        # action first lets the document chain a heading to what follows, as it would not for a split part)
        flowing = self._with_tail_kept(avail_width, page)
        if self.continued is not None and flowing:  # from under its own heading on (chained as it is)
            start = ContinuedHeading(self.continued)
            start.keepWithNext = flowing[0].getKeepWithNext()
            flowing = [flowing[0], start, *flowing[1:], ContinuedHeading(None)]
        return [NullActionFlowable(), *flowing]

    def _with_tail_kept(self, avail_width: float, page: float) -> list[Flowable]:
        """The content with its last flowables (TAIL_SHARE of a page or more, or its own ``tail``: whole
        prompts, a list's last items, a paragraph's last lines) in one group;
        a table the tail reaches gives it its last rows (they continue overleaf under the repeated head)
        when the table is too tall to join the tail whole or is chained to the heading above it."""
        content = list(self._content)
        share = self.tail if self.tail is not None else page * TAIL_SHARE
        tail = 0.0
        for k in range(len(content) - 1, -1, -1):
            height = content[k].wrapOn(self.canv, avail_width, 0xFFFFFF)[1]
            after = [f for f in content[k + 1:] if not isinstance(f, Gap)]
            chained = k > 0 and content[k - 1].getKeepWithNext()  # the tail could not start above it
            too_tall = tail + height > page * TAIL_LIMIT or chained and tail + height > share
            if too_tall and after and hasattr(content[k], "split_for_tail"):
                parts = content[k].split_for_tail(avail_width, share - tail)
                if parts:
                    return [*content[:k], *parts[:-1], KeepTogether([parts[-1], *content[k + 1:]])]
            if isinstance(content[k], ListFlowable) and after and tail < share < tail + height:
                items = content[k].split(avail_width, 0xFFFFFF)  # its items, each on its own
                need, j = share - tail, len(items)
                while j > 1 and need > 0:
                    j -= 1
                    need -= items[j].wrapOn(self.canv, avail_width, 0xFFFFFF)[1]
                if need <= 0:  # else the whole list joins the tail, and the text above it gives the rest
                    return [*content[:k], *items[:j], KeepTogether([*items[j:], *content[k + 1:]])]
            if isinstance(content[k], Paragraph) and tail < share < tail + height:
                parts = _last_lines(content[k], avail_width, share - tail)
                if parts:
                    return [*content[:k], parts[0], KeepTogether([parts[1], *content[k + 1:]])]
            tail += height
            if tail > page * TAIL_LIMIT:
                break
            if tail >= share and (k == 0 or not content[k - 1].getKeepWithNext()):
                return [*content[:k], KeepTogether(content[k:])]
        return content

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - ReportLab's name
        _Container.drawOn(self, canv, x, y, _sW=_sW)


def _last_lines(para: Paragraph, avail_width: float, need: float) -> list[Flowable]:
    """The paragraph cut so that its last lines (``need`` tall, at least MIN_LINES) can go with the tail,
    at least MIN_LINES staying above; nothing if it is too short for that."""
    lines = len(getattr(para, "blPara", None) and para.blPara.lines or [])
    leading = para.style.leading
    keep = max(MIN_LINES, math.ceil(need / leading - 1e-6))
    if lines - keep < MIN_LINES:
        return []
    parts = para.split(avail_width, (lines - keep) * leading + 1e-3)
    return list(parts) if len(parts) == 2 else []


class KeepWithNext(KeepTogether):  # type: ignore[misc]
    """ReportLab's chain of keep-with-next flowables, which lets go of a chain taller than a page; this one
    then still starts on a fresh page when the chain's last flowable (a table, a card, a worksheet) could
    not start on this one under the others: a heading never ends a page alone."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = list(super().split(avail_width, avail_height))
        if at_top(self) and hasattr(self._content[-1], "keep_whole"):
            self._content[-1].keep_whole = False  # too tall for any page together: the last one splits here
        if at_top(self) and isinstance(self._content[-1], Worksheet):
            self._content[-1].under_heading = True  # moving on whole would leave the heading alone on its page
        if not parts or isinstance(parts[0], ActionFlowable) or at_top(self) or len(self._content) < 2:
            return parts
        _, above = _listWrapOn(self._content[:-1], avail_width, self.canv)
        room = avail_height - above
        last = self._content[-1]
        if room > 0:
            if last.wrapOn(self.canv, avail_width, room)[1] <= room:
                return parts
            pieces = last.splitOn(self.canv, avail_width, room)
            if pieces and not isinstance(pieces[0], ActionFlowable):
                return parts
        return [FrameBreak(), *parts]


class KeptTable(Table):  # type: ignore[misc]
    """A table that, with ``keep_whole``, moves to the next page whole when it fits on one (a tip box, a
    card); a keep-with-next chain can hold it, unlike a KeepTogether."""

    keep_whole = False

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.keep_whole and not at_top(self):
            if self.wrap(avail_width, avail_height)[1] <= frame_height(self):
                return []
        return list(super().split(avail_width, avail_height))


def keep_with_next(flowables: list[Flowable]) -> None:
    """Chain every flowable but the last to the one after it (a heading, its introduction, a prompt)."""
    for flowable in flowables[:-1]:
        flowable.keepWithNext = 1
