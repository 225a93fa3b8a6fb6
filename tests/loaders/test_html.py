"""The HTML loader: pages the tests write themselves, in several portals' layouts."""

from __future__ import annotations

import html as htmllib

import pytest

import policyparse
from policyparse.errors import BinaryInput, EmptyInput, PolicyParseError
from policyparse.loaders import load, load_bytes, sniff
from policyparse.loaders.html import looks_like_html

NOTICE = """某市人民政府办公室关于做好城乡节水工作的通知
某政办发〔2024〕9号
各县（区）人民政府，市政府各部门：
经市政府同意，现就做好城乡节水工作通知如下。
一、总体要求
到2025年，全市万元地区生产总值用水量比2020年下降16%，农田灌溉水有效利用系数达到0.58。
二、重点任务
（一）推进农业节水。推广喷灌、微灌等高效节水灌溉技术，新增高效节水灌溉面积2万亩。（责任单位：市农业农村局、市水务局）
（二）推进工业节水。开展节水型企业建设，重点用水企业水效达标率达到80%以上。（市工业和信息化局牵头，市水务局配合）
1.实施计划用水管理。对年用水量1万立方米以上的单位实行计划用水管理。
2.推广循环用水。（责任单位：市生态环境局）
三、保障措施
加强组织领导，明确责任分工。
某市人民政府办公室
2024年3月5日
（此件公开发布）"""

CHROME_TOP = """<div class="top-nav"><a href="/">首页</a> | <a href="/gk">政务公开</a> |
<a href="/fw">政务服务</a> | <a href="/map">网站地图</a></div>
<nav><ul><li><a href="/a">机构概况</a></li><li><a href="/b">政策文件</a></li></ul></nav>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zc">政策文件</a></div>"""

CHROME_BOTTOM = """<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<div class="related"><h4>相关链接</h4><ul><li><a href="/x">某市关于印发某方案的通知</a></li>
<li><a href="/y">某市关于开展某工作的通知</a></li></ul></div>
<footer><p><a href="/map">网站地图</a> | <a href="/c">联系我们</a></p>
<p>主办单位：某市人民政府办公室 地址：某市人民路1号 网站标识码：1234000001</p></footer>
<script>var x = "打印本页";</script>"""


def paragraphs(text: str) -> str:
    return "\n".join(f"<p>{htmllib.escape(line)}</p>" for line in text.split("\n"))


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return (f"<!DOCTYPE html><html><head>{head}<title>某市人民政府</title>"
            f"<style>p {{ margin: 0 }}</style></head><body>{CHROME_TOP}"
            f"{body}{CHROME_BOTTOM}</body></html>")


def write(tmp_path, name: str, content: str | bytes):
    p = tmp_path / name
    if isinstance(content, str):
        p.write_text(content, encoding="utf-8")
    else:
        p.write_bytes(content)
    return p


def summary(doc):
    return (
        [(s.level, s.label, s.heading) for s in doc.sections()],
        [(r.path, [u.name for u in r.units]) for r in doc.responsibilities],
        [(t.year, t.value, t.unit) for t in doc.targets],
        (doc.meta.title, doc.meta.doc_number, doc.meta.issuer, doc.meta.date),
    )


# --- content and chrome ----------------------------------------------------------------------


def test_a_page_gives_the_same_outline_units_and_targets_as_the_text(tmp_path):
    body = f'<div class="main"><div id="zoom" class="article-content">{paragraphs(NOTICE)}</div></div>'
    doc = policyparse.parse(write(tmp_path, "n.html", page(body)))
    plain = policyparse.parse_text(NOTICE)
    assert summary(doc) == summary(plain)
    assert doc.source.format == "html"
    for chrome in ("首页", "网站地图", "分享到", "相关链接", "主办单位", "打印本页", "政务公开"):
        assert chrome not in doc.text


def test_br_lines_and_a_title_outside_the_content(tmp_path):
    lines = NOTICE.split("\n")
    body = (f'<div class="article"><h1>{lines[0]}</h1><div class="info">来源：某市人民政府办公室</div>'
            f'<div class="text">{"<br>".join(htmllib.escape(x) for x in lines[1:])}</div></div>')
    doc = policyparse.parse(write(tmp_path, "n.htm", page(body)))
    assert doc.meta.title == lines[0]
    assert summary(doc)[:3] == summary(policyparse.parse_text(NOTICE))[:3]


