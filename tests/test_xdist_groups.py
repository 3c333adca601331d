"""The suite's xdist groups hold: a file's tests (and all browser tests) run on one worker.

pytest-xdist (`--dist loadgroup`, as `make test` runs) groups by a suffix it appends to
each test's node id in its worker. pytest 9.2 moved the node id to a structured
attribute that xdist 3.8 does not write, so the suffix vanished and every group was
silently spread over the workers: browser tests that build on each other's data ran
on different servers, and module-scoped servers were built once per worker. pytest
is pinned to 9.1.1 for that (requirements-dev.in); this test fails if it happens again.
"""

from __future__ import annotations

import os

import pytest

GROUP = "tests/test_xdist_groups.py"


def test_each_test_is_marked_with_its_files_group(request: pytest.FixtureRequest) -> None:
    assert [mark.args[0] for mark in request.node.iter_markers("xdist_group")] == [GROUP]


def test_under_loadgroup_the_worker_schedules_the_test_by_its_group(request: pytest.FixtureRequest) -> None:
    if not (os.environ.get("PYTEST_XDIST_WORKER") and request.config.getvalue("loadgroup")):
        # Not distributed (-n 0): there is no scheduling to check, only the mark above.
        assert request.node.nodeid == f"{GROUP}::{request.node.name}"
        return
    assert request.node.nodeid.endswith(f"@{GROUP}"), request.node.nodeid
