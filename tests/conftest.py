"""Shared test set-up: hypothesis profiles, and the app/browser markers.

`ci` (chosen by .ci/run through HYPOTHESIS_PROFILE) is derandomized so a CI run is
repeatable; `dev`, the default, explores new examples every run.
"""

import inspect
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
# `make quick`: few examples per property (the full suite runs the tests' own numbers).
settings.register_profile(
    "quick",
    max_examples=10,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Whole files that start other programs or heavy libraries (Keras, JAX, ONNX, PDF readers):
# marked slow, left out of `make quick`.
SLOW_FILES = {
    "test_frameworks_live.py",
    "test_frameworks_code.py",
    "test_worksheet.py",
    "test_classroom.py",  # a real server and simulated students
    "test_cluster.py",  # nginx and two replicas
    "test_upload_store.py",  # a real server and a websocket student
}


def _runs_a_page(item) -> bool:
    """The test's own source starts an AppTest (directly or through tests.apptest)."""
    try:
        source = inspect.getsource(item.obj)
    except (TypeError, OSError):
        return False
    return "app_test(" in source or "AppTest" in source


def pytest_collection_modifyitems(config, items):
    """Mark tests by what they run: tests/browser/ -> browser; a page file's tests
    (test_*_page.py) and any test that starts an AppTest -> app; SLOW_FILES -> slow."""
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        elif item.path.name.endswith("_page.py") or _runs_a_page(item):
            item.add_marker(pytest.mark.app)
