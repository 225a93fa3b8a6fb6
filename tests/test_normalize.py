from __future__ import annotations

import re

import pytest

from policyparse.normalize import normalize
from tests.conftest import SAMPLES


def norm(s: str) -> str:
    return normalize(s).text


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("到 2025 年，达到 ３％", "到2025年，达到3%"),
        ("ＡＢＣ１２３", "ABC123"),
        ("（一）主要目标", "（一）主要目标"),  # punctuation keeps its width
        ("辽源市加快建立健全绿色低碳循环发展经济体系实施 方案", "辽源市加快建立健全绿色低碳循环发展经济体系实施方案"),
        ("市生态环境局 、市乡村振兴局", "市生态环境局、市乡村振兴局"),
        ("PM 2.5 浓度", "PM 2.5浓度"),
        ("\t\t一、总体要求\t", "一、总体要求"),
        ("甲\u200b乙\ufeff", "甲乙"),
        # runs of wide characters fold wherever they stand
        ("ＡＢ\u3000\u3000１２％，ｘ\t\u00a0ｙ", "AB 12%，x y"),
        ("甲　乙，到２０２５年达到３０％。", "甲乙，到2025年达到30%。"),
        ("１", "1"),
    ],
)
def test_spaces_and_width(raw, want):
    assert norm(raw) == want


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("x 龦 y", "x龦y"),  # U+9FA6, past the ideographs of Unicode 1.1
        ("A 㐀", "A㐀"),  # extension A
        ("a 𠀀 b", "a𠀀b"),  # extension B (outside the BMP)
        ("豈 1", "豈1"),  # a compatibility ideograph
        ("甲 | 龦 | x", "甲|龦| x"),  # a common one and a rare one in one text
        ("x 龥 y", "x龥y"),  # U+9FA5, the last of the common ones
        ("PM 2.5 | A B", "PM 2.5 | A B"),
    ],
)
def test_spaces_beside_any_ideograph_go(raw, want):
    # (the common ideographs are taken first under re; the rest by the entry itself)
    assert norm(raw) == want


def test_the_common_ideographs_are_all_han():
    import regex

    from policyparse.normalize import _COMMON_HAN

    lo, hi = (int(x, 16) for x in _COMMON_HAN.replace("\\u", "").split("-"))
    assert regex.fullmatch(r"\p{Han}+", "".join(map(chr, range(lo, hi + 1))))


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("# 标题\n\n## （二）主要目标。", "标题\n（二）主要目标。"),
        ("### **三、健全绿色流通体系**", "三、健全绿色流通体系"),
        ("**（二十）加强财税支持。**", "（二十）加强财税支持。"),
        ("见[原文](https://www.gov.cn/a.html)。", "见原文。"),
        ("正文\n---\n正文", "正文\n正文"),
        ("[bookmark: _GoBack]锦州市若干措施", "锦州市若干措施"),
    ],
)
def test_markup_and_artifacts(raw, want):
    assert norm(raw) == want


def test_blank_lines_and_crlf():
    assert norm("\r\n\r\n甲。\r\n\r\n\r\n乙。\r\n") == "甲。\n乙。"


def test_a_sentence_cut_by_a_page_break_is_joined():
    raw = ("健全事前、事中、事后监管体系，加强监管，将排污许可制作为\n\n— 3 —\n\n"
           "固定污染源环境管理核心制度，加强监管。（责任单位：市生态环境局）")
    assert norm(raw) == ("健全事前、事中、事后监管体系，加强监管，将排污许可制作为"
                         "固定污染源环境管理核心制度，加强监管。（责任单位：市生态环境局）")


def test_no_line_is_joined_to_a_line_that_opens_a_block_of_its_own():
    # the line kinds decide (lines.opens_block): a heading, a key line, a note, a table row
    cut = "加强统筹协调，推动各项任务落实到位，按照"
    for block in ("（二）强化保障", "责任单位：市发展改革委", "注：列第一位者为牵头单位。",
                  "1|推进改造|市工信局|", "——重点突破，融合发展。"):
        assert norm(cut + "\n" + block) == cut + "\n" + block, block
    assert norm(cut + "\n要求完成。") == cut + "要求完成。"


@pytest.mark.parametrize(
    "lines",
    [
        ["一、总体要求", "坚持节能优先，推进绿色发展。"],  # bare heading
        ["朝阳市加快建立健全绿色低碳循环", "发展经济体系实施方案"],  # title lines
        ["各县区人民政府，市政府有关部门：", "现将方案印发给你们。"],
        ["推进工业绿色升级，加快淘汰落后产能，强化节能监察", "（一）推进农业绿色发展。"],
        ["（二十二）发展绿色金融，落实绿色标准、绿色认证和统计监测制度", "引导银行业金融机构加强服务。"],
        ["第三章坚持创新驱动，推动产业绿色低碳转型发展", "坚持把创新作为第一动力，加快培育新动能。"],
        ["推进工业绿色升级，加快淘汰落后产能，强化节能监察", "第十二条本办法自印发之日起施行。"],
    ],
)
def test_lines_that_end_a_block_are_not_joined(lines):
    assert norm("\n".join(lines)) == "\n".join(lines)


def test_news_preamble_is_dropped():
    raw = ("炉具网讯：近日，锦州市人民政府办公室印发《若干措施》。原文如下：\n\n"
           "锦州市人民政府办公室关于印发若干措施的通知\n锦政办发〔2022〕5号")
    assert norm(raw) == "锦州市人民政府办公室关于印发若干措施的通知\n锦政办发〔2022〕5号"


def test_a_notice_is_not_taken_for_a_preamble():
    raw = "关于做好节能工作的通知\n各区县：\n经市政府同意，现将有关事项通知如下：\n一、总体要求"
    assert norm(raw) == raw


