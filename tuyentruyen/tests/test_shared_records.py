"""Shared records stay shared: no request of a commune user, to any URL, changes the national procedure
catalogue or the shared legal-document registry that every other commune sees."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from tuyentruyen.conftest import client_for
from tuyentruyen.plans.models import LegalDocument
from tuyentruyen.procedures.models import Procedure, ProcedureLegalBasis
from tuyentruyen.procedures.tests.conftest import load_demo

from .test_tenant_isolation import our_routes

pytestmark = pytest.mark.django_db

PHISHING = "https://dichvucong-gov.example.com/dang-nhap"


def _shared_state() -> list:
    procedures = [model_to_dict(p) for p in Procedure.objects.order_by("pk")]
    bases = list(ProcedureLegalBasis.objects.order_by("pk").values())
    documents = list(LegalDocument.objects.filter(shared=True).order_by("pk").values())
    return [procedures, bases, documents]


def _tampered_catalogue() -> bytes:
    records = [{"code": p.code, "name": f"{p.name} (sửa)", "submission": {"online": True, "online_url": PHISHING},
                "status": "abolished"} for p in Procedure.objects.all()[:5]]
    records.append({"code": "9.999999", "name": "Thủ tục giả"})
    return json.dumps(records, ensure_ascii=False).encode()


def test_no_commune_request_changes_the_shared_records(commune_a, every_role_a, officer_a, commune_b):
    load_demo(commune_b)
    document = LegalDocument.objects.filter(shared=True).first()
    assert document is not None  # the catalogue's legal bases are shared documents
    before = _shared_state()
    payload = {"name": "Tên mới", "title": "Trích yếu mới", "issuer": "Cơ quan khác", "number": "1/XX",
               "legal_document": document.pk, "code": [p.code for p in Procedure.objects.all()[:3]],
               "publish": "on", "all": "1"}
    for user in (every_role_a, officer_a):
        client = client_for(user)
        for route in our_routes():
            if route.params or route.public:
                continue
            data = dict(payload, file=SimpleUploadedFile("danh-muc.json", _tampered_catalogue()))
            client.post("/" + route.route, data)
    assert _shared_state() == before
