from __future__ import annotations

import pytest

import policyparse
from policyparse.meta import extract_meta, parse_date_line
from tests.conftest import gold, parsed


@pytest.mark.parametrize("key", ["title", "doc_number", "issuer", "date"])
def test_meta_equals_gold(sample, key):
    assert getattr(parsed(sample).meta, key) == gold(sample)[key]


def test_recipients_and_publicity(sample):
    meta = parsed(sample).meta
    want = gold(sample)["recipients"]
    assert ",".join(meta.recipients).replace("，", ",") == want.replace("，", ",")
    assert meta.publicity in (None, "此件公开发布")


def test_wrapped_title_is_joined_and_the_body_starts_after_it():
    text = ("各区县人民政府：\n现将《某市节能降碳实施方案》印发给你们，请认真贯彻执行。\n某市人民政府办公室\n"
            "2023年5月6日\n某市节能降碳\n实施方案\n为推动节能降碳，制定本方案。\n一、总体要求")
    r = extract_meta(text)
    assert r.meta.title == "某市节能降碳实施方案"
    assert text[r.body_start:].startswith("为推动")
    assert r.meta.issuer == "某市人民政府办公室"
    assert r.meta.date == "2023-05-06"


def test_a_bare_notice_takes_its_own_title_and_issuer_from_it():
    doc = policyparse.parse_text(
        "某市人民政府办公室关于做好节能工作的通知\n某政办发〔2023〕7号\n各区县人民政府：\n"
        "一、总体要求\n（一）指导思想。坚持节能优先。"
    )
    assert doc.meta.title == "某市人民政府办公室关于做好节能工作的通知"
    assert doc.meta.doc_number == "某政办发〔2023〕7号"
    assert doc.meta.issuer == "某市人民政府办公室"
    assert doc.meta.recipients == ["各区县人民政府"]


def test_signature_after_the_body():
    doc = policyparse.parse_text("关于做好节能工作的通知\n一、总体要求\n坚持节能。\n某市发展和改革委员会\n二〇二三年五月六日")
    assert doc.meta.date == "2023-05-06"
    assert doc.meta.issuer == "某市发展和改革委员会"


def test_a_cited_doc_number_is_not_the_notice_number():
    doc = policyparse.parse_text(
        "某市节能方案\n为贯彻落实《国务院关于节能的意见》（国发〔2021〕4号），制定本方案。\n一、总体要求"
    )
    assert doc.meta.doc_number is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [("2022年4月24日", "2022-04-24"), ("二〇二二年十二月三十一日", "2022-12-31"),
     ("2022年13月1日", None), ("到2025年", None)],
)
def test_date_lines(line, iso):
    assert parse_date_line(line) == iso


# --- layouts found in review -----------------------------------------------------------------


def test_a_dated_note_under_the_title_dates_a_text_without_a_signature():
    doc = policyparse.parse_text(
        "中共某省委某省人民政府关于做好节能降碳工作的\n实施意见\n（二〇二二年三月十三日）\n"
        "为推进节能降碳，提出如下意见。\n一、主要目标\n坚持节约优先。")
    assert doc.meta.title == "中共某省委某省人民政府关于做好节能降碳工作的实施意见"
    assert doc.meta.date == "2022-03-13"
    assert doc.meta.issuer == "中共某省委、某省人民政府"


def test_a_regulation_dated_by_its_adoption_note():
    doc = policyparse.parse_text(
        "某市绿色金融若干规定\n（2022年6月22日某市人民代表大会常务委员会第九次会议通过）\n"
        "第一条为了促进绿色金融发展，制定本规定。\n第二条本规定自2022年7月1日起施行。")
    assert doc.meta.date == "2022-06-22"


def test_a_rule_promulgated_by_decree_names_the_organ_of_the_decree():
    doc = policyparse.parse_text(
        "某行业信息公开管理办法\n（2023年5月8日某某部令第7号公布自2023年7月1日起施行）\n"
        "第一章总则\n第一条为了规范信息公开，制定本办法。\n第二条本办法自公布之日起施行。")
    assert doc.meta.date == "2023-05-08"
    assert doc.meta.issuer == "某某部"
    # an adoption note names a meeting, no organ of a decree: the issuer stays unknown
    doc = policyparse.parse_text(
        "某市绿色金融若干规定\n（2022年6月22日某市人民代表大会常务委员会第九次会议通过）\n"
        "第一条为了促进绿色金融发展，制定本规定。")
    assert doc.meta.issuer is None