def test_site_chrome_at_the_end_is_dropped():
    raw = ("（三）营造良好氛围。加强正面宣传。\n分享到：微信　微博　QQ空间\n【打印本页】　【关闭窗口】\n"
           "责任编辑：李某\n上一篇：某市关于印发某方案的通知\n下一篇：某市关于做好某工作的通知\n"
           "主办：某市人民政府办公室　　网站标识码：4407000001")
    assert norm(raw) == "（三）营造良好氛围。加强正面宣传。"
    assert norm("（三）营造良好氛围。\n0条评论|收藏|举报\n上一篇：某方案解读") == "（三）营造良好氛围。"


def test_forum_chrome_at_the_end_is_dropped():
    raw = ("（四）推动全民参与。营造全社会参与的良好氛围。\n0人已收藏\n0人已打赏\n免费2人已点赞\n分享\n"
           "装配式施工\n返回版块9357 条内容 · 122 人订阅\n回帖成功\n经验值 +10\n回复 举报")
    assert norm(raw) == "（四）推动全民参与。营造全社会参与的良好氛围。"


def test_a_signature_at_the_end_is_kept():
    raw = "（四）推动全民参与。营造良好氛围。\n济南市人民政府办公厅\n2022年6月21日\n（此件公开发布）"
    assert norm(raw) == raw


def test_site_navigation_at_the_top_is_dropped():
    raw = "首页 > 政务公开 > 政策文件\n发布时间：2022-04-24 来源：市政府办公室\n关于做好节能工作的通知"
    assert norm(raw) == "关于做好节能工作的通知"


@pytest.mark.parametrize("footer", ["— 3 —", "－3－", "- 3 -", "第3页 共10页", "3/10"])
def test_page_number_lines_are_dropped(footer):
    assert norm(f"一、总体要求\n{footer}\n二、主要任务") == "一、总体要求\n二、主要任务"


def test_page_numbers_and_running_headers_go_wherever_they_stand_among_the_lines():
    raw = ("一、总体要求\n\n- 3 -\n推进节能改造。\n赣州市人民政府公报　　2022年第12期\n"
           "二、主要任务\n第4页 共10页\n三、保障措施")
    assert norm(raw) == "一、总体要求\n推进节能改造。\n二、主要任务\n三、保障措施"


def test_a_page_number_is_a_line_of_its_own_not_one_cut_over_two_lines():
    # (the lines asked in one pass: a match that takes a line break asks each line alone)
    raw = "一、总体要求\n第3\n页\n- 4 -\n二、主要任务"
    assert norm(raw).split("\n")[1:3] == ["第3", "页"] and "- 4 -" not in norm(raw)


def test_a_running_header_is_short_and_a_page_number_shorter():
    header = "某市人民政府公报2022年第12期"  # 16 characters: a header of up to 40 goes
    long_header = "某" * 30 + "公报2022年第12期"  # 41: text
    assert norm(f"正文。\n{header}\n正文。") == "正文。\n正文。"
    assert long_header in norm(f"正文。\n{long_header}\n正文。")
    wide_page = "－" * 2 + " " * 18 + "3" + " " * 18 + "－" * 2  # 1 space left by tidy_spaces
    assert norm(f"正文。\n{wide_page}\n正文。") == "正文。\n正文。"


def test_every_character_maps_back_to_the_same_character_in_the_source(sample):
    src = (SAMPLES / sample).read_text(encoding="utf-8")
    m = normalize(src)
    same = 0
    for i, ch in enumerate(m.text):
        j = m.to_source(i)
        assert 0 <= j < len(src)
        if ch == "\n":
            continue
        folded = src[j]
        assert ch == folded or (0xFF01 <= ord(folded) <= 0xFF5E and chr(ord(folded) - 0xFEE0) == ch), (
            i, ch, folded)
        same += 1
    assert same > 0.9 * len(m.text)


def test_offsets_are_monotonic(sample):
    src = (SAMPLES / sample).read_text(encoding="utf-8")
    m = normalize(src)
    prev = -1
    for i in range(0, len(m.text), 7):
        j = m.to_source(i)
        assert j >= prev
        prev = j


def test_an_open_bracket_at_a_line_end_goes_on_below():
    raw = "开展村庄清洁行动，完成改造任务。（责任单位：\n市发展改革委、市住房城乡建设局按职责分工负责）"
    assert norm(raw) == raw.replace("\n", "")



def test_a_bracket_open_over_several_lines_and_a_page_break_goes_on_below():
    raw = ("建设冷藏保鲜设施60个。（责任单位：\n市农业农村局、市商\n- 3 -\n扬州政报　2024年第6期\n"
           "务局、市供销合作总社，各县（市、区）人民政府）\n（三）发展冷链运输服务。")
    assert norm(raw) == ("建设冷藏保鲜设施60个。（责任单位：市农业农村局、市商务局、市供销合作总社，"
                         "各县（市、区）人民政府）\n（三）发展冷链运输服务。")


def _wrap_width_by_every_length(lengths: list[int]) -> int | None:
    """_wrap_width as it read before its shortcut: every length's neighbourhood asked."""
    from collections import Counter

    counts = {n: k for n, k in Counter(lengths).items() if n >= 8}
    lines = sum(counts.values())
    if lines < 5:
        return None
    near, width = max((counts.get(n - 1, 0) + k + counts.get(n + 1, 0), n)
                      for n, k in counts.items())
    if width < 16 or near < 5 or near < 0.3 * lines:
        return None
    wider = sum(k for n, k in counts.items() if n > width + 2)
    return width if wider <= 0.15 * lines else None


