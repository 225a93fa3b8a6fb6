"""Tasks: which text each unit list governs, and the deadlines and targets that go with it."""

from __future__ import annotations

import policyparse
from policyparse.models import Document
from tests.conftest import SAMPLE_FILES, parsed


def doc(body: str, date: str | None = None) -> Document:
    head = "某市节能降碳实施方案\n" if date is None else f"某市人民政府\n{date}\n某市节能降碳实施方案\n"
    return policyparse.parse_text(head + body)


def tasks(d: Document) -> list[tuple[str | None, list[str]]]:
    return [(r.task, [d.deadlines[k].text for k in r.deadlines]) for r in d.responsibilities]


def test_a_list_at_the_end_of_a_paragraph_governs_its_item():
    d = doc("一、重点任务\n（一）推进工业节能。实施节能改造项目，到2025年完成改造100个。"
            "（市工业和信息化局牵头，市发展改革委配合）\n")
    assert tasks(d) == [("推进工业节能。实施节能改造项目，到2025年完成改造100个", ["到2025年"])]


def test_several_lists_in_one_paragraph_each_govern_their_own_clause():
    d = doc("一、重点任务\n（二）推进建筑节能。新建建筑全面执行绿色建筑标准（市住房城乡建设局负责）。"
            "2024年底前完成既有建筑改造10万平方米（市住房城乡建设局、市财政局按职责分工负责）。\n")
    assert tasks(d) == [
        ("推进建筑节能。新建建筑全面执行绿色建筑标准", []),
        ("2024年底前完成既有建筑改造10万平方米", ["2024年底前"]),
    ]
    second = d.responsibilities[1]
    assert [d.targets[k].value for k in second.targets] == [10]
    assert d.responsibilities[0].targets == []


def test_a_list_after_a_heading_governs_the_whole_item():
    d = doc("一、重点任务\n（一）推进垃圾治理（区农业农村局牵头）\n"
            "完善收运体系。2024年底前实现行政村全覆盖。\n（二）加强宣传。\n")
    (r,) = d.responsibilities
    assert r.task is not None and r.task.startswith("推进垃圾治理")
    assert r.task.endswith("2024年底前实现行政村全覆盖")
    assert "加强宣传" not in r.task
    assert [d.deadlines[k].text for k in r.deadlines] == ["2024年底前"]


def test_a_heading_list_with_nothing_after_it_is_the_heading():
    d = doc("一、职责分工\n到2026年底，完成以下工作。\n（一）推进农村生活垃圾治理（区农业农村局牵头）。\n")
    # no deadline of its own: the enclosing section's
    assert tasks(d) == [("推进农村生活垃圾治理", ["到2026年底"])]


def test_a_task_keeps_a_closing_bracket_of_its_own():
    d = doc("一、重点任务\n（一）制定工作方案。编制实施方案(2024-2025年)，2024年底前印发。"
            "（市发展改革委负责）\n")
    assert d.responsibilities[0].task == "制定工作方案。编制实施方案(2024-2025年)，2024年底前印发"


def test_how_long_the_notice_stays_in_force_governs_no_task():
    d = doc("一、重点任务\n（一）推进工业节能（市工业和信息化局负责）。\n"
            "二、其他\n本方案自印发之日起施行，有效期至2027年12月31日。\n")
    assert d.responsibilities[0].deadlines == []


def test_every_inline_list_of_every_sample_has_a_task_that_slices_back():
    for path in SAMPLE_FILES:
        d = parsed(path.name)
        for r in d.responsibilities:
            if r.source != "inline":
                continue
            assert r.task and r.task_span is not None, (path.name, r.raw)
            assert d.text[r.task_span[0]:r.task_span[1]] == r.task
            # a deadline in the task's own sentence is linked
            for k, dl in enumerate(d.deadlines):
                if r.task_span[0] <= dl.span[0] < r.span[1] and dl.kind != "valid_until":
                    assert k in r.deadlines, (path.name, r.raw, dl.text)
            for k in r.targets:
                assert r.task_span[0] <= d.targets[k].span[0] < r.span[1]


def test_linking_again_changes_nothing():
    from policyparse.extract.tasks import link

    for path in SAMPLE_FILES:
        d = parsed(path.name)
        assert link(d.text, d.outline, d.responsibilities, d.deadlines, d.targets) == \
            d.responsibilities


def test_records_given_out_of_text_order_come_back_in_it_linked_alike():
    from policyparse.extract.tasks import link

    for path in SAMPLE_FILES:
        d = parsed(path.name)
        given = d.responsibilities[::-1]  # (no two of a sample start at one offset)
        assert link(d.text, d.outline, given, d.deadlines, d.targets) == d.responsibilities