def test_a_reposted_news_text_with_its_headline_and_dateline():
    doc = policyparse.parse_text(
        "某省委办公厅、某省政府办公厅印发《关于推进节水型社会建设的意见》\n"
        "近日，某省委办公厅、某省政府办公厅印发了《关于推进节水型社会建设的意见》，并发出通知。\n"
        "《关于推进节水型社会建设的意见》全文如下。\n一、总体要求\n（一）指导思想。坚持节水优先。\n"
        "二、保障措施\n各地要抓好落实。\n（新华社某市2021年9月12日电）")
    assert doc.meta.title == "关于推进节水型社会建设的意见"
    assert doc.meta.issuer == "某省委办公厅、某省政府办公厅"
    assert doc.meta.date == "2021-09-12"


def test_organs_over_a_quoted_title():
    doc = policyparse.parse_text(
        "中共某市委\n某市人民政府\n《关于做好节能降碳工作的实施方案》\n为推进节能降碳，制定本方案。\n"
        "一、指导思想\n坚持节约优先。")
    assert doc.meta.title == "关于做好节能降碳工作的实施方案"
    assert doc.meta.issuer == "中共某市委、某市人民政府"
    doc = policyparse.parse_text(
        "中共某省委某省人民政府印发\n《某省生态文明建设规划（2021—2025年）》\n"
        "近日，省委、省政府印发了《某省生态文明建设规划（2021—2025年）》，并发出通知。\n"
        "前言\n一、发展基础\n成效明显。")
    assert doc.meta.title == "某省生态文明建设规划（2021—2025年）"
    assert doc.meta.issuer == "中共某省委、某省人民政府"


def test_a_joint_notice_signed_without_a_date_and_its_number_in_brackets():
    doc = policyparse.parse_text(
        "国家某委等部门关于推进绿色发展的意见\n（某改开放〔2022〕408号）\n各省、自治区、直辖市有关部门：\n"
        "一、总体要求\n（一）指导思想。坚持绿色发展。\n国家某委\n外交部\n生态环境部")
    assert doc.meta.doc_number == "某改开放〔2022〕408号"
    assert doc.meta.issuer == "国家某委、外交部、生态环境部"
    assert doc.meta.date is None
    doc = policyparse.parse_text("某省发展改革委等部门关于做好节能宣传周活动的通知\n各市有关部门：\n现将有关事项通知如下。")
    assert doc.meta.issuer == "某省发展改革委"


def test_a_date_run_together_with_its_notes_and_the_imprint_line():
    doc = policyparse.parse_text(
        "某省人民政府关于节能工作的实施意见\n各市人民政府：\n现提出如下意见。\n"
        "中共某省委\n某省人民政府\n2022年1月15日（此件公开发布）\n一、总体要求\n坚持节能。")
    assert doc.meta.date == "2022-01-15"
    assert doc.meta.issuer == "中共某省委、某省人民政府"
    assert doc.meta.title == "某省人民政府关于节能工作的实施意见"
    doc = policyparse.parse_text(
        "某省人民政府办公厅关于下达造林任务的通知\n各市人民政府：\n一、任务\n完成造林。\n"
        "某省人民政府办公厅2022年2月22日印发—4—")
    assert doc.meta.date == "2022-02-22"
    doc = policyparse.parse_text(
        "某市人民政府办公厅关于印发某市节能规划的通知\n各区人民政府：\n现将《某市节能规划》印发给你们。\n"
        "某市人民政府办公厅\n2021年12月17日(联系电话:某局,12345678)(此件公开发布)\n某市节能规划\n一、目标")
    assert doc.meta.date == "2021-12-17"


def test_a_cover_names_a_plan_printed_without_its_title():
    doc = policyparse.parse_text(
        "某政办〔2022〕3号\n各镇人民政府：\n现将《某区节能降碳若干支持措施》印发给你们，请认真执行。\n"
        "2022年3月9日\n为推进节能，制定如下措施。\n一、支持对象\n企业。")
    assert doc.meta.title == "某区节能降碳若干支持措施"
    assert doc.meta.doc_number == "某政办〔2022〕3号"


def test_a_cover_page_with_organs_under_the_title_and_more_title_words():
    doc = policyparse.parse_text(
        "某省可再生能源发展“十四五”规划\n某省发展和改革委员会\n某省能源局\n2021年5月\n前言\n"
        "一、发展基础\n成效明显。")
    assert doc.meta.title == "某省可再生能源发展“十四五”规划"
    assert doc.meta.issuer == "某省发展和改革委员会、某省能源局"
    assert doc.meta.date is None
    for title in ("某市林业碳票计量方法（试行）", "支持绿色发展税费优惠政策指引",
                  "某省绿色建筑“十四五”规划（2021-2025）"):
        assert policyparse.parse_text(f"{title}\n一、总则\n适用本市。").meta.title == title


