"""The benchmarks' pytest checks use the tests' cast and clock."""

from tests.conftest import *  # noqa: F403