def test_one_paragraph_of_br_lines_keeps_the_title_above_it(tmp_path):
    lines = NOTICE.split("\n")
    body = (f'<div class="article"><p align="center"><b>{lines[0]}</b></p>'
            f'<p>{"<br>".join(htmllib.escape(x) for x in lines[1:])}</p></div>')
    doc = policyparse.parse(write(tmp_path, "n.html", page(body)))
    assert summary(doc) == summary(policyparse.parse_text(NOTICE))


def test_a_two_row_layout_table_around_the_notice_is_read_cell_by_cell(tmp_path):
    body = (f'<table><tr><td>某市人民政府门户网站</td><td>无障碍</td></tr>'
            f'<tr><td>{"<br>".join(htmllib.escape(x) for x in NOTICE.split(chr(10)))}</td>'
            f'<td>今日天气</td></tr></table>')
    loaded = load(write(tmp_path, "n.html", page(body)))
    assert loaded.tables == []
    assert "一、总体要求" in loaded.text.split("\n")


def test_a_body_split_over_several_elements_is_kept_whole(tmp_path):
    lines = NOTICE.split("\n")
    half = lines.index("二、重点任务")
    body = (f'<div class="content"><div class="part">{paragraphs(chr(10).join(lines[:half]))}</div>'
            f'<div class="part">{paragraphs(chr(10).join(lines[half:]))}</div></div>')
    doc = policyparse.parse(write(tmp_path, "n.html", page(body)))
    assert [s.label for s in doc.sections() if s.level == 1] == ["一", "二", "三"]


def test_entities_and_white_space_read_as_a_browser_shows_them(tmp_path):
    body = ("<div id='c'><p>&nbsp;&nbsp;一、总体&#x8981;求</p><p>到2025年，&ldquo;无废城市&rdquo;建设"
            "\n  取得明显成效，\n覆盖率达到90%。" + "这是为了凑够正文的长度而写的句子。" * 4 + "</p></div>")
    doc = policyparse.parse(write(tmp_path, "n.html", page(body)))
    assert "一、总体要求" in doc.text
    assert "“无废城市”建设取得明显成效，覆盖率达到90%。" in doc.text


def test_a_table_becomes_a_table_of_the_task_reader(tmp_path):
    table = """<table border="1"><tr><th>序号</th><th>工作任务</th><th>责任单位</th><th>完成时限</th></tr>
    <tr><td>1</td><td>建成节水型社会达标县2个</td><td><p>市水务局</p><p>市发展改革委</p></td><td rowspan="2">2024年底</td></tr>
    <tr><td>2</td><td colspan="1">推广再生水利用</td><td>市住房城乡建设局</td></tr></table>"""
    body = f'<div class="article">{paragraphs(NOTICE)}<p>附件</p><p>重点任务分工表</p>{table}</div>'
    loaded = load(write(tmp_path, "n.html", page(body)))
    assert len(loaded.tables) == 1
    rows = loaded.tables[0].rows
    assert [c.text for c in rows[1]] == ["1", "建成节水型社会达标县2个", "市水务局；市发展改革委", "2024年底"]
    assert rows[2][3].text == "2024年底" and rows[2][3].start == rows[1][3].start  # rowspan
    for row in rows:
        for c in row:
            assert loaded.text[c.start:c.end] == c.text
    assert "| 1 | 建成节水型社会达标县2个 | 市水务局；市发展改革委 | 2024年底 |" in loaded.text
    doc = policyparse.parse(write(tmp_path, "n.html", page(body)))
    table_units = [(r.row, [u.name for u in r.units]) for r in doc.responsibilities if r.source == "table"]
    assert (1, ["市水务局", "市发展改革委"]) in table_units
    assert (2, ["市住房城乡建设局"]) in table_units


def test_a_layout_table_around_the_content_is_no_data_table(tmp_path):
    body = (f'<table width="900"><tr><td><table><tr><td class="menu"><a>首页</a></td></tr></table></td></tr>'
            f'<tr><td><div>{paragraphs(NOTICE)}</div></td></tr></table>')
    loaded = load(write(tmp_path, "n.html", page(body)))
    assert loaded.tables == []
    assert "一、总体要求" in loaded.text.split("\n")


# --- the information block -----------------------------------------------------------------