def test_wrap_width_shortcut_finds_what_every_length_asked_finds():
    import random

    from policyparse.normalize import _wrap_width

    rng = random.Random(11)
    found = 0
    for _ in range(3000):
        wrap = rng.randint(10, 40)
        lengths = [rng.choice((wrap, wrap, wrap - 1, rng.randint(0, 60), rng.randint(0, 9)))
                   for _ in range(rng.randint(0, 30))]
        want = _wrap_width_by_every_length(lengths)
        found += want is not None
        assert _wrap_width(lengths) == want, lengths
    assert 300 < found < 2700  # both answers are asked often


def test_short_lines_of_one_length_are_headings_not_a_wrap():
    heads = ["（一）扩大家政服务供给", "（二）提升家政服务质量", "（三）拓展家政服务领域",
             "（四）加强家政人才培养", "（五）优化家政发展环境"]  # 11 characters each
    paras = ["培育家政服务企业，支持家政企业品牌化、连锁化经营，鼓励本地企业与知名企业开展合作。" * 2] * 5
    head = ["江府办〔2024〕11号", "各市、区人民政府，市政府各部门：", "现将方案印发给你们，请认真组织实施。",
            "江门市人民政府办公室", "2024年5月11日", "江门市推动家政服务业提质扩容实施方案"]
    raw = "\n".join(head + [x for pair in zip(heads, paras, strict=True) for x in pair])
    assert norm(raw).split("\n")[:6] == head

def test_hard_wrapped_paragraphs_are_joined_back():
    para = ("坚持绿色发展，牢固树立绿水青山就是金山银山的发展理念，把绿色发展作为工业转型升级的主攻方向，"
            "推进《某市工业绿色发展规划》落地，加快构建绿色制造体系，完善园区循环化改造，全面推行清洁生产。")
    wrapped = "\n".join(para[i:i + 24] for i in range(0, len(para), 24))
    text = "一、总体要求\n" + wrapped + "\n二、主要任务"
    assert norm(text) == "一、总体要求\n" + para + "\n二、主要任务"


def test_a_title_as_wide_as_the_wrap_is_not_joined_to_the_body():
    title = "某市加快建立健全绿色低碳循环发展经济体系实施方案"
    body = "推进工业绿色升级，加快淘汰落后产能，强化节能监察执法，完善绿色制造体系建设，" * 4
    wrapped = "\n".join(body[i:i + 28] for i in range(0, len(body), 28))
    assert norm(title + "\n" + wrapped).split("\n")[0] == title


def test_markdown_escapes_are_dropped():
    assert norm("1\\. 建立培育库。\n\\*注：正文") == "1.建立培育库。\n*注：正文"


def test_a_range_cut_before_its_dash_is_joined_and_a_dash_bullet_is_not():
    raw = "到2025年，冷链物流总额增长40%；培育国家级冷链物流重点企业3\n—5家，建成基地1个，形成网络。"
    assert norm(raw) == raw.replace("\n", "")
    bullets = "坚持以下原则，推进绿色发展，加快转型升级，实现高质量发展：\n——重点突破，融合发展。"
    assert norm(bullets) == bullets


def test_key_lines_under_an_item_stay_lines_of_their_own():
    raw = ("（四）完善配套设施。新建燃气管网不少于80公里、供排水管网不少于120公里。\n"
           "责任单位：市城市管理局、市水务局、国网某市供电公司、某市华润燃气有限公司\n完成时限：2026年12月底前")
    assert norm(raw) == raw


def test_a_number_cut_by_a_line_break_is_joined():
    assert norm("河湖健康评价达到“健康”等级的比例不低于8\n5%。") == "河湖健康评价达到“健康”等级的比例不低于85%。"
    assert norm("一、总体要求\n1.推进改造。") == "一、总体要求\n1.推进改造。"
    assert norm("附件3\n2024\n一、电力行业") == "附件3\n2024\n一、电力行业"  # an annex's label


def test_forum_replies_go_and_the_signature_above_them_stays():
    raw = ("论坛 » 民生 » 转帖\n楼主\n发表于 2024-4-9 21:47\n某市交通运输局关于推进农村客运工作的通知\n"
           "一、工作目标\n全年新增线路20条。\n某市交通运输局\n2024年4月1日\n"
           "发表于 2024-4-9 22:03\n我们村去年就通了。\n----------\n小马哥\n发表于 2024-4-10 07:16\n支持！")
    out = norm(raw)
    assert out.endswith("某市交通运输局\n2024年4月1日") and "小马哥" not in out


@pytest.mark.parametrize(("raw", "want"), [
    ("普及率达到 9 9 %以上", "普及率达到99%以上"),
    ("覆盖人口 6 . 5 万人", "覆盖人口6.5万人"),
    ("年内完成改造 4 0 处", "年内完成改造40处"),
    ("2024 2025", "2024 2025"),  # two numbers, not one cut
])
def test_spaces_inside_a_number(raw, want):
    assert norm(raw) == want


def test_a_normative_document_series_header_is_page_furniture():
    raw = "完成12座供水\n- 4 -\n乐平市人民政府行政规范性文件 2024年第4期\n工程提质改造。"
    assert "规范性文件" not in norm(raw)


def test_needs_lists_characters_every_match_holds():
    """An entry's `needs` lets a text without those characters skip its pass: every match of
    every example holds one of them, and a text without them passes through untouched."""
    from policyparse import patterns
    from policyparse.normalize import _sub
    from policyparse.textmap import MappedText

    with_needs = [p for p in patterns.load("normalize") if "needs" in p.data]
    assert with_needs
    for p in with_needs:
        for ex in p.examples:
            matches = list(p.regex.finditer(ex))
            assert matches, (p.id, ex)
            assert all(any(s in m.group() for s in p.data["needs"]) for m in matches), (p.id, ex)
        m = MappedText("一、总体要求\n到2025年，达到3%。")
        assert _sub(m, p.id, "") is m


