"""The output contract (schema_version "1") as pydantic models.

This module is the one place where field names are defined; tools outside the project read
them, so a field may be added but never renamed or removed without bumping SCHEMA_VERSION.
All spans are ``(start, end)`` offsets into :attr:`Document.text`, the normalized text:
``doc.text[start:end]`` gives back the item's ``text``/``raw``/``heading`` source.

The stages build plain records generated from these classes (``_records.py``, by ``make
records``; a test fails while it is out of date) and validate them into a Document at the end.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"
SCHEMA_CHANGES = (
    'Added in "1": Target.source and Target.baseline_value (indicator tables: one target per '
    "row and target year, issue 12); Responsibility.task and task_span for inline lists too, "
    "deadlines, targets and roles_stated; Target.norm_value, norm_value_range and norm_unit; "
    "the role guidance (指导, 督导); the Deadline kind relative (issue 14)."
)
"""What was added without a new version (it stays "1": every addition is optional), listed in
the JSON schema's description of ``schema_version``."""

Span = tuple[int, int]
"""``[start, end)`` offsets into the normalized text."""

Role = Literal["lead", "support", "responsible", "guidance"]
"""lead: 牵头; support: 配合, 参与, 协助; responsible: 负责, 落实 (or no role stated);
guidance: 指导, 督导 (the ROLE_* pieces of patterns/pieces.toml list the words)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    """Where the text came from."""

    path: str | None = None
    format: str = "txt"
    sha256: str = ""
    encoding: str | None = None
    pages: int | None = None
    page_starts: list[int] | None = Field(
        default=None,
        description="Offset in Document.text where each page begins (paginated formats only); "
        "the page of offset p is bisect_right(page_starts, p).",
    )
    size: int = Field(default=0, description="Size of the input in bytes.")


class Meta(_Model):
    """The notice's own facts, read from its header and signature."""

    title: str | None = None
    doc_number: str | None = Field(default=None, description="发文字号, e.g. 锦政办发〔2022〕5号")
    issuer: str | None = None
    date: str | None = Field(default=None, description="Signing date, YYYY-MM-DD")
    recipients: list[str] = Field(default_factory=list, description="主送机关")
    publicity: str | None = Field(default=None, description="e.g. 此件公开发布")
    notice_title: str | None = Field(
        default=None, description="The cover notice's title (印发…的通知), when there is one."
    )
    index_number: str | None = Field(
        default=None, description="索引号 of a government site's information block"
    )
    publication_date: str | None = Field(
        default=None, description="发布日期 of a site's information block, YYYY-MM-DD"
    )


class Section(_Model):
    """One node of the outline tree."""

    level: int = Field(
        description="The depth in the tree under chapter and article headings (第一章 1, its "
        "第一节 2, an 一、 under that 3 …); in a document without them the numbered family keeps "
        "its levels: 1 = 一、 2 = （一） 3 = 1. 4 = （1） 5 = ①"
    )
    label: str | None = Field(
        description="Normalized label (一, （一）, 1, （1）; 第一编, 第一部分, 第一章, 第一节, "
        "第一条; 附件2 for the root of a plan annexed after the body, whose heading is the "
        "plan's title); null for a lead-sentence item, for the root of a document printed "
        "after a list of annexes (its heading the document's title), and for each paragraph "
        "of a body that has no numbered item at all (a 决定, 复函 or 答复: level 1, heading "
        "its first sentence)"
    )
    heading: str = Field(description="Heading text without label and markup")
    path: list[str] = Field(
        description="Labels from the root down to this section; an item without a label "
        "carries its parent's path"
    )
    span: Span = Field(description="The whole section, children included")
    heading_span: Span = Field(description="Where the heading text stands")
    marker: str | None = Field(
        default=None,
        description="The label exactly as written; it tells the kind: 第X编 (volume), "
        "第X部分 (part), 第X章 (chapter), 第X节 (section), 第X条 (article), 一、 （一） 1. （1） ① "
        "(the numbered family), 附件2 (an annexed plan's root)",
    )
    children: list[Section] = Field(default_factory=list)


class Unit(_Model):
    """One responsible unit of a unit list."""

    text: str = Field(description="The name as written")
    name: str = Field(description="Canonical name: prefix carried over, aliases resolved")
    role: Role
    span: Span | None = Field(
        default=None,
        description="Where the name stands; null for a name joined from the parts of a table "
        "cell that a row's wrap cut (no one stretch of the text holds it)",
    )


class Responsibility(_Model):
    """One responsible-unit list: a parenthetical in the body or a row of an annex table."""

    path: list[str]
    source: Literal["inline", "table"]
    row: int | None = None
    raw: str
    units: list[Unit]
    span: Span
    task: str | None = Field(
        default=None,
        description="The task the list governs (extract/tasks.py): a table row's task cell (a "
        "cell that goes on in a continuation row is joined); for an inline list the text it "
        "closes, from its item's heading or the end of the list before it in that item, or the "
        "whole item for a list in the item's heading",
    )
    task_span: Span | None = Field(
        default=None,
        description="Where the task text stands; null for a task joined from a cell that goes "
        "on in a continuation row",
    )
    # --- issue 14: tasks with their deadlines and targets (added fields, schema_version "1")
    deadlines: list[int] = Field(
        default_factory=list,
        description="The deadlines that govern the task, as indexes into Document.deadlines "
        "(0-based): those in the task's text and list (a table row: its cells), else those of "
        "the nearest enclosing section that no task holds",
    )
    targets: list[int] = Field(
        default_factory=list,
        description="The targets inside the task's text, as indexes into Document.targets "
        "(0-based)",
    )
    roles_stated: bool = Field(
        default=True,
        description="Whether the notice states the roles of this list (a role key or verb, a "
        "role note or the first-listed convention); false for a bare list, whose units are "
        "responsible by default",
    )