# the same block in four portals' layouts: the central portal's table of label and value
# cells, a <dl>, a <ul> of "key：value" items, a <div> of lines
BLOCKS = {
    "table": """<table class="info"><tr><td><b>索 引 号：</b></td><td>11330700/2024-00123</td>
        <td><b>主题分类：</b></td><td>城乡建设、环境保护\\节能与资源综合利用</td></tr>
        <tr><td><b>发文机关：</b></td><td>天津市某某区水务局</td><td><b>成文日期：</b></td><td>2024年03月05日</td></tr>
        <tr><td><b>标　　题：</b></td><td colspan="3">某市人民政府办公室关于做好城乡节水工作的通知</td></tr>
        <tr><td><b>发文字号：</b></td><td>某政办发〔2024〕9号</td><td><b>发布日期：</b></td><td>2024年03月08日</td></tr></table>""",
    "dl": """<dl class="xxgk"><dt>索引号</dt><dd>11330700/2024-00123</dd><dt>发文机关</dt>
        <dd>天津市某某区水务局</dd><dt>成文日期</dt><dd>2024-03-05</dd><dt>名称</dt>
        <dd>某市人民政府办公室关于做好城乡节水工作的通知</dd><dt>文号</dt><dd>某政办发〔2024〕9号</dd>
        <dt>发布日期</dt><dd>2024-03-08</dd><dt>有效性</dt><dd>有效</dd></dl>""",
    "ul": """<ul class="meta"><li><span>索引号：</span>11330700/2024-00123</li>
        <li>发布机构：天津市某某区水务局</li><li>成文日期：2024年3月5日</li>
        <li>发文字号：某政办发〔2024〕9号</li><li>发布日期：2024年3月8日</li></ul>""",
    "div": """<div class="head-info"><div>索引号：11330700/2024-00123　　主题分类：水利</div>
        <div>发布机构：天津市某某区水务局　　发布日期：2024-03-08</div>
        <div>成文日期：2024-03-05　　文号：某政办发〔2024〕9号</div></div>""",
}


@pytest.mark.parametrize("layout", sorted(BLOCKS))
def test_the_information_block_in_any_layout(tmp_path, layout):
    # the body names its issuer short (市水务局): the block's full name wins
    notice = NOTICE.replace("某市人民政府办公室\n2024年3月5日", "区水务局\n2024年3月5日")
    notice = notice.replace("某市人民政府办公室关于做好城乡节水工作的通知\n", "")
    notice = notice.replace("某政办发〔2024〕9号\n", "")
    body = f'{BLOCKS[layout]}<div class="article">{paragraphs(notice)}</div>'
    doc = policyparse.parse(write(tmp_path, "n.html", page(body)))
    m = doc.meta
    assert m.index_number == "11330700/2024-00123"
    assert m.issuer == "天津市某某区水务局"
    assert m.date == "2024-03-05"
    assert m.publication_date == "2024-03-08"
    assert m.doc_number == "某政办发〔2024〕9号"
    if layout in ("table", "dl"):
        assert m.title == "某市人民政府办公室关于做好城乡节水工作的通知"
    assert [s.label for s in doc.sections() if s.level == 1] == ["一", "二", "三"]


def test_a_table_of_documents_in_the_body_is_no_information_block(tmp_path):
    table = """<table><tr><td>序号</td><td>文件名称</td><td>文号</td><td>发文机关</td></tr>
    <tr><td>1</td><td>某市关于加强节水管理的通知</td><td>某政发〔2015〕3号</td><td>某市人民政府</td></tr>
    <tr><td>2</td><td>某市节水型社会建设方案</td><td>某政办发〔2016〕8号</td><td>某市人民政府办公室</td></tr></table>"""
    body = f'<div class="article">{paragraphs(NOTICE)}<p>附件</p><p>废止文件目录</p>{table}</div>'
    loaded = load(write(tmp_path, "n.html", page(body)))
    assert len(loaded.tables) == 1
    assert not loaded.text.startswith("文件名称")
    doc = policyparse.parse(write(tmp_path, "n.html", page(body)))
    assert doc.meta.doc_number == "某政办发〔2024〕9号" and doc.meta.index_number is None


def test_a_block_issuer_does_not_replace_a_different_body_issuer(tmp_path):
    block = """<ul><li>索引号：1/2024-1</li><li>发布机构：某市水务局</li><li>发布日期：2024-03-08</li></ul>"""
    doc = policyparse.parse(write(tmp_path, "n.html", page(f"{block}<div>{paragraphs(NOTICE)}</div>")))
    assert doc.meta.issuer == "某市人民政府办公室"  # the notice's own signature