def test_spaces_at_line_edges_go_and_runs_become_one_in_one_layer():
    from policyparse.normalize import tidy_spaces
    from policyparse.textmap import MappedText

    m = tidy_spaces(MappedText("  PM   2.5 \n x  y "))
    assert m.text == "PM 2.5\nx y"
    assert len(m.layers) == 1
    assert m.to_source(m.text.index("2.5")) == 7


def test_tidy_spaces_over_the_lines_holding_a_space_as_over_the_whole_text(monkeypatch):
    """tidy_spaces runs its passes over the few lines of a text that hold a space: the text
    and the map back are those of its passes through the whole text."""
    from policyparse import normalize as nz
    from policyparse.textmap import MappedText

    body = "推进工业绿色升级，强化产业准入和落后产能退出。\n" * 100
    spaced = [" 到 2025 年，达到9 9%  以上 ", "PM 2.5 与 6 . 5万人", "a  b\t", "龘 字 与 㐀 字", " "]
    for line in spaced:
        text = body + line + "\n" + body + "完成 改造"
        m = MappedText(text)
        got = nz.tidy_spaces(m)
        assert nz.lines_holding(text, " ", len(text) // nz._FEW_SPACED, nz._CALL_CHARS)
        monkeypatch.setattr(nz, "_FEW_SPACED", len(text) + 1)  # (no line is few enough)
        whole = nz.tidy_spaces(m)
        monkeypatch.undo()
        assert got.text == whole.text, line
        assert [got.to_source(i) for i in range(len(got.text) + 1)] == [
            whole.to_source(i) for i in range(len(whole.text) + 1)], line


# --- scraped text --------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "want"), [
    ("二、重点任务\n（\n1\n）\n推进农业节水。", "二、重点任务\n（1）推进农业节水。"),
    ("（2\n）推进工业节水。", "（2）推进工业节水。"),
    ("1\n．\n实施计划用水管理。", "1．实施计划用水管理。"),
    ("一\n、\n总体要求", "一、总体要求"),
    ("某市人民政府办公室\n2024\n年\n3\n月\n5\n日", "某市人民政府办公室\n2024年3月5日"),
    ("二〇二四\n年\n三\n月\n五\n日", "二〇二四年三月五日"),
    ("到\n2025\n年，全市用水量比2020年下降\n16\n%。", "到2025年，全市用水量比2020年下降16%。"),
    ("某市人民政府办公室关于印发某市\n2024\n年节水工作要点的通知",  # meta joins a title's lines
     "某市人民政府办公室关于印发某市\n2024年节水工作要点的通知"),
    ("新增绿地\n50\n万平方米\n改造管网\n120\n公里", "新增绿地\n50万平方米\n改造管网\n120公里"),
    ("索 引 号：\n11330700/2024-00123\n发 文 字 号 ：\n某政办发〔2024〕9号\n成文日期\n2024\n年\n3\n月\n5\n日",
     "索引号：11330700/2024-00123\n发文字号：某政办发〔2024〕9号\n成文日期：2024年3月5日"),
])
def test_what_a_scrape_split_over_lines_is_joined(raw, want):
    assert norm(raw) == want


@pytest.mark.parametrize("raw", [
    "参加单位：\n市水务局\n市农业农村局\n市财政局",  # a list of short items
    "序号\n任务\n责任单位\n1\n节水改造\n市水务局\n2\n管网改造\n市住房城乡建设局",  # cells one a line
    "（一）推进农业节水。\n（二）推进工业节水。",
    "2024年度计划\n2025年度计划",
    "完成时限：\n2024年底前",  # a key of an item, not of a site's block
])
def test_lines_that_were_really_separate_stay_apart(raw):
    assert norm(raw) == raw


def test_a_title_whose_year_stands_on_its_own_line():
    import policyparse

    doc = policyparse.parse_text("某市人民政府办公室关于印发某市\n2024\n年节水工作要点的通知\n"
                                 "各县（区）人民政府：\n一、总体要求\n（一）节水。推广节水器具。")
    assert doc.meta.notice_title == "某市人民政府办公室关于印发某市2024年节水工作要点的通知"


def test_a_scraped_notice_keeps_its_outline_targets_and_header():
    import policyparse

    clean = ("某市人民政府办公室关于做好节水工作的通知\n某政办发〔2024〕9号\n各县（区）人民政府：\n"
             "一、总体要求\n到2025年，全市用水量比2020年下降16%。\n二、重点任务\n"
             "（1）推进农业节水。新增节水灌溉面积2万亩。（责任单位：市农业农村局）\n"
             "1．实施计划用水管理。\n某市人民政府办公室\n2024年3月5日")
    scraped = ("名称：\n某市人民政府办公室关于做好节水工作的通知\n索 引 号：\n1/2024-1\n"
               "某市人民政府办公室关于做好\n节水工作的通知\n某政办发〔2024〕9号\n各县（区）人民政府：\n"
               "一\n、\n总体要求\n到\n2025\n年，全市用水量比2020年下降\n16\n%。\n二、重点任务\n"
               "（\n1\n）\n推进农业节水。新增节水灌溉面积\n2\n万亩。（责任单位：市农业农村局）\n"
               "1\n．\n实施计划用水管理。\n某市人民政府办公室\n2024\n年\n3\n月\n5\n日")
    a, b = policyparse.parse_text(clean), policyparse.parse_text(scraped)
    assert [(s.level, s.label, s.heading) for s in b.sections()] == [
        (s.level, s.label, s.heading) for s in a.sections()]
    assert [(t.year, t.value) for t in b.targets] == [(t.year, t.value) for t in a.targets]
    assert [[u.name for u in r.units] for r in b.responsibilities] == [
        [u.name for u in r.units] for r in a.responsibilities]
    for key in ("title", "doc_number", "issuer", "date"):
        assert getattr(b.meta, key) == getattr(a.meta, key), key
    assert b.meta.index_number == "1/2024-1"