def test_a_doc_number_in_small_brackets():
    doc = policyparse.parse_text("某府办﹝2021﹞36号\n某省生态环境保护规划\n一、发展基础\n成效明显。")
    assert doc.meta.doc_number == "某府办﹝2021﹞36号"
    assert doc.meta.title == "某省生态环境保护规划"


def test_a_joint_notice_titled_by_its_first_organ_is_signed_by_all():
    doc = policyparse.parse_text(
        "国家某委等部门关于推进绿色发展的意见\n各省有关部门：\n一、总体要求\n坚持绿色发展。\n"
        "国家某委\n商务部\n财政部\n2022年3月16日")
    assert doc.meta.issuer == "国家某委、商务部、财政部"
    assert doc.meta.date == "2022-03-16"


def test_the_letterhead_over_the_doc_number_names_the_issuer():
    doc = policyparse.parse_text(
        "某市人民政府\n某政字〔2021〕92号\n关于印发某市节能规划的通知\n各区县人民政府：\n"
        "现将《某市节能规划》印发给你们，请认真组织实施。\n某市节能规划\n一、发展基础\n成效明显。")
    assert doc.meta.issuer == "某市人民政府"
    assert doc.meta.doc_number == "某政字〔2021〕92号"


def test_the_imprint_date_with_its_office_on_the_line_above_and_no_outline():
    doc = policyparse.parse_text(
        "某自治区生态环境保护规划\n本规划明确目标任务，请各地执行。\n抄送：某部办公厅。\n"
        "某自治区生态环境厅办公室\n2022年3月30日印发")
    assert doc.meta.date == "2022-03-30"
    assert doc.meta.issuer == "某自治区生态环境厅办公室"  # nothing else names an organ


def test_the_printing_office_is_only_a_last_resort():
    doc = policyparse.parse_text(
        "某市人民政府关于节能工作的意见\n各区人民政府：\n一、目标\n节能。\n"
        "某市人民政府办公室2022年3月9日印发")
    assert doc.meta.issuer == "某市人民政府"
    doc = policyparse.parse_text(
        "某市节能规划\n一、目标\n节能。\n联系电话：12345678\n2022年3月9日印发")
    assert doc.meta.issuer is None


def test_an_organ_name_broken_over_two_signature_lines():
    doc = policyparse.parse_text(
        "关于做好会议碳中和工作的通知\n一、工作要求\n做好工作。\n某省财政厅\n中国共产主义青年团\n"
        "某省委员会\n某省妇女联合会\n2021年11月30日")
    assert doc.meta.issuer == "某省财政厅、中国共产主义青年团某省委员会、某省妇女联合会"


@pytest.mark.parametrize(
    ("line", "iso"),
    [("二O二一年十二月三十日", "2021-12-30"), ("二0二二年一月五日", "2022-01-05"),
     ("二 〇 二 一 年 十 二 月 三 十 日", "2021-12-30"), ("2 0 2 1 年 1 2 月 3 0 日", "2021-12-30"),
     ("二〇二一年十三月一日", None)],
)
def test_dates_typed_with_a_letter_for_zero_or_spaced_out(line, iso):
    assert parse_date_line(line) == iso


def test_a_reposted_title_with_its_doc_number_in_ascii_brackets_after_it():
    doc = policyparse.parse_text(
        "某资委关于印发《关于推进节能降碳的指导意见》的通知(某发科创[2021]93号)\n各直属单位：\n"
        "现将《关于推进节能降碳的指导意见》印发给你们。\n某资委\n2021年11月27日\n"
        "关于推进节能降碳的指导意见\n一、总体要求\n坚持节能。")
    assert doc.meta.doc_number == "某发科创[2021]93号"
    assert doc.meta.notice_title == "某资委关于印发《关于推进节能降碳的指导意见》的通知"
    assert doc.meta.title == "关于推进节能降碳的指导意见"
    assert (doc.meta.issuer, doc.meta.date) == ("某资委", "2021-11-27")


def test_an_imprint_run_into_the_plan_title_and_lines_that_only_quote_titles():
    doc = policyparse.parse_text(
        "某区发展改革委等部门关于印发《某区推动数据中心绿色发展若干举措》的通知\n各市有关部门：\n"
        "现将《某区推动数据中心绿色发展若干举措》印发给你们。\n某区发展和改革委员会\n2022年4月21日\n"
        "某区发展和改革委员会办公室2022年4月24日印发某区推动数据中心\n绿色发展若干举措\n"
        "为推动绿色发展，制定本举措。\n一、工作目标\n（一）降能耗。")
    assert doc.meta.title == "某区推动数据中心绿色发展若干举措"
    assert doc.meta.date == "2022-04-21"
    doc = policyparse.parse_text(
        "某市可再生能源发展规划\n某市发展和改革委员会\n2021年12\n本规划依据《某市国民经济和社会发展纲要》、《某市能源规划》\n"
        "编制，是本市的指导性文件。\n一、发展基础\n资源丰富。")
    assert doc.meta.title == "某市可再生能源发展规划"
    assert doc.meta.issuer == "某市发展和改革委员会"
    doc = policyparse.parse_text(
        "某省节能降碳工作方案\n为贯彻落实《某部关于节能降碳的若干意见》（某改产业〔2021〕1464号）\n"
        "和有关要求，制定本方案。\n一、目标任务\n降碳。")
    assert (doc.meta.title, doc.meta.doc_number) == ("某省节能降碳工作方案", None)