# --- charsets ------------------------------------------------------------------------------


def test_a_declared_gbk_page(tmp_path):
    html = page(f"<div>{paragraphs(NOTICE)}</div>", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    doc = policyparse.parse(write(tmp_path, "n.html", html.encode("gbk")))
    assert doc.meta.title == NOTICE.split("\n")[0]
    assert doc.source.encoding == "gb18030"
    assert not [w for w in doc.warnings if w.code == "html_charset"]


def test_an_undeclared_gbk_page_is_read_with_a_warning(tmp_path):
    html = page(f"<div>{paragraphs(NOTICE)}</div>", head="")
    doc = policyparse.parse(write(tmp_path, "n.html", html.encode("gbk")))
    assert doc.meta.doc_number == "某政办发〔2024〕9号"
    assert [w.code for w in doc.warnings if w.code == "html_charset"] == ["html_charset"]


def test_a_page_declaring_the_wrong_charset(tmp_path):
    html = page(f"<div>{paragraphs(NOTICE)}</div>", '<meta charset="utf-8">')
    doc = policyparse.parse(write(tmp_path, "n.html", html.encode("gb18030")))
    assert doc.meta.doc_number == "某政办发〔2024〕9号"
    assert any("declares charset utf-8" in w.message for w in doc.warnings)


def test_a_utf16_page_with_a_bom(tmp_path):
    html = page(f"<div>{paragraphs(NOTICE)}</div>", "")
    doc = policyparse.parse(write(tmp_path, "n.html", html.encode("utf-16")))
    assert doc.meta.doc_number == "某政办发〔2024〕9号" and doc.source.format == "html"


@pytest.mark.parametrize("enc", ["utf-32-le", "utf-32-be", "utf-16-be"])
def test_a_page_with_any_bom_the_text_loader_knows(tmp_path, enc):
    # UTF-32 LE's BOM opens like UTF-16 LE's: the page is read as UTF-32, not as garbage
    import codecs

    bom = {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE,
           "utf-16-be": codecs.BOM_UTF16_BE}[enc]
    html = page(f"<div>{paragraphs(NOTICE)}</div>", "")
    doc = policyparse.parse(write(tmp_path, "n.html", bom + html.encode(enc)))
    assert doc.meta.doc_number == "某政办发〔2024〕9号" and doc.source.format == "html"
    assert doc.source.encoding == enc


def test_an_xhtml_page_with_an_xml_declaration(tmp_path):
    html = '<?xml version="1.0" encoding="gbk"?>\n' + page(f"<div>{paragraphs(NOTICE)}</div>", "")
    doc = policyparse.parse(write(tmp_path, "n.xhtml", html.encode("gbk")))
    assert doc.meta.title == NOTICE.split("\n")[0]


# --- bad pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "kind", "words"), [
    (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", BinaryInput, "binary file (a PDF)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", BinaryInput, "binary file (a PNG image)"),
    (b"\x00\x01\x02\x03" * 100, BinaryInput, "binary"),
    (page("").encode(), EmptyInput, "without notice text"),
    (page('<form class="login"><p>用户登录</p><p>用户名：<input></p><p>密码：<input type="password"></p>'
          '<p>验证码：<input></p><button>登录</button></form>').encode(), EmptyInput, "login"),
    (page("<div class='error'><h1>404</h1><p>很抱歉，您访问的页面不存在或已被删除！</p></div>").encode(),
     EmptyInput, "error"),
    (b"<html><head><script>location.href='/x'</script></head><body></body></html>", EmptyInput, ""),
    (b"   ", EmptyInput, ""),
])
def test_bad_pages_get_one_line_errors(tmp_path, content, kind, words):
    p = write(tmp_path, "bad.html", content)
    with pytest.raises(PolicyParseError) as err:
        policyparse.parse(p)
    assert isinstance(err.value, kind), err.value
    msg = str(err.value)
    assert msg.startswith(str(p)) and "\n" not in msg and words in msg


def test_an_error_page_with_a_long_footer_is_named(tmp_path):
    footer = "<div class='foot'>" + "主办单位：某市人民政府办公室　承办单位：某市大数据中心　地址：某市人民路1号" * 2 + "</div>"
    html = (f"<html><head><title>404 页面不存在</title></head><body><div class='err'><p>很抱歉，"
            f"您访问的页面不存在或已被删除！</p><p>请检查网址是否正确，或返回首页继续浏览。</p></div>{footer}</body></html>")
    with pytest.raises(EmptyInput, match="a login or error page, not a notice"):
        policyparse.parse(write(tmp_path, "e.html", html))


