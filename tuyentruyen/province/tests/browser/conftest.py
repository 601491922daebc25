from tuyentruyen.tests.browser.conftest import *  # noqa: F403 - the shared Chromium and live-server fixtures