def test_page_numbers_contents_lines_and_a_cover_month_are_no_title_lines():
    doc = policyparse.parse_text("1\n某市节能降碳行动计划\n（2022－2025年）\n一、总体要求\n坚持节约。")
    assert doc.meta.title == "某市节能降碳行动计划（2022－2025年）"
    doc = policyparse.parse_text("二〇二二年二月\n某市海洋生态环境保护规划\n前言\n一、发展基础\n成效明显。")
    assert doc.meta.title == "某市海洋生态环境保护规划"
    doc = policyparse.parse_text(
        "某市技术指南（试行）\n目录\n6.保障措施及制度分析........................12\n一、总则\n适用本市。")
    assert doc.meta.title == "某市技术指南（试行）"
    # a dot leader anywhere in the line (meta.toml dot_leader), a box's heading at its start
    for above in ("前言…………1", "总则····3", "专栏1"):
        doc = policyparse.parse_text(f"{above}\n某市海洋生态环境保护规划\n一、发展基础\n成效明显。")
        assert doc.meta.title == "某市海洋生态环境保护规划", above


def test_a_notice_title_run_together_with_its_recipients():
    doc = policyparse.parse_text(
        "某市住房和城乡建设局关于开展节能宣传讲座的通知各区住房城乡建设主管部门，各有关单位：\n"
        "为做好节能宣传，现将有关事项通知如下。\n一、讲座时间\n7月13日。")
    assert doc.meta.title == "某市住房和城乡建设局关于开展节能宣传讲座的通知"
    assert doc.meta.recipients == ["各区住房城乡建设主管部门", "各有关单位"]
    assert doc.meta.issuer == "某市住房和城乡建设局"


def test_a_site_block_date_wins_over_the_imprint():
    doc = policyparse.parse_text(
        "成文日期：2022年2月20日\n某省造林任务通知\n各市人民政府：\n一、任务\n完成造林。\n"
        "某省人民政府办公厅2022年2月22日印发")
    assert doc.meta.date == "2022-02-20"


def test_a_signing_date_split_over_two_lines():
    doc = policyparse.parse_text(
        "关于做好节能工作的通知\n一、总体要求\n坚持节能。\n某市发展和改革委员会\n二〇二一年十二月\n三十日")
    assert (doc.meta.issuer, doc.meta.date) == ("某市发展和改革委员会", "2021-12-30")
    doc = policyparse.parse_text(
        "各区县人民政府：\n现将《某市节能方案》印发给你们。\n某市人民政府\n2021年12月\n30日\n某市节能方案\n一、目标")
    assert (doc.meta.issuer, doc.meta.date, doc.meta.title) == ("某市人民政府", "2021-12-30", "某市节能方案")


def test_a_cover_notice_inside_a_page_frame_read_as_a_table():
    doc = policyparse.parse_text(
        "|某市人民政府关于印发《某市生态环境|\n|保护规划》的通知|\n|某政发〔2021〕35号|\n"
        "|各区人民政府：|\n|现将《某市生态环境保护规划》印发给你们，请认真贯彻执行。|\n|某市人民政府|\n"
        "| | 2021年11月28日|\n某市生态环境保护规划\n一、发展基础\n成效明显。")
    assert doc.meta.doc_number == "某政发〔2021〕35号"
    assert (doc.meta.issuer, doc.meta.date) == ("某市人民政府", "2021-11-28")
    assert doc.meta.title == "某市生态环境保护规划"
    assert doc.meta.recipients == ["各区人民政府"]


def test_a_note_below_the_title_is_not_part_of_it():
    doc = policyparse.parse_text(
        "关于进一步加强垃圾分类工作的实施意见\n（2023年4月12日市人民政府第20次常务会议审议通过）\n"
        "为推进垃圾分类，提出如下意见。\n一、总体要求\n坚持分类投放。\n某市人民政府\n2023年4月20日")
    assert doc.meta.title == "关于进一步加强垃圾分类工作的实施意见"
    assert (doc.meta.issuer, doc.meta.date) == ("某市人民政府", "2023-04-20")