def test_line_local_entries_match_the_same_over_their_lines_as_over_the_text():
    """A `line_local` entry run over the lines holding its `needs` finds what a pass over the
    whole text finds: each example, between lines of other text, once with and once without
    the lines around it."""
    from policyparse import patterns
    from policyparse.textmap import lines_holding

    local = [p for p in patterns.load("normalize") if p.data.get("line_local")]
    assert local
    for p in local:
        assert "needs" in p.data, p.id
        for ex in (*p.examples, *p.counterexamples):
            text = f"一、总体要求 A\n{ex}\n到2025年，达到3%。\n{ex}"
            whole = [m.span() for m in p.regex.finditer(text)]
            lines = [m.span() for s, e in lines_holding(text, p.data["needs"])
                     for m in p.regex.finditer(text, s, e)]
            assert lines == whole, (p.id, ex)


def test_a_trigger_stands_around_every_match_of_a_line_local_entry():
    """A `line_local` entry's `trigger` (normalize._sub_where skips a text where it is not
    found): every match of each example lies inside a match of the trigger, and a text with
    spaces but none between digits skips the pass."""
    from policyparse import patterns
    from policyparse.normalize import _sub
    from policyparse.textmap import MappedText

    triggered = [p for p in patterns.load("normalize")
                 if p.data.get("line_local") and "trigger" in p.data]
    assert {p.id for p in triggered} >= {"digit_space"}
    for p in triggered:
        trigger = re.compile(p.data["trigger"])
        for ex in p.examples:
            for x in p.regex.finditer(ex):  # a trigger match from a place at or before it
                assert any((t := trigger.match(ex, i)) is not None and t.end() >= x.end()
                           for i in range(x.start() + 1)), (p.id, ex)
    m = MappedText("PM 2.5 浓度 下降 3 成\n" * 40)
    assert _sub(m, "digit_space", "") is m
    assert _sub(MappedText("达到9 9%\n" * 40), "digit_space", "").text == "达到99%\n" * 40


def test_a_join_step_skips_a_text_without_the_line_edges_its_matches_need():
    """`line_starts`, `line_ends`, `longest_line` and `needs` (normalize._may_match): every
    example of the entry passes the look; a text of whole sentences skips the step."""
    from policyparse import patterns
    from policyparse.normalize import _may_match

    looked = [p for p in patterns.load("normalize")
              if {"line_starts", "line_ends", "longest_line"} & set(p.data)
              or isinstance(p.data.get("needs"), list)]
    assert {p.id for p in looked} >= {"split_label", "split_date", "lone_number", "lone_label",
                                      "forum_post"}
    for p in looked:
        found = re.compile(p.data["trigger"]) if "trigger" in p.data else p.regex
        for ex in p.examples:
            if found.search(ex):  # a step with a trigger looks no further without one
                assert _may_match(ex, p.id), (p.id, ex)
        assert not _may_match("一、总体要求\n到2025年，全市达到3%。\n（一）推进改造。", p.id), p.id


def test_a_lone_number_needs_its_number_line_above_the_word_it_counts():
    """lone_number's `after_number`: a line opening with one of the words (以, 年 …) counts
    only under a line that ends with a digit."""
    from policyparse.normalize import _may_match

    assert not _may_match("二、总体要求\n以产业为主，推进改造。", "lone_number")
    assert _may_match("到\n2025\n年，全市达到3%。", "lone_number")


def _may_match_by_lines(text: str, pid: str) -> bool:
    """_may_match as it reads the entry's data, asked of each line in turn (the reference)."""
    from itertools import pairwise

    from policyparse import patterns

    p = patterns.load("normalize")[pid]
    d = p.data
    if p.needs and not any(w in text for w in p.needs):
        return False
    starts, ends, longest = d.get("line_starts"), d.get("line_ends"), d.get("longest_line")
    lines = text.split("\n")
    if longest is not None and not any(0 < len(s) <= longest for s in lines):
        return False
    if starts is None and ends is None:
        return True
    if starts and d.get("after_number"):
        opened = any(s and s[0] in starts and before[-1:].isdecimal()
                     for before, s in pairwise(lines))
    else:
        opened = bool(starts and any(s and s[0] in starts for s in lines[1:]))
    return opened or bool(ends and any(s and s[-1] in ends for s in lines[:-1]))


@pytest.mark.parametrize("text", [
    "", "\n", "年", "\n年", "2024\n年", "\n2024\n年\n", "一、\n（1）\n推进", "到（\n1\n）", "12345\n6",
    "（\n", "a \n）", "序号\n1\n节水改造", "２０２４\n万", "第一行\n\n（1）\n", "一二三四五六\n七",
    "2025\n年，全市\n16\n%", "\n\n\n", "发表于 2024-4-9\n甲", "一、总体要求\n到2025年，全市达到3%。",
])
def test_may_match_looks_at_line_breaks_as_a_look_at_each_line_would(text):
    from policyparse import patterns
    from policyparse.normalize import _may_match

    for p in patterns.load("normalize"):
        assert _may_match(text, p.id) == _may_match_by_lines(text, p.id), (p.id, text)


