"""Shared test set-up: hypothesis profiles.

`ci` (chosen by .ci/run through HYPOTHESIS_PROFILE) is derandomized so a CI run is
repeatable; `dev`, the default, explores new examples every run.
"""

import os

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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