def test_an_annex_line_and_a_year_range_note_around_the_title():
    doc = policyparse.parse_text(
        "某市人民政府办公室关于印发某市数字经济三年行动方案的通知\n某政办发〔2023〕9号\n各县区人民政府：\n"
        "《某市数字经济三年行动方案（2023—2025年）》已经市政府同意，现印发给你们。\n"
        "附件：某市数字经济三年行动方案（2023—2025年）\n某市人民政府办公室\n2023年4月3日\n附件\n"
        "某市数字经济三年行动方案\n（2023—2025年）\n为加快数字经济发展，制定本方案。\n一、发展目标\n（一）总体目标。正文。")
    assert doc.meta.title == "某市数字经济三年行动方案（2023—2025年）"
    assert [s.label for s in doc.sections()] == ["一", "（一）"]


@pytest.mark.parametrize("chapter", ["第一章 发展基础", "第一篇 发展基础", "第一部分 发展基础"])
def test_a_chapter_heading_is_not_part_of_the_title(chapter):
    # the chapter labels are the line index's (lines.read_chapter), the outline's own
    doc = policyparse.parse_text(f"某市“十四五”生态环境保护规划\n{chapter}\n“十三五”期间，成效显著。")
    assert doc.meta.title == "某市“十四五”生态环境保护规划"
    assert [s.label for s in doc.sections()] == [chapter.split()[0]]


def test_office_and_date_on_one_line_and_a_joint_signature():
    doc = policyparse.parse_text(
        "关于做好防汛工作的通知\n各镇人民政府：\n一、加强值班\n严格落实值班制度。\n某县防汛抗旱指挥部办公室     2023年5月10日")
    assert (doc.meta.issuer, doc.meta.date) == ("某县防汛抗旱指挥部办公室", "2023-05-10")
    doc = policyparse.parse_text(
        "关于印发《某市行动计划》的通知\n各县（市、区）党委和人民政府：\n现将《某市行动计划》印发给你们。\n"
        "中共某市委办公室　　某市人民政府办公室\n二〇二三年三月六日\n某市行动计划\n一、总体要求")
    assert doc.meta.issuer == "中共某市委办公室、某市人民政府办公室"


def test_a_site_information_block():
    doc = policyparse.parse_text(
        "发文机关：某市人民政府办公室\n成文日期：2023年05月08日\n发文字号：某府办发〔2023〕12号\n"
        "某市促进民营经济发展若干措施\n一、优化营商环境\n（一）深化改革。推行证照分离。")
    assert doc.meta.doc_number == "某府办发〔2023〕12号"
    assert (doc.meta.issuer, doc.meta.date) == ("某市人民政府办公室", "2023-05-08")
    assert doc.meta.title == "某市促进民营经济发展若干措施"



def test_a_joint_notice_names_both_organs_and_takes_the_last_signing_date():
    head = ("某市人力资源和社会保障局\n某市财政局\n关于印发《某市技能人才行动计划》的通知\n"
            "某人社发〔2024〕52号\n各区人力资源和社会保障部门：\n现将《某市技能人才行动计划》印发给你们。\n")
    doc = policyparse.parse_text(head + "某市技能人才行动计划\n一、总体目标\n（一）扩大规模。新增人才。")
    assert doc.meta.issuer == "某市人力资源和社会保障局、某市财政局"  # from the title's head
    doc = policyparse.parse_text(
        head + "某市人力资源和社会保障局　　　　某市财政局\n2024年4月26日　　　　2024年4月28日\n"
        "某市技能人才行动计划\n一、总体目标\n（一）扩大规模。新增人才。")
    assert (doc.meta.issuer, doc.meta.date) == ("某市人力资源和社会保障局、某市财政局", "2024-04-28")


def test_a_site_information_block_written_as_a_table():
    doc = policyparse.parse_text(
        "| 索引号： | 1133/2024-00086 | 分类： | 口岸；通知 |\n| --- | --- | --- | --- |\n"
        "| 发布机构： | 市港航和口岸局 | 成文日期： | 2024-05-24 |\n"
        "| 文号： | 舟港航口岸〔2024〕6号 | 发布日期： | 2024-05-29 |\n"
        "某市口岸工作方案\n一、工作目标\n（一）提速。压缩时间。")
    assert (doc.meta.doc_number, doc.meta.date) == ("舟港航口岸〔2024〕6号", "2024-05-24")
    assert doc.meta.title == "某市口岸工作方案"

@pytest.mark.parametrize(
    ("line", "offices"),
    [("中共遵义市委办公室遵义市人民政府办公室", ["中共遵义市委办公室", "遵义市人民政府办公室"]),
     ("某市发展和改革委员会某市财政局", ["某市发展和改革委员会", "某市财政局"]),
     ("省发展改革委省能源局", ["省发展改革委", "省能源局"]),
     ("湖州市人民政府办公室", ["湖州市人民政府办公室"])],
)
def test_split_offices(line, offices):
    from policyparse.meta import split_offices

    assert split_offices(line) == offices