def test_the_join_steps_find_what_a_pass_over_the_whole_text_finds():
    """join_lone_labels looks in lines no longer than lone_label's longest_line, and
    join_lone_numbers under the lines ending with a digit above a line_starts character: the
    same matches as a pass of each pattern over the whole text."""
    from policyparse import patterns
    from policyparse.normalize import _after_numbers, _short_lines

    rules = patterns.load("normalize")
    texts = ["一、\n总体要求\n（1）\n推进\n②\n完成", "到\n2025\n年，比2020年下降\n16\n%。\n1\n节水",
             "（十二）\n甲\n1.5\n万亩\n3\n4\n年", "2024\n年\n3\n月"]
    for text in texts:
        label = rules["lone_label"]
        whole = [x.span() for x in label.regex.finditer(text)]
        assert [x.span() for s, e in _short_lines(text, label.data["longest_line"])
                for x in label.regex.finditer(text, s, e)] == whole
        number = rules["lone_number"].regex
        ends = _after_numbers(text, "lone_number")
        assert all(any(e == x.end() for e in ends) for x in number.finditer(text)), text


def test_blank_lines_pattern_is_the_plain_one_with_its_line_break_in_front():
    """normalize._BLANKS finds what \\n[ \\n]*\\n|^\\n+|\\n+$ finds, in every text of spaces,
    line breaks and a letter up to 7 characters."""
    from itertools import product

    from policyparse.normalize import _BLANKS

    plain = re.compile(r"\n[ \n]*\n|^\n+|\n+$")
    for n in range(8):
        for chars in product("a \n", repeat=n):
            text = "".join(chars)
            assert ([x.span() for x in _BLANKS.finditer(text)]
                    == [x.span() for x in plain.finditer(text)]), repr(text)


def test_a_text_without_blank_lines_is_not_searched_for_them():
    from policyparse.normalize import drop_blank_lines
    from policyparse.textmap import MappedText

    m = MappedText("一、总体要求\n（一）主要目标。")
    assert drop_blank_lines(m) is m
    assert drop_blank_lines(MappedText("甲\n  \n乙\n")).text == "甲\n乙"


@pytest.mark.parametrize("text", [
    "到 2025 年", "实施 方案", "PM 2.5", "a \u3000b", "a\u3000 b", "中 \u3000 a", "a \t 。x",
    "x  \u3000\u3000  y", "表  \u3000  格", "\u3000\u3000开头", "末尾 \u3000", "a \u00a0 b 中",
])
def test_cjk_space_matches_as_its_plain_form(text: str) -> None:
    # the entry is written opening with the space class (a fast search): it must find what
    # `S+(?=C)|(?<=C)S+` finds, a space run before or after a Chinese character or mark
    import regex

    from policyparse import normalize as n

    c = r"[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—·•%]"
    plain = regex.compile(rf"[ \t\u3000\u00a0]+(?={c})|(?<={c})[ \t\u3000\u00a0]+")
    rx = n._rules()["cjk_space"].regex
    assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(("raw", "want"), [
    ("第一条目标", "第一条目标"), ("目标１", "目标1"), ("\uff21目标", "A目标"), ("目\t标", "目 标"),
    ("", ""), ("，：（）", "，：（）"),
])
def test_fold_width_finds_a_wide_character_anywhere(raw: str, want: str) -> None:
    from policyparse.normalize import fold_width
    from policyparse.textmap import MappedText

    m = MappedText(raw)
    got = fold_width(m)
    assert got.text == want
    assert (got is m) == (raw == want)  # a text without one is returned as it is


def test_a_table_row_ends_no_sentence_but_a_number_cut_at_its_end_is_joined():
    # a row that runs on with commas and no stop, or leaves a bracket open, keeps its line
    # (and what it left open is not carried over it); a row cut inside a number is joined
    row = "1|加强统筹协调，推动各项任务落实到位，按照|市发展改革委|"
    assert norm(row + "\n要求完成。") == row + "\n要求完成。"
    raw = ("推进改造（责任单位：\n1|加强统筹协调，推动各项任务（按照|市发展改革委|\n"
           "市工信局、市商务局）要求完成，推进各项工作落实到位")
    assert norm(raw) == raw
    assert norm("1|比例不低于8\n5%。") == "1|比例不低于85%。"
    assert norm("比例不低于8\n5%|市水利局|") == "比例不低于8\n5%|市水利局|"


def test_cjk_space_narrowed_to_the_plain_space_finds_what_the_entry_finds():
    # tidy_spaces searches a text whose only space is the plain one with the entry's H_SPACE
    # class narrowed to it; other spaces (a step list without fold_width) take the entry itself
    from policyparse.normalize import _rules, _with_piece, tidy_spaces
    from policyparse.textmap import MappedText

    entry = _rules().rx("cjk_space")
    narrowed = _with_piece("cjk_space", "H_SPACE", " ")
    assert narrowed.pattern != entry.pattern
    texts = [*_rules()["cjk_space"].examples, "| 1 | 推进 改造 。 | 市工信局 |  ", "PM 2.5 与 （一） a b"]
    for text in texts:
        assert [x.span() for x in narrowed.finditer(text)] == [
            x.span() for x in entry.finditer(text)], text
    assert tidy_spaces(MappedText("到 2025 年，实施 方案")).text == "到2025年，实施方案"
    assert tidy_spaces(MappedText("到\t2025\u3000年，实施 方案")).text == "到2025年，实施方案"