def test_the_callers_outline_index_links_as_one_built_here():
    from policyparse.extract._common import OutlineIndex
    from policyparse.extract.tasks import link

    for path in SAMPLE_FILES:
        d = parsed(path.name)
        args = (d.text, d.outline, d.responsibilities, d.deadlines, d.targets)
        assert link(*args, index=OutlineIndex(d.outline)) == link(*args)


def test_a_list_on_a_line_of_its_own_outside_any_item_governs_the_paragraph_above():
    d = doc("发展生态养殖，修复水域生态环境。以规模养殖池塘为重点，推进尾水治理。\n"
            "（责任单位：市农业农村局牵头，市生态环境局按职责分工负责）\n")
    (r,) = d.responsibilities
    assert r.task == "发展生态养殖，修复水域生态环境。以规模养殖池塘为重点，推进尾水治理"


def test_linking_in_place_fills_the_given_records_as_the_copies_are_filled():
    from policyparse._recordbase import replace
    from policyparse.extract.tasks import link

    def unlinked(d):  # as the extractors give them: no deadline, target or inline task yet
        return [replace(r, deadlines=[], targets=[], **(
            {"task": None, "task_span": None} if r.source == "inline" else {}))
            for r in d.responsibilities]

    for path in SAMPLE_FILES:
        d = parsed(path.name)
        given = unlinked(d)
        copies = link(d.text, d.outline, given, d.deadlines, d.targets)
        assert given == unlinked(d)  # the caller's records untouched
        assert copies == d.responsibilities
        filled = link(d.text, d.outline, given, d.deadlines, d.targets, in_place=True)
        assert filled == copies
        assert {id(r) for r in filled} == {id(r) for r in given}


def test_the_rows_of_a_table_annexed_after_every_section_take_only_their_own_deadlines():
    # the rows stand past the end of every section and (the second) past the last deadline:
    # no section's free deadline reaches them, and a row's own 完成时限 stays its own
    d = doc("一、重点任务\n（一）推进工业节能，节能5万吨。到2025年，完成改造。\n"
            "二、保障措施\n加强组织领导，2026年前完成评估。\n\n附件\n\n重点任务分工表\n"
            "序号 | 重点任务 | 责任单位 |\n"
            "1 | 推进改造，节能10万吨，2024年底前完成。 | 市工信局 |\n"
            "2 | 鼓励改造。 | 市财政局 |\n")
    assert [s.span[1] for s in d.outline][-1] < d.responsibilities[0].span[0]
    assert tasks(d) == [("推进改造，节能10万吨，2024年底前完成。", ["2024年底前"]),
                        ("鼓励改造。", [])]


def test_a_task_without_a_deadline_takes_those_of_the_nearest_section_out_that_has_some():
    # 1. under (一) takes (一)'s own; those under (二), which has none, take 一's (both of its
    # free deadlines: (一)'s stands in 一 too), the second as the first
    d = doc("一、重点任务\n到2025年，完成以下工作。\n（一）推进工业节能\n实施改造，2023年底前完成摸底。\n"
            "1.推进改造（市工信局负责）。\n（二）推进建筑节能\n1.推进建筑改造（市住建局负责）。\n"
            "2.推进既有建筑改造（市财政局负责）。\n二、保障措施\n加强组织领导（市政府办负责）。\n")
    assert tasks(d) == [
        ("推进改造", ["2023年底前"]),
        ("推进建筑改造", ["到2025年", "2023年底前"]),
        ("推进既有建筑改造", ["到2025年", "2023年底前"]),
        ("加强组织领导", []),
    ]
    # each its own list
    assert d.responsibilities[1].deadlines is not d.responsibilities[2].deadlines


def test_the_rows_of_a_table_inside_a_section_past_its_last_deadline_take_the_sections():
    # past the last deadline and target, but not past the end of 二: 二's free deadline is theirs
    d = doc("一、重点任务\n（一）推进工业节能，节能5万吨。到2025年，完成改造。\n"
            "二、保障措施\n2026年前完成评估，分工如下。\n"
            "序号 | 重点任务 | 责任单位 |\n"
            "1 | 推进改造。 | 市工信局 |\n"
            "2 | 鼓励改造。 | 市财政局 |\n")
    assert d.responsibilities[0].span[0] > max(t.span[1] for t in [*d.deadlines, *d.targets])
    assert tasks(d) == [("推进改造。", ["2026年前"]), ("鼓励改造。", ["2026年前"])]