def test_labelled_doc_number_without_colon_and_an_office_with_quotes():
    doc = policyparse.parse_text(
        "关于印发《某市2024年“无废城市”建设工作要点》的通知\n文号\t某无废办〔2024〕2号\n各县市区：\n"
        "现将《某市2024年“无废城市”建设工作要点》印发给你们。\n某市“无废城市”建设工作领导小组办公室\n"
        "2024年1月30日\n某市2024年“无废城市”建设工作要点\n一、总体要求\n（一）目标。正文。")
    assert doc.meta.doc_number == "某无废办〔2024〕2号"
    assert doc.meta.issuer == "某市“无废城市”建设工作领导小组办公室"


def test_a_notice_that_issues_its_plan_as_an_annex_keeps_its_own_items():
    doc = policyparse.parse_text(
        "某县人民政府办公室关于印发某县重点工作任务清单的通知\n各乡（镇）人民政府：\n"
        "《某县重点工作任务清单》已经县人民政府同意，现印发给你们，并就有关事项通知如下。\n"
        "一、提高政治站位。各乡镇要深刻认识。\n二、压实工作责任。清单所列牵头单位要主动履职。\n"
        "附件：某县重点工作任务清单\n某县人民政府办公室\n二○二四年三月十八日\n附件\n某县重点工作任务清单\n"
        "序号 | 工作任务 | 牵头单位 |\n1 | 开展监测。 | 县农业农村局 |")
    assert doc.meta.title == "某县重点工作任务清单"
    assert [(s.label, s.heading) for s in doc.sections()] == [("一", "提高政治站位"), ("二", "压实工作责任")]
    assert doc.meta.date == "2024-03-18"


def test_a_title_and_its_period_line_open_a_plan_published_alone():
    doc = policyparse.parse_text("某县竹产业高质量发展三年行动方案\n（2024—2026年）\n为推动竹产业发展，制定本方案。\n"
                                 "一、总体目标\n（一）做大规模。壮大企业。")
    assert doc.meta.title == "某县竹产业高质量发展三年行动方案（2024—2026年）"


def test_a_site_block_as_a_list_and_fields_sharing_a_line():
    doc = policyparse.parse_text(
        "- 索引号：002609483/2025-31234\n- 发布机构：某市政府办\n- 文号：某政办发〔2025〕7号\n"
        "某市会展经济发展工作方案\n一、工作目标\n（一）扩大规模。办好展会。")
    assert doc.meta.doc_number == "某政办发〔2025〕7号"
    doc = policyparse.parse_text(
        "发布机构：某市住房和城乡建设局　　发布日期：2024-07-10　　浏览次数：1326\n"
        "某市地下管网更新改造实施方案\n一、工作目标\n（一）加快改造。更新管网。")
    assert doc.meta.issuer == "某市住房和城乡建设局"


def test_a_site_block_table_without_colons_and_a_sub_district_office_signing():
    doc = policyparse.parse_text(
        "| 索引号 | 0011/2024-00123 | 发布机构 | 某县政府办 |\n| --- | --- | --- | --- |\n"
        "| 文号 | 休政办〔2024〕11号 | 发布日期 | 2024-05-16 |\n"
        "某县乡村旅游提质增效三年行动方案\n一、总体目标\n（一）扩大规模。发展民宿。")
    assert doc.meta.doc_number == "休政办〔2024〕11号"
    doc = policyparse.parse_text(
        "各社区居委会：\n现将《某街道工作方案》印发给你们。\n某区人民政府某街道办事处\n2025年2月20日\n"
        "某街道工作方案\n一、工作目标\n（一）推进。开展活动。")
    assert (doc.meta.issuer, doc.meta.date) == ("某区人民政府某街道办事处", "2025-02-20")


def test_a_doc_number_line_with_another_field_after_it():
    doc = policyparse.parse_text("文号：澄政办发〔2024〕27号是否有效：是\n某市夜间经济工作方案\n一、工作目标\n（一）培育街区。建设街区。")
    assert doc.meta.doc_number == "澄政办发〔2024〕27号"


# --- a site's information block: every field, in text ----------------------------------------


def test_the_information_block_fills_index_number_and_publication_date():
    doc = policyparse.parse_text(
        "索引号：11330700/2024-00123　　主题分类：水利\n发布机构：某市水务局　　发布日期：2024-03-08 09:30\n"
        "成文日期：2024-03-05　　文号：某水发〔2024〕9号\n标题：某市水务局关于做好节水工作的通知\n"
        "各县（区）水务局：\n一、总体要求\n（一）节水。推广节水器具。")
    m = doc.meta
    assert (m.index_number, m.publication_date, m.date) == ("11330700/2024-00123", "2024-03-08", "2024-03-05")
    assert (m.doc_number, m.issuer) == ("某水发〔2024〕9号", "某市水务局")
    assert m.title == "某市水务局关于做好节水工作的通知"  # the block's, the body has none


