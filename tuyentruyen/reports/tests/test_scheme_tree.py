"""The scheme tree the province edits: numbering, caps, and edits refused with Vietnamese reasons. Pure."""

import json
from pathlib import Path

import pytest

from tuyentruyen.reports import scheme_tree as tree
from tuyentruyen.reports.scoring import validation_errors

DEFAULT = json.loads((Path(__file__).parents[1] / "schemes" / "default_commune.json").read_text(encoding="utf-8"))


def test_the_default_names_no_district_and_numbers_its_leaves():
    assert "huyện" not in DEFAULT["name"].lower() and "Xuân Lộc" not in json.dumps(DEFAULT, ensure_ascii=False)
    assert [(leaf.number, leaf.code, leaf.max_points) for leaf in tree.leaves(DEFAULT)] == [
        ("1", "completion", 1.0), ("2.1.1", "online_board", 0.25), ("2.1.2", "online_web", 0.25),
        ("2.2", "traditional", 0.5)]
    assert tree.leaves(DEFAULT)[1].path == "Đa dạng hình thức tuyên truyền › Hình thức trực tuyến"


@pytest.mark.parametrize("points, expected", [
    ({}, 0),
    ({"completion": 1, "online_board": 0.25, "online_web": 0.25, "traditional": 0.5}, 2),
    ({"completion": 5}, 1),  # capped at the criterion's maximum
    ({"completion": 0.5, "traditional": 0.5}, 1),
])
def test_totals_respect_the_caps(points, expected):
    assert tree.total(DEFAULT, points) == expected


@pytest.mark.parametrize("values, message", [
    ({"label": "", "max_points": "1"}, "tên tiêu chí"),
    ({"label": "A", "max_points": "một"}, "phải là một số"),
    ({"label": "A", "max_points": "-1"}, "phải từ 0"),
    ({"label": "A", "max_points": "1", "rule_type": "has_activity_with_evidence", "kinds": ""}, "mã hình thức"),
    ({"label": "A", "max_points": "1", "rule_type": "has_activity_with_evidence", "kinds": "Hội nghị"}, "chữ thường"),
    ({"label": "A", "max_points": "1", "rule_type": "completion_ratio", "full_at": "80", "min_ratio": "90"},
     "không được lớn hơn"),
    ({"label": "A", "max_points": "1", "rule_type": "sum"}, "không hợp lệ"),
])
def test_bad_items_are_refused(values, message):
    with pytest.raises(tree.TreeError) as caught:
        tree.item_from_form(values, has_children=False)
    assert message in str(caught.value)


def test_edit_add_and_remove_keep_the_scheme_valid():
    edited = tree.update_item(DEFAULT, "traditional", {"label": "Truyền thống", "max_points": "0,75",
                                                         "rule_type": "has_activity_with_evidence",
                                                         "kinds": "conference, radio", "evidence": "Ảnh"})
    item, _ = tree.find(edited, "traditional")
    assert (item["label"], item["max_points"], item["rule"]["kinds"], item["evidence"]) == (
        "Truyền thống", 0.75, ["conference", "radio"], "Ảnh")
    assert tree.find(DEFAULT, "traditional")[0]["label"] != "Truyền thống"  # the original is untouched
    added, code = tree.add_item(edited, "completion", {"label": "Có kế hoạch", "max_points": "0,5"})
    parent, _ = tree.find(added, "completion")
    assert parent["rule"]["type"] == "sum" and parent["rule"]["items"][0]["code"] == code
    assert not validation_errors(added)
    removed = tree.remove_item(added, code)
    assert tree.find(removed, "completion")[0]["rule"]["type"] == "manual"  # an empty sum scores on evidence
    assert not validation_errors(removed)
    with pytest.raises(tree.TreeError):
        tree.remove_item({"name": "x", "items": [{"code": "a", "label": "A", "rule": {"type": "manual"}}]}, "a")
    with pytest.raises(tree.TreeError):
        tree.find(DEFAULT, "khong-co")


@pytest.mark.django_db
def test_the_data_migration_renames_the_old_district_default(province):
    from importlib import import_module

    from django.apps import apps

    from tuyentruyen.reports.models import ScoringScheme

    migration = import_module("tuyentruyen.reports.migrations.0005_scheme_years_and_default_without_district")
    old = {**DEFAULT, "code": "xuan-loc-2022", "name": "Bộ chỉ số CCHC cấp xã — huyện Xuân Lộc, tỉnh Đồng Nai (2022)"}
    row = ScoringScheme.objects.create(province=province, year=2025, name=old["name"], definition=old)
    migration.give_years(apps, None)
    row.refresh_from_db()
    assert row.definition["code"] == "par-index-xa" and "Xuân Lộc" not in row.name + row.definition["name"]
    assert row.year == row.updated_at.year and row.definition["items"] == DEFAULT["items"]