class Mention(_Model):
    """A unit named in running prose ("市发展改革委要发挥牵头抓总作用").

    Not a responsibility: no unit list gives it a task there. Found by the names the notice's
    own lists use and the department table of ``patterns/units.toml`` (extract/mentions.py);
    with ``discover_units``, also names no list or table knows, by jieba's word boundaries
    (extract/discover.py).
    """

    text: str = Field(description="The name as written")
    name: str = Field(description="Canonical name, as for Unit.name")
    span: Span
    path: list[str] = Field(description="Path of the innermost numbered section holding it")
    found_by: Literal["vocabulary", "segmenter"] = Field(
        default="vocabulary",
        description="vocabulary: a name the notice's lists or the department table know; "
        "segmenter: a new name found by word segmentation (parse --discover-units)",
    )


class Target(_Model):
    """One quantitative commitment."""

    path: list[str]
    text: str = Field(description="The shortest clause holding indicator and number, without a "
                      "leading deadline (到2025年)")
    indicator: str | None = None
    comparator: str | None = Field(default=None, description="As written: 达到, 下降, 不低于 …")
    value: float | None = Field(default=None, description="The number; null for a range")
    value_range: tuple[float, float] | None = Field(
        default=None, description="[lo, hi] for a range (1-2个); value is then null")
    unit: str | None = None
    year: int | None = None
    baseline_year: int | None = None
    binding: str | None = None
    span: Span
    relation: str | None = Field(
        default=None, description='What comparator and qualifier mean: ">=", ">", "<=", "<", '
        '"=", "~" (about), "decrease" or "increase" (value is the change)')
    qualifier: str | None = Field(default=None, description="以上, 以下, 左右 … after the unit")
    year_span: Span | None = Field(
        default=None, description="The deadline expression the year comes from (also listed "
        "in Document.deadlines)")
    # --- indicator tables (extract/indicators.py); added in schema_version "1" ---------------
    source: Literal["inline", "table"] = Field(
        default="inline", description='inline: a clause of the prose; table: a value cell of an '
        'indicator table (主要指标 | 单位 | 2020年 | 2025年 | 属性), one target per row and target '
        'year, its span and text the cell\'s; a 年均增长 or 累计 column (or a value in [ ]) gives '
        'a change: comparator as its header says (年均增长, 五年累计, 累计), relation increase or '
        'decrease')
    baseline_value: float | None = Field(
        default=None, description="The value in the baseline year (baseline_year), where an "
        "indicator table gives one (its 2020年 / 现状值 column)")
    # --- issue 14: the quantity in one base unit per dimension (added fields)
    norm_value: float | None = Field(
        default=None, description="value in norm_unit (80万千瓦 → 800000 千瓦, 1.2亿元 → "
        "120000000 元), exact conversions only (patterns/targets.toml [conversions]); null "
        "for a range or a unit without one")
    norm_value_range: tuple[float, float] | None = Field(
        default=None, description="value_range in norm_unit")
    norm_unit: str | None = Field(
        default=None, description="The base unit of the target's dimension: 千瓦, 千瓦时, 元, "
        "吨, 吨标准煤, 平方米, 立方米, 米, %, 个百分点, or the count word (个, 家 …); 亩 stays "
        "亩; null where the unit has no exact conversion")


class Deadline(_Model):
    """A date or period by which something is to be done."""

    path: list[str]
    text: str
    kind: str = Field(description="by_year, by_date, range, period, from, within_year (anchored "
                      "to the notice's date), ongoing (no dates), year, relative (N years from a "
                      "stated start or the notice's date: 2021年起3年内, 用3年时间, 今后五年; no "
                      "dates where neither is known), valid_until (how long the "
                      "notice stays in force: 有效期至…; no task's time limit)")
    start: str | None = None
    end: str | None = None
    span: Span


class Citation(_Model):
    """A document the notice cites: 《title》 and the 文号 that follows it."""

    title: str
    doc_number: str | None = None
    span: Span
    text: str = Field(default="", description="《title》 and the 文号 bracket after it, if any: "
                      "the text the span covers")
    path: list[str] = Field(default_factory=list)


class ParseWarning(_Model):
    """Anything the parser doubted or skipped."""

    code: str
    message: str
    span: Span | None = None


class Document(_Model):
    """One parsed notice."""

    schema_version: str = Field(
        default=SCHEMA_VERSION,
        description='The output contract\'s version. Within a version fields are only added, '
        'never renamed or removed (tools written for "1" read every later "1" output). '
        + SCHEMA_CHANGES)
    source: Source = Field(default_factory=Source)
    meta: Meta = Field(default_factory=Meta)
    text: str = ""
    outline: list[Section] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    mentions: list[Mention] = Field(
        default_factory=list,
        description="Units named in running prose, outside the unit lists (not responsibilities)",
    )
    warnings: list[ParseWarning] = Field(default_factory=list)

    def sections(self) -> list[Section]:
        """All sections in document order (pre-order walk of the tree)."""
        out: list[Section] = []
        stack = list(reversed(self.outline))
        while stack:
            s = stack.pop()
            out.append(s)
            stack.extend(reversed(s.children))
        return out

    def page_of(self, offset: int) -> int | None:
        """The page (1-based) that offset *offset* of :attr:`text` stands on; None for formats
        without pages. A span's page is ``page_of(span[0])``.

        >>> Document(text="甲乙丙", source=Source(pages=2, page_starts=[0, 2])).page_of(2)
        2
        """
        starts = self.source.page_starts
        if not starts:
            return None
        return max(1, bisect_right(starts, offset))

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON the CLI prints: UTF-8, not ASCII-escaped."""
        return self.model_dump_json(indent=indent)
