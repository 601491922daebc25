"""The province pages take a commune's code; a commune user reaches none of them (403), and a province user
of another province gets 404 for this one's communes (tested in test_overview.py)."""


def make_objects(side):
    pass  # the pages read the communes' own objects, which the other apps make


PARAMETERS = {"commune_code": lambda side: side.commune.pk}
FIELDS: dict = {}
