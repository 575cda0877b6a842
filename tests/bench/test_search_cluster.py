"""The search cluster's launcher (bench.search_cluster): the JVM it picks on this machine and the OpenSearch line
that JVM can run; the running cluster itself is exercised by tests/live."""

import pytest

from bench.search_cluster import RUNNERS, Java, find_java


def test_the_newest_jdk_is_found_and_given_a_runner_it_can_run():
    java = find_java()
    assert (java.home / "bin" / "javac").exists()
    assert java.major >= min(RUNNERS)
    assert java.runner_version == RUNNERS[21 if java.major >= 21 else 17]


@pytest.mark.parametrize(
    "major, runner",
    [(17, "2.19.1.0"), (20, "2.19.1.0"), (21, "3.8.0.0"), (25, "3.8.0.0")],
)
def test_opensearch_3_needs_java_21(tmp_path, major, runner):
    assert Java(tmp_path, major).runner_version == runner
