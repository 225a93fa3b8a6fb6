"""Unit names in prose that no list or table knows, found by jieba's word boundaries."""

from __future__ import annotations

import subprocess
import sys

import pytest

import policyparse
from tests.conftest import SAMPLES

HEAD = "关于加强宗教事务工作的通知\n一、工作要求\n（一）加强领导。"


def found(body: str) -> list[str]:
    doc = policyparse.parse_text(HEAD + body, discover_units=True)
    for m in doc.mentions:
        assert doc.text[m.span[0]:m.span[1]] == m.text
    return [m.text for m in doc.mentions if m.found_by == "segmenter"]


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ("市民族宗教事务局要加强指导。", ["市民族宗教事务局"]),
        ("市城市管理综合行政执法局要加强日常巡查。", ["市城市管理综合行政执法局"]),
        ("县纪委监委加强监督，县委巡察办跟进。", ["县纪委", "县委巡察办"]),
        ("县委要加强领导。", ["县委"]),
        ("区建设生命线安全工程分中心。", []),  # a verb inside: not a name
        ("推动城市发展新格局，优化区域布局，全市要加强监管。", []),
        ("市林业和草原局配合。", []),  # the department table knows it: a vocabulary mention
    ],
)
def test_new_names_and_not_names(body, names):
    assert found(body) == names


def test_names_inside_a_unit_list_or_a_title_are_not_mentions():
    body = "贯彻《市民族宗教事务局工作规则》。（市民族宗教事务局负责）"
    doc = policyparse.parse_text(HEAD + body, discover_units=True)
    assert [m.text for m in doc.mentions] == []
    assert [u.text for r in doc.responsibilities for u in r.units] == ["市民族宗教事务局"]


def test_paths_and_canonical_names():
    doc = policyparse.parse_text(HEAD + "市民族宗教事务局要加强指导。", discover_units=True)
    (m,) = [m for m in doc.mentions if m.found_by == "segmenter"]
    assert m.path == ["一", "（一）"]
    assert m.name == "市民族宗教事务局"


def test_discovery_adds_to_the_mentions_and_changes_nothing_else():
    plain = policyparse.parse(SAMPLES / "004_9e41d0a2607aace1.txt")
    more = policyparse.parse(SAMPLES / "004_9e41d0a2607aace1.txt", discover_units=True)
    assert more.model_dump(exclude={"mentions"}) == plain.model_dump(exclude={"mentions"})
    vocab = [m for m in more.mentions if m.found_by == "vocabulary"]
    assert vocab == plain.mentions


def test_jieba_loads_only_when_asked():
    code = ("import sys, policyparse; policyparse.parse(sys.argv[1]); "
            "print('jieba' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "000_b13d9c5abc88dd4a.txt")],
                       capture_output=True, text=True, check=True)
    assert p.stdout.strip() == "False"


def test_cli_option():
    p = subprocess.run([sys.executable, "-m", "policyparse", "parse", "--discover-units",
                        str(SAMPLES / "000_b13d9c5abc88dd4a.txt")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert '"found_by"' in p.stdout