def test_line_start_entries_match_only_where_a_line_starts():
    """A `line_start` entry (normalize._sub_where asks it once at the start of each line
    holding a need, never searches) finds that way what a search of the whole text finds:
    each example and counterexample between other lines, and indented or after other text."""
    from policyparse import patterns
    from policyparse.normalize import _sub
    from policyparse.textmap import MappedText, lines_holding

    anchored = [p for p in patterns.load("normalize") if p.data.get("line_start")]
    assert {p.id for p in anchored} >= {"md_heading", "md_rule"}
    for p in anchored:
        assert p.data.get("line_local"), p.id
        for ex in (*p.examples, *p.counterexamples):
            for text in (f"一、总体要求 A\n{ex}\n到2025年，达到3%。\n{ex}", f"甲{ex}\n  {ex}\n{ex}{ex}"):
                whole = [m.span() for m in p.regex.finditer(text)]
                starts = [x.span() for s, e in lines_holding(text, p.data["needs"])
                          if (x := p.regex.match(text, s, e)) is not None]
                assert starts == whole, (p.id, text)
                assert _sub(MappedText(text), p.id, "").text == p.regex.sub("", text)


def test_blank_lines_go_as_blanks_did_whatever_the_text():
    # (a text without a blank line takes the one break at each edge out by itself)
    import random

    from policyparse.normalize import _BLANKS, drop_blank_lines
    from policyparse.textmap import MappedText

    def by_the_regex(text: str) -> MappedText:
        return MappedText(text).sub(
            _BLANKS, lambda x: "" if x.start() == 0 or x.end() == len(text) else "\n")

    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice("\n a") for _ in range(rng.randint(0, 8)))
        got, want = drop_blank_lines(MappedText(text)), by_the_regex(text)
        assert got.text == want.text, repr(text)
        assert [got.to_source(i) for i in range(len(got.text) + 1)] == [
            want.to_source(i) for i in range(len(want.text) + 1)], repr(text)



def test_the_lines_split_once_answer_as_looks_through_the_text_would():
    """normalize._Lines (the lines the steps after drop_furniture share): its answers are those
    of the looks for line breaks it stands for, on random texts of the characters they ask."""
    import random

    from policyparse.normalize import _Lines, _short_lines

    rnd = random.Random(11)
    for _ in range(3000):
        text = "".join(rnd.choice("一\n\n ：:号2（") for _ in range(rnd.randrange(0, 14)))
        view = _Lines(text)
        assert view.lines == text.split("\n")
        assert view.blank_inside() == ("\n\n" in text), repr(text)
        assert (" " in view.ends()) == (" \n" in text), repr(text)
        assert (not view.ends().isdisjoint(("：", ":", "号"))) == any(
            k in text for k in ("：\n", ":\n", "号\n")), repr(text)
        assert view.starts() == {x.group(1) for x in re.finditer("\n(.)", text)}, repr(text)
        assert view.ends() == {x.group(1) for x in re.finditer("(.)\n", text)}, repr(text)
        for n in (1, 2, 5):
            assert view.has_short(n) == bool(_short_lines(text, n)), (repr(text), n)


def test_the_split_lines_are_let_go_when_normalize_ends():
    """The lines are shared by the steps of one normalize() call and its text alone: nothing
    is kept for the next call, and another text is split anew."""
    from policyparse import normalize as nz

    text = "一、总体要求\n到2025年，\n全市达到3%。"
    assert nz._lines_of(text) is nz._lines_of(text)
    assert nz._lines_of(text + "\n") is not nz._lines_of(text)
    nz.normalize(text)
    assert nz._lines_seen is None
    assert nz._lines_split(text) is None


def test_the_spaces_that_go_are_the_edges_and_runs_made_one():
    """normalize._SPACES_GONE (deleted) against the rule it stands for: spaces at a line's
    edges go, a run inside a line becomes one space; the same text and the same map back."""
    import random

    import regex

    from policyparse.normalize import _SPACES_GONE
    from policyparse.textmap import MappedText

    rule = regex.compile(r"(?m)^[ ]+|[ ]+$|(?P<run>[ ]{2,})")
    rng = random.Random(7)
    for _ in range(4000):
        text = "".join(rng.choice("  a\n") for _ in range(rng.randint(0, 10)))
        want = MappedText(text).sub(rule, lambda x: " " if x.group("run") else "")
        got = MappedText(text).sub(_SPACES_GONE, "")
        assert got.text == want.text, repr(text)
        assert [got.to_source(i) for i in range(len(got.text) + 1)] == [
            want.to_source(i) for i in range(len(want.text) + 1)], repr(text)


def test_strip_markdown_asks_each_entry_as_the_plain_sequence_would():
    """strip_markdown looks for its entries' characters once and asks each entry with those
    of its own the text holds: the same text and map as every entry asked in turn."""
    import random

    from policyparse.normalize import _MARKDOWN, _link_text, _sub, strip_markdown
    from policyparse.textmap import MappedText

    rng = random.Random(13)
    bits = ["#", "## ", "**", "__", "*", "+ ", "> ", "-", "---", "\\.", "[甲](http://a.b)",
            "![图](a.png)", "[2022]", "一、", "推进", "\n", " ", "|", ":--", "_"]
    for _ in range(1500):
        text = "".join(rng.choice(bits) for _ in range(rng.randint(0, 8)))
        want = MappedText(text)
        for pid in _MARKDOWN:
            want = _sub(want, pid, _link_text if pid == "md_link" else "")
        got = strip_markdown(MappedText(text))
        assert got.text == want.text, repr(text)
        assert [got.to_source(i) for i in range(len(got.text) + 1)] == [
            want.to_source(i) for i in range(len(want.text) + 1)], repr(text)


