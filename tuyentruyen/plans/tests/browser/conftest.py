from tuyentruyen.tests.browser.conftest import *  # noqa: F403 - shared Chromium and live-server fixtures
