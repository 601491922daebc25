"""Who manages API tokens, and what a token reads.

- System admins alone create, list and revoke tokens (a token reads a whole province, or the country).
- A province's token reads that province: its plans, its communes' plans and reports, its roll-up;
  another province's objects answer 404, as if they did not exist. A national token reads every province.
"""

from tuyentruyen.accounts.permissions import is_system_admin
from tuyentruyen.localities.models import Commune, Province


def can_manage_api_tokens(user) -> bool:
    return is_system_admin(user)


def token_reads_province(token, province_code: int) -> bool:
    return token.province_id is None or token.province_id == province_code


def visible_provinces(token):
    provinces = Province.objects.all()
    return provinces if token.province_id is None else provinces.filter(pk=token.province_id)


def visible_communes(token):
    communes = Commune.objects.all()
    return communes if token.province_id is None else communes.filter(province_id=token.province_id)