def test_the_first_steps_one_look_answers_as_their_own_looks_would(monkeypatch):
    """normalize._specials (one pass over the text for unify_newlines, drop_invisible,
    fold_width, drop_artifacts, strip_markdown and tidy_spaces' look for spaces other than the
    plain one): the characters of those it holds (all they change or look for but - and +,
    which strip_markdown looks for itself), or None past _LISTED kinds; and each step, and
    the steps in turn (each handing on what its text may hold), give what they give without
    that pass (random texts of those characters); the answer is let go when normalize ends."""
    import random

    from policyparse import normalize as nz
    from policyparse.textmap import MappedText

    rare = "\r\u2028\u2029\x0b\x0c\x85\ufeff\u200b\u200c\u200d\u2060\u00ad&[<{*_#>\\" + "".join(
        map(chr, nz._WIDTH))
    rnd = random.Random(13)
    chars = "一。 \n；，（）-+" * 8 + rare + "&nbsp;&amp;&lt;"
    steps = (nz.unify_newlines, nz.drop_invisible, nz.fold_width, nz.drop_artifacts,
             nz.strip_markdown, nz.tidy_spaces)

    def in_turn(text: str) -> list[MappedText]:
        out, m = [], MappedText(text)
        for step in steps:
            m = step(m)
            out.append(m)
        return out

    for n in range(3000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randrange(0, 8 if n < 2700 else 90)))
        nz._specials_seen = None
        held = nz._specials(text)
        found = {ch for ch in text if ch in rare}
        assert held == (frozenset(found) if len(found) <= nz._LISTED else None), repr(text)
        with_pass = [step(MappedText(text)) for step in steps]  # (the answer kept for text)
        nz._specials_seen = None
        with_pass += in_turn(text)
        with monkeypatch.context() as mp:
            mp.setattr(nz, "_specials", lambda text: None)
            mp.setattr(nz, "_specials_seen", None)
            without = [step(MappedText(text)) for step in steps] + in_turn(text)
        assert [(x.text, x.layers) for x in with_pass] == [
            (x.text, x.layers) for x in without], repr(text)
    nz.normalize("一、总体要求")
    assert nz._specials_seen is None


def test_join_info_keys_joins_each_key_line_to_the_value_below():
    """join_info_keys, against a plain reading of its rule line by line on random texts of
    key lines, values and other lines: where a line above a break ends with a colon or 号
    (its trigger), the break after a line of only a field name (is_info_key_line) goes where
    the line below holds something and is no key line, a colon put in where the name has none."""
    import random

    from policyparse import normalize as nz
    from policyparse.lines import is_info_key_line
    from policyparse.textmap import MappedText

    rnd = random.Random(7)
    parts = ["索引号：", "发文字号", "成文日期:", "000014349/2019-00002", "", "标题", "一、总体要求",
             "索引号", "文号"]
    for _ in range(3000):
        lines = [rnd.choice(parts) for _ in range(rnd.randrange(0, 7))]
        text = "\n".join(lines)
        want = text
        if any(line[-1:] in ("：", ":", "号") for line in lines[:-1]):
            want = ""
            for k, line in enumerate(lines):
                want += line
                if k + 1 < len(lines):
                    nxt = lines[k + 1]
                    if is_info_key_line(line) and nxt and not is_info_key_line(nxt):
                        want += "" if line[-1] in "：:" else "："
                    else:
                        want += "\n"
        nz._lines_seen = None
        assert nz.join_info_keys(MappedText(text)).text == want, repr(text)
    nz._lines_seen = None


def test_the_lines_a_step_hands_on_are_those_of_its_text(monkeypatch):
    """drop_furniture and drop_blank_lines work out the lines of the text they make from
    those they were given (normalize._hand_on): on random texts of furniture, blank lines
    and spaces those are the new text's split lines; and drop_blank_lines gives the same with
    the lines split and without."""
    import random

    from policyparse import normalize as nz
    from policyparse.textmap import MappedText

    handed = []

    def hand_on(m, lines):
        handed.append(lines)
        assert lines == m.text.split("\n"), (repr(m.text), lines)
        return _real_hand_on(m, lines)

    _real_hand_on = nz._hand_on
    monkeypatch.setattr(nz, "_hand_on", hand_on)
    rnd = random.Random(9)
    parts = ["一", "\n", "\n", " ", "  ", "\u3000", "— 3 —", "首页 > 政务", "0人已收藏", "。"]
    for _ in range(3000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randrange(0, 12)))
        nz.normalize(text, (nz.drop_furniture, nz.drop_blank_lines, nz.join_split_labels))
        nz._lines_seen = None
        alone = nz.drop_blank_lines(MappedText(text))
        nz._lines_of(text)
        split = nz.drop_blank_lines(MappedText(text))
        nz._lines_seen = None
        assert (alone.text, alone.layers) == (split.text, split.layers), repr(text)
    assert len(handed) > 100


@pytest.mark.parametrize("text", [
    *(f.read_text(encoding="utf-8") for f in sorted(SAMPLES.glob("*.txt"))),
    "",
    "\n",
    "一、总体 要求\r\n\r\n到 2025 年，达到３％。\n",
    "| 序号 | 任务 |\n|---|---|\n| 1 | 推进 |\n\n\n二、附则",
])
def test_normalize_split_gives_the_text_s_own_lines_and_starts(text):
    """The lines normalize_split hands on are the normalized text's split, each starting
    where it says, whether the steps had split it or not."""
    from policyparse.normalize import normalize_split

    m, lines, starts = normalize_split(text)
    assert m.text == normalize(text).text
    if lines is not None:
        assert lines == m.text.split("\n")
        assert starts is not None and len(starts) == len(lines)
        assert all(m.text[s:s + len(ln)] == ln for s, ln in zip(starts, lines, strict=True))
        assert all(s == 0 or m.text[s - 1] == "\n" for s in starts)