def test_a_short_notice_with_numbers_like_error_codes_is_read(tmp_path):
    notice = ("国务院办公厅关于某项工作的复函\n国办函〔2006〕404号\n某省人民政府：\n"
              "你省关于某项工作的请示收悉。经国务院同意，现函复如下：同意安排补助资金500万元，"
              "请按规定使用。\n国务院办公厅\n2006年9月7日")
    doc = policyparse.parse(write(tmp_path, "n.html", page(f"<div>{paragraphs(notice)}</div>")))
    assert doc.meta.doc_number == "国办函〔2006〕404号"


def test_text_saved_under_an_html_name_is_read_as_text(tmp_path):
    doc = policyparse.parse(write(tmp_path, "n.html", NOTICE))
    assert summary(doc) == summary(policyparse.parse_text(NOTICE))
    assert [w.code for w in doc.warnings if w.code == "html_not_html"] == ["html_not_html"]


def test_a_title_in_an_element_named_title(tmp_path):
    lines = NOTICE.split("\n")
    body = (f'<div class="detail"><div class="article-title">{lines[0]}</div>'
            f'<div class="meta">来源：某市人民政府办公室</div><div class="content">{paragraphs(chr(10).join(lines[1:]))}</div></div>')
    doc = policyparse.parse(write(tmp_path, "n.html", page(body)))
    assert doc.meta.title == lines[0]


@pytest.mark.parametrize("tag", ["div", "span"])
def test_a_page_nested_thousands_deep_is_read(tmp_path, tag):
    def deep(depth: int) -> str:
        return (f"<html><body>{f'<{tag}>某' * depth}{paragraphs(NOTICE)}{f'</{tag}>' * depth}"
                "</body></html>")

    doc = policyparse.parse(write(tmp_path, "deep.html", deep(1500)))  # past Python's stack
    assert [s.label for s in doc.sections() if s.level == 1] == ["一", "二", "三"]
    try:  # past libxml2's limit (2048 deep) the parser flattens what is deeper
        policyparse.parse(write(tmp_path, "deeper.html", deep(20000)))
    except PolicyParseError as exc:
        assert "\n" not in str(exc)


def test_a_review_page_of_ours_is_no_notice(tmp_path):
    from policyparse import report
    from policyparse.errors import UnsupportedFormat

    page_of_ours = report.render(policyparse.parse_text(NOTICE))
    with pytest.raises(UnsupportedFormat, match="a review page policyparse wrote"):
        policyparse.parse(write(tmp_path, "n.html", page_of_ours))


def test_a_big_page_of_links_around_a_short_notice(tmp_path):
    # (a 20 MB page of the kind reads in a few seconds: measured by hand, not timed here)
    filler = "".join(f"<div class='item'><a href='/n{i}'>某市关于某项工作的通知{i}</a></div>"
                     for i in range(20000))
    body = f"<div class='list'>{filler}</div><div class='article'>{paragraphs(NOTICE)}</div>"
    loaded = load(write(tmp_path, "big.html", page(body)))
    assert "某市关于某项工作的通知1" not in loaded.text
    assert loaded.text.split("\n")[0] == NOTICE.split("\n")[0]


# --- sniffing ------------------------------------------------------------------------------


def test_sniffing_html():
    assert looks_like_html(b"\xef\xbb\xbf<!doctype html><html>")
    assert looks_like_html(b"<!-- saved -->\n<html lang='zh'>")
    assert looks_like_html(b'<div class="wrap"><table>')
    assert not looks_like_html("某市人民政府<关于>的通知".encode())
    assert sniff(page("x").encode()) == "html"
    # a page saved as UTF-16 or UTF-32 (with its BOM) is sniffed as a page, as its name would
    for enc in ("utf-16", "utf-32"):
        assert sniff(page("x").encode(enc)) == "html"
        assert not looks_like_html("某市人民政府<关于>的通知".encode(enc))


def test_bytes_of_a_page(tmp_path):
    html = page(f"<div>{paragraphs(NOTICE)}</div>").encode()
    loaded = load_bytes(html)
    assert loaded.format == "html" and loaded.path is None
    from_file = load(write(tmp_path, "n.html", html))
    assert loaded.text == from_file.text
