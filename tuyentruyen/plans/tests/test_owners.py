import pytest

from tuyentruyen.plans.owners import ALL_UNITS, mapped_owners, resolve_owner, unmapped_owners

GROUP = "Các phòng chuyên môn, các cơ quan đơn vị có liên quan"
DOCUMENT = {
    "responsibilities": [{"unit": "Phòng Văn hóa - Xã hội", "duties": ["a"]}, {"unit": GROUP, "duties": ["b"]},
                         {"unit": "  ", "duties": ["c"]}],
    "tasks": [{"lead": ["Trung tâm Phục vụ hành chính công", GROUP]}, {"lead": ["Ban  Chỉ huy quân sự"]},
              {"lead": []}],
}
LINKS = {"responsibilities": [3, None, None], "tasks": [{"lead": [5, None]}, {"lead": [None]}, {"lead": []}]}


@pytest.mark.parametrize(("owners", "expected"), [
    ({}, [GROUP, "Ban Chỉ huy quân sự"]),                                # once each, whitespace folded
    ({GROUP: ALL_UNITS}, ["Ban Chỉ huy quân sự"]),
    ({GROUP: 7, "Ban Chỉ huy quân sự": 8}, []),
    ({GROUP: "7"}, [GROUP, "Ban Chỉ huy quân sự"]),                      # only ids and "all" count
])
def test_unmapped_owners(owners, expected):
    assert unmapped_owners(DOCUMENT, {**LINKS, "owners": owners}) == expected


@pytest.mark.parametrize(("name", "automatic", "owners", "expected"), [
    ("Phòng Kinh tế", 4, {}, 4),
    ("Phòng Kinh tế", 4, {"Phòng Kinh tế": 9}, 9),              # the officer corrected the match
    (" Phòng  Kinh tế ", None, {"Phòng Kinh tế": ALL_UNITS}, ALL_UNITS),
    ("Phòng Kinh tế", None, {}, None),
])
def test_resolve_owner(name, automatic, owners, expected):
    assert resolve_owner(name, automatic, owners) == expected


def test_choices_for_names_the_document_dropped_are_not_listed():
    links = {**LINKS, "owners": {GROUP: ALL_UNITS, "Tên cũ đã bỏ": 3}}
    assert mapped_owners(DOCUMENT, links) == [(GROUP, ALL_UNITS)]


def test_missing_links_count_as_unmatched():
    assert unmapped_owners({"responsibilities": [{"unit": "Hội Nông dân"}]}, {}) == ["Hội Nông dân"]
