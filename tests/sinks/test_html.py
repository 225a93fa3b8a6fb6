"""The HTML sink: a review page per document, written as it passes, and the index last."""

from __future__ import annotations

import pytest

from policyparse.sinks import is_temp_name
from policyparse.sinks.html import HtmlSink


def test_a_page_per_document_and_an_index_with_counts_and_failures(tmp_path, collection):
    folder = tmp_path / "html"
    with HtmlSink(folder / "index.html", lambda: [("bad/empty.txt", "file is empty")]) as sink:
        for doc in collection:
            sink.add(doc)
        assert not (folder / "index.html").exists()  # the index appears when the run ends
    pages = sorted(p.name for p in folder.iterdir() if p.name != "index.html")
    assert pages == ["a.txt.html", "b.txt.html", "c.txt.html"]
    index = (folder / "index.html").read_text(encoding="utf-8")
    for page in pages:
        assert f'href="{page}"' in index
    assert "empty.txt" in index and "file is empty" in index
    assert f"{len(collection) + 1} 份通知，1 份未能解析" in index
    assert sum(len(d.responsibilities) for d in collection) == int(
        index.split("<tfoot>")[1].split('<td class="n">')[2].split("<")[0])
    assert not [p for p in folder.iterdir() if is_temp_name(p.name)]


def test_an_error_leaves_no_index(tmp_path, collection):
    folder = tmp_path / "html"
    with pytest.raises(RuntimeError), HtmlSink(folder / "index.html") as sink:
        sink.add(collection[0])
        raise RuntimeError("interrupted")
    assert not (folder / "index.html").exists()
    assert not [p for p in folder.iterdir() if is_temp_name(p.name)]
