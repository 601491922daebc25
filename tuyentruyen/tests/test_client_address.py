import pytest
from django.test import RequestFactory

from tuyentruyen.lib.client import client_address


def request(remote, forwarded=None, real=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    if real is not None:
        meta["HTTP_X_REAL_IP"] = real
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize("proxies,remote,forwarded,real,expected", [
    # No trusted proxy: the headers are anyone's to write, and ignored.
    ([], "203.0.113.9", "1.2.3.4", "5.6.7.8", "203.0.113.9"),
    # A client that is not a trusted proxy cannot choose its address either.
    (["127.0.0.1"], "203.0.113.9", "1.2.3.4", "5.6.7.8", "203.0.113.9"),
    # Behind nginx: the right-most hop nginx appended.
    (["127.0.0.1"], "127.0.0.1", "198.51.100.7", None, "198.51.100.7"),
    # What the client wrote on the left is not believed.
    (["127.0.0.1"], "127.0.0.1", "1.2.3.4, 198.51.100.7", None, "198.51.100.7"),
    # Two proxies, both trusted (a CIDR): the first untrusted from the right.
    (["127.0.0.1", "10.0.0.0/24"], "127.0.0.1", "9.9.9.9, 198.51.100.7, 10.0.0.3", None, "198.51.100.7"),
    (["::1"], "::1", "2001:db8::5", None, "2001:db8::5"),
    # X-Real-IP only from a trusted proxy and only without X-Forwarded-For.
    (["127.0.0.1"], "127.0.0.1", None, "198.51.100.8", "198.51.100.8"),
    # A malformed hop ends the trust: fall back to the proxy itself.
    (["127.0.0.1"], "127.0.0.1", "junk", None, "127.0.0.1"),
])
def test_client_address(settings, proxies, remote, forwarded, real, expected):
    settings.TRUSTED_PROXIES = proxies
    assert client_address(request(remote, forwarded, real)) == expected