def test_the_information_block_as_a_table_fills_the_new_fields():
    doc = policyparse.parse_text(
        "| 索引号： | 1133/2024-00086 | 分类： | 口岸；通知 |\n"
        "| 发布机构： | 市港航和口岸局 | 成文日期： | 2024-05-24 |\n"
        "| 文号： | 舟港航口岸〔2024〕6号 | 发布日期： | 2024-05-29 |\n"
        "某市口岸工作方案\n一、工作目标\n（一）提速。压缩时间。")
    assert (doc.meta.index_number, doc.meta.publication_date) == ("1133/2024-00086", "2024-05-29")


@pytest.mark.parametrize(("body_issuer", "block_issuer", "want"), [
    ("市水务局", "天津市水务局", "天津市水务局"),  # the block's full name
    ("某市人民政府办公室", "某市水务局", "某市人民政府办公室"),  # another organ: the notice's own
    ("区发展改革委", "某市某区发展改革委", "某市某区发展改革委"),
    ("某市水务局某市财政局", "某市水务局、某市财政局", "某市水务局、某市财政局"),
])
def test_the_blocks_full_issuer_name_wins_over_a_short_one(body_issuer, block_issuer, want):
    doc = policyparse.parse_text(
        f"索引号：1/2024-1\n发文机关：{block_issuer}\n成文日期：2024-03-05\n某项工作方案\n一、总体要求\n"
        f"（一）节水。推广节水器具。\n{body_issuer}\n2024年3月5日")
    assert doc.meta.issuer == want


def test_every_information_block_field_says_what_it_fills():
    from policyparse import patterns
    from policyparse.models import Meta

    fields = patterns.table("meta", "INFO_KEY")  # the piece the regexes use is this table
    assert "索引号" in fields and patterns.load("meta").rx("info_field").match("索引号：1")
    assert {v for v in fields.values() if v} <= set(Meta.model_fields)


def test_the_organs_under_a_cover_whose_title_the_first_page_repeats():
    doc = policyparse.parse_text(
        "某类政策环境影响评价\n技术导则\n（试行）\n某某部\n2020年6月\n目录\n1.适用范围........ 2\n"
        "某类政策环境影响评价技术导则\n（试行）\n为规范评价工作，制定本导则。\n1.适用范围\n本导则适用于评价。")
    assert doc.meta.title == "某类政策环境影响评价技术导则（试行）"
    assert doc.meta.issuer == "某某部"
    doc = policyparse.parse_text(  # another title above: no cover of this one
        "某类政策影响评价导则\n某某部\n2020年6月\n目录\n1.适用范围........ 2\n"
        "某类政策环境影响评价技术导则\n（试行）\n为规范评价工作，制定本导则。\n1.适用范围\n适用。")
    assert doc.meta.issuer is None


def test_a_joint_signature_ending_with_a_fire_brigade():
    doc = policyparse.parse_text(
        "关于印发某市绿色社区创建方案的通知\n各区人民政府：\n现将《某市绿色社区创建方案》印发给你们。\n"
        "某市住房和城乡建设委员会某市民政局\n某市消防救援支队\n2021年9月27日\n"
        "某市绿色社区创建方案\n一、目标\n创建。")
    assert doc.meta.issuer == "某市住房和城乡建设委员会、某市民政局、某市消防救援支队"
    assert doc.meta.date == "2021-09-27"


def test_an_annex_link_run_into_the_first_office_of_the_signature():
    doc = policyparse.parse_text(
        "关于印发某某提升计划的通知\n各省有关部门：\n现将《某某提升计划》印发给你们，请认真贯彻执行。\n"
        "附件：某某提升计划.pdf某某部办公厅\n某某总局办公厅\n2021年10月29日\n某某提升计划\n一、目标\n提升。")
    assert doc.meta.issuer == "某某部办公厅、某某总局办公厅"
    assert doc.meta.date == "2021-10-29"


def test_a_joint_signature_line_whose_second_office_names_its_place_by_level_alone():
    doc = policyparse.parse_text(
        "关于开展绿色建筑创建的通知\n各区人民政府：\n一、目标\n创建。\n"
        "某市住房和城乡建设委员会\n某市工业和信息化局市机关事务管理局\n2020年10月20日")
    assert doc.meta.issuer == "某市住房和城乡建设委员会、某市工业和信息化局、市机关事务管理局"
    doc = policyparse.parse_text(
        "关于开展绿色建筑创建的通知\n各区人民政府：\n一、目标\n创建。\n"
        "某市城市管理委员会\n某市市场监督管理局\n2020年10月20日")
    assert doc.meta.issuer == "某市城市管理委员会、某市市场监督管理局"


