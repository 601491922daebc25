from tuyentruyen.tests.browser.conftest import *  # noqa: F401,F403
