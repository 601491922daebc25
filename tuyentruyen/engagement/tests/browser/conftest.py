from tuyentruyen.tests.browser.conftest import *  # noqa: F403