def test_each_pattern_is_tried_only_where_its_matches_may_open_and_what_they_need_is_held():
    """meta's tests of a line at its start (lines.gated_match) find what the patterns find,
    and every example holds one of its pattern's needs."""
    from policyparse import patterns
    from policyparse.meta import _rules, _tests

    meta = patterns.load("meta")
    r, t = _rules(), _tests()
    lines = [x for p in meta for x in (*p.examples, *p.counterexamples)]
    lines += ["", " 2022年1月1日", "（2022年1月1日）", "某市人民政府办公室2022年2月22日印发"]
    for p in meta:
        assert all(any(w in x for w in p.needs) for x in p.examples if p.needs), p.id
        for line in lines:
            plain, gated = r[p.id].match(line), t[p.id](line)
            assert (plain and plain.group()) == (gated and gated.group()), (p.id, line)


def test_the_title_a_headline_names_is_its_first_quoted_line_under_the_organs():
    """现…印发了《X》 names the plan: its title is the first run of lines spelling 《X》 (the one
    quoted whole under the organs' headline, not its copy over the plan), and the organs over
    it are the issuer."""
    text = ("中共某市委某市人民政府印发\n《某市节水规划（2021—2025年）》\n近日，市委、市政府印发了"
            "《某市节水规划（2021—2025年）》，并发出通知。\n《某市节水规划（2021—2025年）》\n前言\n"
            "推进节水。\n一、总体要求\n加强管理。")
    res = extract_meta(text)
    assert res.meta.title == "某市节水规划（2021—2025年）"
    assert res.meta.issuer == "中共某市委、某市人民政府"


def test_a_search_gated_by_its_needs_finds_what_the_pattern_finds():
    """meta's searches of a line run only where it holds one of the pattern's ``needs``: they
    find what the pattern's own search finds."""
    from policyparse import patterns
    from policyparse.meta import _searches

    for p in patterns.load("meta"):
        for line in (*p.examples, *p.counterexamples, "现将《某方案》印发给你们", "目录......1", ""):
            got, want = _searches()[p.id](line), p.regex.search(line)
            assert (got and got.span()) == (want and want.span()), (p.id, line)


def test_sentence_punctuation_is_any_of_its_marks():
    from policyparse.meta import _SENTENCE_PUNCT, _holds_sentence_punct

    for line in ("某市节能实施方案", "经研究，同意", "附件:", "好!", "（2021—2025年）", ""):
        assert _holds_sentence_punct(line) == any(ch in _SENTENCE_PUNCT for ch in line), line


def _recipients_by_character(s: str) -> list[str]:
    """The 主送 line's parts as read one character at a time (the plain reading)."""
    out: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in s:
        if ch in "（(〔[【":
            depth += 1
        elif ch in "）)〕]】":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "，,；;":
            if "".join(cur).strip():
                out.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def test_the_recipients_are_split_where_a_character_by_character_reading_splits_them():
    """_split_recipients looks only at the brackets and marks: the parts are those of reading
    the line one character at a time (unbalanced and nested brackets, empty parts, spaces)."""
    import random

    from policyparse.meta import _split_recipients

    rng = random.Random(7)
    alphabet = "各区县人民政府 　（(〔[【）)〕]】，,；;、"
    lines = ["各县（市、区）人民政府，市政府各部门", "各区）,（市，县)单位", "", "，，", " 各局 ; "]
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(500)]
    for line in lines:
        assert _split_recipients(line) == _recipients_by_character(line), line


def test_the_tests_by_a_lines_first_character_find_what_every_test_finds():
    """The header tries meta's patterns by the line's first character (lines.MatchTests): a
    pattern whose matches cannot open with it is not tried; the matches are those of trying
    every pattern's test on the line."""
    from policyparse import patterns
    from policyparse.meta import _match_tests

    tests = _match_tests()
    lines = [x for p in patterns.load("meta") for x in (*p.examples, *p.counterexamples)]
    lines += ["", " ", "\u3000（此件公开发布）", "１、全角", "2024年5月6日", "二〇二四年五月六日", "——某局",
              "各区县人民政府：", "某市人民政府办公室", "（2021—2025年）", "|文号：|某发〔2024〕6号|"]
    for line in lines:
        mine = tests.of(line[:1])
        for pid, test in tests.all.items():
            want, got = test(line), mine[pid](line)
            assert (want and want.span()) == (got and got.span()), (pid, line)
