"""Load-test the exemplar service against a bare Flask hello world, both under gunicorn.

Run from the repository root:

    .venv/bin/python load/benchmark.py                 # 20 s per case, 20 connections
    .venv/bin/python load/benchmark.py --quick         # 3 s per case: a smoke run

It starts `mvpkit serve exemplars/report-a-fault --workers 2` on a fresh SQLite database,
and `load/hello.py` under the same gunicorn settings, prepares sessions over HTTP, drives
each case with wrk (rotating requests across the sessions), and prints a table. The same
figures go to `load/results/benchmark-<timestamp>.json`. All traffic goes to 127.0.0.1.
See docs/benchmark.md.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOAD = ROOT / "load"
RESULTS = LOAD / "results"
BIN = Path(sys.executable).parent  # the venv's bin/, where mvpkit and gunicorn live
SERVICE = ROOT / "exemplars" / "report-a-fault"
SLUG = "report-a-fault"
WORKERS = 2
WRK_THREADS = 2
POLL_SECONDS = 0.02
RESTARTS = 3  # restarts timed in each run; their median is the start-up figure
STARTUP_LIMIT = 90.0
CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
# The whole street-light route, as a person would answer it, page by page.
STREET_LIGHT_ROUTE: tuple[tuple[str, dict[str, str]], ...] = (
    ("problem-type", {"problem-type": "street-light"}),
    ("light-problem", {"light-problem": "not-working"}),
    ("light-location", {"light-location": "Outside 12 Mill Lane, lamp post 41"}),
    ("description", {"description": ""}),
    ("updates", {"updates": "no"}),
    ("name", {"name": ""}),
)


class BenchmarkError(Exception):
    """Something the benchmark needs did not happen: the message says what."""


def tool(name: str) -> str:
    """A command from the venv running this script, else from PATH."""
    beside = BIN / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise BenchmarkError(f"{name} was not found beside {sys.executable} or on PATH")
    return found


# --- servers ---------------------------------------------------------------------------


@dataclass
class Server:
    """A server started in its own process group, logging to a file."""

    name: str
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def tail(self, lines: int = 30) -> str:
        """The end of the server's log, for an error message."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def free_port() -> int:
    """A port nothing listens on at 127.0.0.1 just now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    name: str, command: Sequence[str], env: dict[str, str], port: int, log: Path
) -> Server:
    """Start `command` in a new session (so its process group can be killed whole)."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command),
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(name, process, f"http://127.0.0.1:{port}", log)


def stop_server(server: Server) -> None:
    """SIGTERM the server's process group, then SIGKILL it if it is still there after 10 s."""
    if server.process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=10)
    # Workers left behind by a master that died first share its process group.
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(server.process.pid, signal.SIGKILL)


def serve_command(port: int) -> list[str]:
    """`mvpkit serve` for the exemplar on 127.0.0.1, with the benchmark's workers."""
    return [
        tool("mvpkit"),
        "serve",
        str(SERVICE),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(WORKERS),
    ]


def restart_seconds(env: dict[str, str], work: Path) -> float:
    """Seconds from starting `mvpkit serve` again, on its current database, to its first 200.

    This is how long a deployed service is away when it restarts; the first start also
    migrates a new database.
    """
    port = free_port()
    env = {**env, "MVPKIT_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    started = time.perf_counter()
    server = start_server(
        "mvpkit serve, restarted", serve_command(port), env, port, work / "restart.log"
    )
    try:
        return round(wait_for_ok(server, f"/{SLUG}/", started), 3)
    finally:
        stop_server(server)


def wait_for_ok(server: Server, path: str, started: float) -> float:
    """Seconds from `started` to the first 200 from `path`, polling every 50 ms."""
    url = server.base + path
    while True:
        if server.process.poll() is not None:
            raise BenchmarkError(f"{server.name} exited early:\n{server.tail()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, OSError):
            pass
        if time.perf_counter() - started > STARTUP_LIMIT:
            raise BenchmarkError(f"{server.name} gave no 200 from {path} in {STARTUP_LIMIT:.0f} s")
        time.sleep(POLL_SECONDS)


def start_hello(work: Path, *, access_log: bool) -> Server:
    """The hello world on a free port, without the kit's settings in its environment."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MVPKIT_")}
    name, log = ("hello world", "hello.log")
    if access_log:  # what mvpkit serve does
        name, log = "hello world, access log on", "hello-logged.log"
    return start_server(name, gunicorn_hello(port, access_log=access_log), env, port, work / log)


def gunicorn_hello(port: int, *, access_log: bool) -> list[str]:
    """The hello world under the settings `mvpkit serve` gives gunicorn."""
    command = [
        tool("gunicorn"),
        "--workers",
        str(WORKERS),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--chdir",
        str(LOAD),
        # gunicorn's control socket has one default path; mvpkit serve is using it.
        "--no-control-socket",
    ]
    if access_log:  # what mvpkit serve does
        command += ["--access-logfile", "-", "--access-logformat", '%(h)s "%(r)s" %(s)s %(M)sms']
    return [*command, "hello:app"]


# --- memory ----------------------------------------------------------------------------


def _status_kib(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _pss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name, in brackets, may hold spaces: the parent pid follows it.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def memory(server: Server) -> dict[str, Any]:
    """VmRSS (and PSS, which shares copy-on-write pages out fairly) of master and workers, MB."""

    def mb(kib: int | None) -> float | None:
        return None if kib is None else round(kib / 1024, 1)

    master = server.process.pid
    workers = children(master)
    return {
        "master_pid": master,
        "master_rss_mb": mb(_status_kib(master, "VmRSS")),
        "master_pss_mb": mb(_pss_kib(master)),
        "workers": [
            {"pid": pid, "rss_mb": mb(_status_kib(pid, "VmRSS")), "pss_mb": mb(_pss_kib(pid))}
            for pid in workers
        ],
    }


# --- sessions --------------------------------------------------------------------------


class _InsecureOk(http.cookiejar.DefaultCookiePolicy):
    """Send `Secure` cookies over plain HTTP to 127.0.0.1 (production sets Secure)."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return True


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Visitor:
    """One person's browser: a cookie jar and the CSRF token of the last form seen."""

    base: str
    jar: http.cookiejar.CookieJar = field(
        default_factory=lambda: http.cookiejar.CookieJar(policy=_InsecureOk())
    )
    token: str = ""

    def _opener(self) -> urllib.request.OpenerDirector:
        return urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects()
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """Status, Location and body; redirects are not followed."""
        data = None
        if form is not None:
            data = urllib.parse.urlencode({"csrf_token": self.token, **form}).encode()
        try:
            with self._opener().open(self.base + path, data=data, timeout=10) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:  # 3xx and 4xx land here without redirects
            status, headers, body = error.code, error.headers, error.read()
        text = body.decode("utf-8", errors="replace")
        found = CSRF_INPUT.search(text)
        if found:
            self.token = html.unescape(found.group(1))
        return status, headers.get("Location", ""), text

    def expect(self, path: str, status: int, form: dict[str, str] | None = None) -> str:
        """Make the request; fail unless it gives `status`. Returns the Location."""
        got, location, text = self.request(path, form)
        if got != status:
            method = "POST" if form is not None else "GET"
            raise BenchmarkError(f"{method} {path} gave {got}, not {status}: {text[:300]!r}")
        return location

    def cookie_header(self) -> str:
        """The Cookie header the browser would send."""
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


def answer(visitor: Visitor, pages: Sequence[tuple[str, dict[str, str]]]) -> None:
    """GET each page for its form, POST its answer, and check it moves on (302)."""
    prefix = f"/{SLUG}/"
    for page_id, form in pages:
        visitor.expect(prefix + page_id, 200)
        location = visitor.expect(prefix + page_id, 302, form)
        if location.rstrip("/").endswith(prefix + page_id):
            raise BenchmarkError(f"POST {page_id} {form} did not move on")


def prepare_sessions(base: str, count: int) -> dict[str, list[Visitor]]:
    """`question`: answered problem-type, with light-problem's token. `check`: the whole route."""
    prefix = f"/{SLUG}/"
    question, check = [], []
    for _ in range(count):
        visitor = Visitor(base)
        answer(visitor, STREET_LIGHT_ROUTE[:1])
        visitor.expect(prefix + "light-problem", 200)  # the token its form carries
        question.append(visitor)

        visitor = Visitor(base)
        answer(visitor, STREET_LIGHT_ROUTE)
        visitor.expect(prefix + "check-answers", 200)
        check.append(visitor)
    return {"question": question, "check": check}


# --- wrk -------------------------------------------------------------------------------


@dataclass
class Plan:
    """One case: the requests wrk rotates through, and the response each must give."""

    name: str
    description: str
    base: str
    requests: list[dict[str, Any]]
    status: int
    location: str | None = None


def lua_string(text: str) -> str:
    """A Lua string literal for `text`."""
    escaped = []
    for char in text:
        if char in '\\"':
            escaped.append("\\" + char)
        elif 32 <= ord(char) < 127:
            escaped.append(char)
        else:
            escaped.extend(f"\\{byte}" for byte in char.encode("utf-8"))
    return '"' + "".join(escaped) + '"'


LUA_TEMPLATE = """-- Written by load/benchmark.py for the case "{name}": do not edit.
-- Each request goes to the next session in turn, so the load is spread over many drafts.
local plan = {{
{requests}
}}
local expect_status = {status}
local expect_location = {location}
local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads - 1)
end

function init(args)
  unexpected = 0
  counter = offset
  formatted = {{}}
  for i, r in ipairs(plan) do
    formatted[i] = wrk.format(r.method, r.path, r.headers, r.body)
  end
end

function request()
  counter = counter + 1
  return formatted[(counter % #formatted) + 1]
end

function response(status, headers, body)
  if status ~= expect_status then
    unexpected = unexpected + 1
  elseif expect_location then
    local location = headers["Location"] or headers["location"] or ""
    if string.sub(location, -#expect_location) ~= expect_location then
      unexpected = unexpected + 1
    end
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("unexpected") or 0)
  end
  io.write(string.format("unexpected responses: %d\\n", total))
end
"""


def lua_script(plan: Plan) -> str:
    """The wrk script for a plan."""
    rows = []
    for item in plan.requests:
        headers = ", ".join(
            f"[{lua_string(key)}] = {lua_string(value)}"
            for key, value in item.get("headers", {}).items()
        )
        body = lua_string(item["body"]) if item.get("body") is not None else "nil"
        rows.append(
            f"  {{method = {lua_string(item['method'])}, path = {lua_string(item['path'])}, "
            f"headers = {{{headers}}}, body = {body}}},"
        )
    return LUA_TEMPLATE.format(
        name=plan.name,
        requests="\n".join(rows),
        status=plan.status,
        location=lua_string(plan.location) if plan.location else "nil",
    )


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS_MS[unit]


@dataclass
class Result:
    """What wrk measured for one case."""

    name: str
    description: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    unexpected: int
    non_2xx_3xx: int
    socket_errors: dict[str, int]
    loadavg_before: list[float]
    ratio_to_hello: float | None = None
    hello_around: list[float] | None = None  # hello world's rates the ratio was taken against

    @property
    def errors(self) -> int:
        """Responses the case did not expect, plus connections that failed."""
        return max(self.unexpected, self.non_2xx_3xx) + sum(self.socket_errors.values())


def parse_wrk(output: str, plan: Plan, loadavg: list[float]) -> Result:
    """Requests/sec, the 50th and 99th percentiles, and the error counts, from wrk's output."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    percentiles = {
        int(match[1]): _ms(match[2], match[3])
        for match in re.finditer(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    }
    total = re.search(r"^\s*(\d+) requests in", output, re.M)
    if rate is None or 50 not in percentiles or 99 not in percentiles or total is None:
        raise BenchmarkError(f"Could not read wrk's output for {plan.name}:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    unexpected = re.search(r"^unexpected responses: (\d+)", output, re.M)
    return Result(
        name=plan.name,
        description=plan.description,
        requests_per_second=float(rate[1]),
        p50_ms=round(percentiles[50], 3),
        p99_ms=round(percentiles[99], 3),
        requests=int(total[1]),
        unexpected=int(unexpected[1]) if unexpected else 0,
        non_2xx_3xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=dict(
            zip(("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True)
        )
        if sockets
        else {},
        loadavg_before=loadavg,
    )


def run_wrk(plan: Plan, scripts: Path, seconds: int, connections: int) -> tuple[Result, str]:
    """Drive one case with wrk; returns the parsed result and wrk's own output."""
    script = scripts / f"{plan.name}.lua"
    script.write_text(lua_script(plan))
    loadavg = [round(x, 2) for x in os.getloadavg()]
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        f"-t{WRK_THREADS}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(script),
        plan.base + plan.requests[0]["path"],
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise BenchmarkError(f"wrk failed for {plan.name}:\n{done.stdout}\n{done.stderr}")
    return parse_wrk(done.stdout, plan, loadavg), done.stdout


def warm_up(plan: Plan, times: int = 10) -> None:
    """A few requests first, so no worker compiles templates while being measured."""
    opener = urllib.request.build_opener(_NoRedirects())
    for index in range(times):
        item = plan.requests[index % len(plan.requests)]
        body = item.get("body")
        request = urllib.request.Request(
            plan.base + item["path"],
            data=body.encode() if body is not None else None,
            headers=item.get("headers", {}),
            method=item["method"],
        )
        with suppress(urllib.error.HTTPError):
            opener.open(request, timeout=10).close()


def plans(hello: str, mvpkit: str, sessions: dict[str, list[Visitor]]) -> list[Plan]:
    """The cases, in the order they run."""
    prefix = f"/{SLUG}"
    question = [
        {
            "method": "GET",
            "path": f"{prefix}/light-problem",
            "headers": {"Cookie": v.cookie_header()},
        }
        for v in sessions["question"]
    ]
    posts = [
        {
            "method": "POST",
            "path": f"{prefix}/light-problem",
            "headers": {
                "Cookie": v.cookie_header(),
                "Content-Type": "application/x-www-form-urlencoded",
            },
            "body": urllib.parse.urlencode({"csrf_token": v.token, "light-problem": "not-working"}),
        }
        for v in sessions["question"]
    ]
    check = [
        {
            "method": "GET",
            "path": f"{prefix}/check-answers",
            "headers": {"Cookie": v.cookie_header()},
        }
        for v in sessions["check"]
    ]
    return [
        Plan(
            "hello", "bare Flask hello world, GET /", hello, [{"method": "GET", "path": "/"}], 200
        ),
        Plan(
            "start",
            "start page GET, no session",
            mvpkit,
            [{"method": "GET", "path": f"{prefix}/"}],
            200,
        ),
        Plan("question-get", "question page GET (light-problem)", mvpkit, question, 200),
        Plan(
            "question-post",
            "question page POST, valid answer, 302 to light-location",
            mvpkit,
            posts,
            302,
            f"{prefix}/light-location",
        ),
        Plan("check-answers", "check answers GET, whole route answered", mvpkit, check, 200),
    ]


# --- mvpkit new ------------------------------------------------------------------------


def time_new(work: Path, runs: int = 3) -> list[float]:
    """Seconds for each of `runs` runs of `mvpkit new "Bench service" -o <fresh folder>`."""
    seconds = []
    for run in range(runs):
        output = work / f"new-{run}"
        output.mkdir()
        started = time.perf_counter()
        done = subprocess.run(
            [tool("mvpkit"), "new", "Bench service", "-o", str(output), "--no-input"],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=120,
        )
        seconds.append(round(time.perf_counter() - started, 3))
        if done.returncode != 0:
            raise BenchmarkError(f"mvpkit new failed:\n{done.stdout}\n{done.stderr}")
    return seconds


# --- report ----------------------------------------------------------------------------


def table(results: Sequence[Result]) -> str:
    """The results as a plain-text table."""
    lines = [
        f"{'case':<22} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} {'vs hello':>9}",
        "-" * 70,
    ]
    for result in results:
        ratio = f"{result.ratio_to_hello:.3f}" if result.ratio_to_hello is not None else "-"
        lines.append(
            f"{result.name:<22} {result.requests_per_second:>9.1f} {result.p50_ms:>9.2f} "
            f"{result.p99_ms:>9.2f} {result.errors:>7} {ratio:>9}"
        )
    for result in results:
        if result.errors:
            lines.append(
                f"  {result.name}: {result.unexpected} unexpected responses, "
                f"{result.non_2xx_3xx} non-2xx/3xx, socket errors {result.socket_errors}"
            )
    return "\n".join(lines)


def logged_plan(base: str) -> Plan:
    """Hello world with mvpkit serve's access log: what logging costs on its own."""
    return Plan(
        "hello+accesslog",
        "hello world with mvpkit serve's access log (to a file)",
        base,
        [{"method": "GET", "path": "/"}],
        200,
    )


def bracketed(result: Result, before: Result, after: Result) -> None:
    """Take the case's ratio to the hello world runs just before and just after it.

    This machine's speed drifts by half or more within minutes, so a ratio to one hello
    world run minutes away says as much about the drift as about the case; the mean of the
    two runs around it cancels a steady drift.
    """
    around = (before.requests_per_second + after.requests_per_second) / 2
    result.hello_around = [before.requests_per_second, after.requests_per_second]
    result.ratio_to_hello = round(result.requests_per_second / around, 4)


def median_hello(hellos: Sequence[Result]) -> Result:
    """The hello world row of the table: its median run, with every run's rate kept."""
    ordered = sorted(hellos, key=lambda r: r.requests_per_second)
    middle = ordered[len(ordered) // 2]
    return replace(
        middle,
        ratio_to_hello=1.0,
        hello_around=[r.requests_per_second for r in hellos],
        unexpected=sum(r.unexpected for r in hellos),
        non_2xx_3xx=sum(r.non_2xx_3xx for r in hellos),
        socket_errors={
            kind: sum(r.socket_errors.get(kind, 0) for r in hellos)
            for kind in {kind for r in hellos for kind in r.socket_errors}
        },
    )


def memory_lines(name: str, found: dict[str, Any]) -> list[str]:
    """RSS (and PSS) of a server's master and workers, one line each."""
    lines = [
        f"  {name} master {found['master_pid']}: RSS {found['master_rss_mb']} MB "
        f"(PSS {found['master_pss_mb']} MB)"
    ]
    lines += [
        f"  {name} worker {w['pid']}: RSS {w['rss_mb']} MB (PSS {w['pss_mb']} MB)"
        for w in found["workers"]
    ]
    return lines


def git_state() -> dict[str, Any]:
    """The commit measured, and whether src/, templates or the exemplar had changes on top."""
    found: dict[str, Any] = {}
    with suppress(Exception):
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        )
        found["commit"] = head.stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", "src", "exemplars/report-a-fault"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
        found["uncommitted_changes"] = status.stdout.splitlines()
    return found


def versions() -> dict[str, str]:
    """Versions of what is being measured and what measures it."""
    from importlib.metadata import version

    found = {"python": platform.python_version()}
    for package in ("mvpkit", "flask", "werkzeug", "gunicorn", "jinja2", "sqlalchemy"):
        with suppress(Exception):
            found[package] = version(package)
    with suppress(Exception):
        wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=5)
        found["wrk"] = (wrk.stdout or wrk.stderr).split("Copyright")[0].strip()
    return found


# --- main ------------------------------------------------------------------------------


@contextmanager
def terminate_as_exit() -> Iterator[None]:
    """Let SIGTERM unwind like Ctrl-C, so the servers are always stopped."""

    def handler(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous: Callable[..., Any] | int | None = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="wrk duration per case")
    parser.add_argument("--connections", type=int, default=20, help="wrk connections")
    parser.add_argument("--sessions", type=int, default=20, help="sessions to rotate across")
    parser.add_argument("--quick", action="store_true", help="3 s per case, one run: a smoke run")
    parser.add_argument("--runs", type=int, default=3, help="full runs, for medians")
    parser.add_argument(
        "--no-check", action="store_true", help="skip timing mvpkit check (needs Chromium)"
    )
    parser.add_argument(
        "--environment",
        choices=("production", "development"),
        default="production",
        help="MVPKIT_ENV for the served exemplar",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.runs = 3, 1
    if not 1 <= args.runs <= 10:
        parser.error("use 1-10 runs")
    if not 1 <= args.seconds <= 300 or not 1 <= args.connections <= 200:
        parser.error("use 1-300 seconds and 1-200 connections")
    if not 1 <= args.sessions <= 200:
        parser.error("use 1-200 sessions")
    args.connections = max(args.connections, WRK_THREADS)
    return args


# --- the figures: memory, My Account under load, the gate --------------------------

ACCOUNT = ROOT / "exemplars" / "my-account"
GATE_USERS, GATE_SECONDS = 10, 15  # as `mvpkit check` runs its load stage by default


def gate_env() -> dict[str, str]:
    """The environment for `mvpkit check`: none of the benchmark's own server settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MVPKIT_")}
    env.pop("DATABASE_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def warm_bytecode() -> None:
    """Import what serving imports once, so every run's start-up finds its bytecode cached."""
    subprocess.run(
        [sys.executable, "-c", "import mvpkit.cli, mvpkit.serve, mvpkit.app, gunicorn.app.base"],
        env=gate_env(),
        check=True,
        timeout=120,
    )


def pss_total(found: dict[str, Any]) -> float | None:
    """PSS of the master and its workers together, MiB: what the server costs the machine."""
    parts = [found.get("master_pss_mb"), *(w.get("pss_mb") for w in found.get("workers", []))]
    return None if None in parts else round(sum(parts), 1)


def run_check(work: Path, service: Path, name: str, *options: str) -> tuple[float, dict[str, Any]]:
    """`mvpkit check SERVICE OPTIONS`: the seconds it took and its summary.json."""
    report = work / f"check-{name}"
    started = time.perf_counter()
    done = subprocess.run(
        [tool("mvpkit"), "check", str(service), "--report", str(report), *options],
        env=gate_env(),
        capture_output=True,
        text=True,
        timeout=1200,
    )
    seconds = round(time.perf_counter() - started, 2)
    found = report / "summary.json"
    if not found.exists():
        raise BenchmarkError(f"mvpkit check wrote no summary:\n{done.stdout}\n{done.stderr}")
    summary: dict[str, Any] = json.loads(found.read_text())
    return seconds, summary


def my_account_p95(work: Path) -> float | None:
    """p95 of My Account under the gate's load stage (10 users, 15 seconds), ms."""
    print(f"mvpkit check {ACCOUNT.name} --stages load ({GATE_USERS} users, {GATE_SECONDS} s) ...")
    _seconds, summary = run_check(
        work,
        ACCOUNT,
        "my-account",
        "--stages",
        "load",
        "--users",
        str(GATE_USERS),
        "--seconds",
        str(GATE_SECONDS),
    )
    total = summary["stages"][0].get("load") or {}
    p95 = total.get("p95_ms")
    return None if p95 is None else round(float(p95), 1)


def check_seconds(work: Path) -> dict[str, Any]:
    """How long `mvpkit check` takes on the exemplar, every stage, and whether it passed."""
    print(f"mvpkit check {SERVICE.name} (every stage) ...", flush=True)
    seconds, summary = run_check(work, SERVICE, "whole")
    load = next((s for s in summary.get("stages", []) if s.get("name") == "load"), {})
    p95 = (load.get("load") or {}).get("p95_ms")
    return {
        "seconds": seconds,
        "passed": bool(summary.get("passed")),
        "load_p95_ms": None if p95 is None else round(float(p95), 1),
    }


ROWS = (
    ("question page GET, share of hello world", lambda r: _ratio(r, "question-get"), "{:.3f}"),
    ("answer POST (302), share of hello world", lambda r: _ratio(r, "question-post"), "{:.3f}"),
    (
        "memory of master + 2 workers after load (PSS, MiB)",
        lambda r: r.get("pss_total_mb"),
        "{:.1f}",
    ),
    ("mvpkit serve to first 200, bytecode warm (s)", lambda r: r.get("startup_seconds"), "{:.2f}"),
    (
        "  the same, first start on a new database (s)",
        lambda r: r.get("first_start_seconds"),
        "{:.2f}",
    ),
    (
        "My Account under the gate's 10 users: p95 (ms)",
        lambda r: r.get("my_account_p95_ms"),
        "{:.0f}",
    ),
    (
        "mvpkit check on one exemplar (s)",
        lambda r: (r.get("check_seconds") or {}).get("seconds"),
        "{:.1f}",
    ),
)


def _ratio(report: dict[str, Any], case: str) -> float | None:
    found = [c["ratio_to_hello"] for c in report.get("cases", []) if c["name"] == case]
    return found[0] if found else None


def summary_table(runs: Sequence[dict[str, Any]]) -> str:
    """Each of the issue's figures: the median of the runs, then each run's value."""
    lines = [f"The figures, median of {len(runs)} run(s) (each run's in brackets):"]
    for label, read, shape in ROWS:
        values = [read(run) for run in runs]
        given = [v for v in values if v is not None]
        median = shape.format(statistics.median(given)) if given else "not measured"
        each = ", ".join("-" if v is None else shape.format(v) for v in values)
        lines.append(f"  {label:<52} {median:>10}   ({each})")
    failed = [r for r in runs if r.get("check_seconds") and not r["check_seconds"]["passed"]]
    if failed:
        lines.append(f"  note: mvpkit check failed in {len(failed)} run(s); see its report")
    return "\n".join(lines)


def new_report(args: argparse.Namespace, stamp: str) -> dict[str, Any]:
    """A run's report, with what it was run with."""
    return {
        "timestamp": stamp,
        "settings": {
            "seconds": args.seconds,
            "connections": args.connections,
            "wrk_threads": WRK_THREADS,
            "gunicorn_workers": WORKERS,
            "sessions": args.sessions,
            "environment": args.environment,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
            "platform": platform.platform(),
        },
        "versions": versions(),
        "git": git_state(),
    }


def print_run(args: argparse.Namespace, report: dict[str, Any], results: list[Result]) -> None:
    """One run's table, start-up, mvpkit new, memory, My Account and the gate."""
    print()
    print(
        f"{args.seconds} s per case, {args.connections} connections, {WRK_THREADS} wrk threads, "
        f"{WORKERS} workers, MVPKIT_ENV={args.environment}, {os.cpu_count()} CPUs"
    )
    print(table(results))
    print()
    print(
        f"startup (process start to first 200 from /{SLUG}/): {report['startup_seconds']:.2f} s "
        f"restarted, {report['first_start_seconds']:.2f} s on a new database"
    )
    new_runs = report["new_seconds"]["runs"]
    print(
        f"mvpkit new, median of 3: {report['new_seconds']['median']:.2f} s "
        f"(runs: {', '.join(f'{s:.2f}' for s in new_runs)})"
    )
    print(f"memory after load (mvpkit, master and workers: PSS {report['pss_total_mb']} MiB):")
    for name, found in report["memory_after_load"].items():
        print("\n".join(memory_lines(name, found)))
    print(f"My Account, gate load stage p95: {report['my_account_p95_ms']} ms")
    if report["check_seconds"] is not None:
        checked = report["check_seconds"]
        verdict = "passed" if checked["passed"] else "failed"
        print(
            f"mvpkit check {SERVICE.name}: {checked['seconds']:.1f} s ({verdict}; "
            f"its load stage, beside the browser stages: p95 {checked.get('load_p95_ms')} ms)"
        )


def write_json(report: dict[str, Any], stamp: str) -> None:
    """The run's figures, with wrk's own output, to load/results/."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"benchmark-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    git = report["git"]
    if git.get("uncommitted_changes"):
        print(f"note: src/ or the exemplar had uncommitted changes on {git.get('commit', '?')[:7]}")
    if report["git_at_end"] != git:
        print("note: the code changed while the benchmark ran (see git and git_at_end)")
    print(f"written to {path.relative_to(ROOT)}")


def one_run(args: argparse.Namespace, work: Path, report: dict[str, Any]) -> list[Result]:
    """One run: both servers under wrk, start-up, memory, mvpkit new, My Account, the gate.

    Fills `report` and returns the cases' results; the servers are stopped however it ends.
    """
    servers: list[Server] = []
    try:
        port = free_port()
        env = {
            **os.environ,
            "MVPKIT_ENV": args.environment,
            "MVPKIT_DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
            "MVPKIT_SECRET_KEY": secrets.token_hex(32),
            "MVPKIT_PUBLIC_URL": f"http://127.0.0.1:{port}",
        }
        env.pop("DATABASE_URL", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # start-up is measured with bytecode cached

        print(f"Starting mvpkit serve on 127.0.0.1:{port} ...", flush=True)
        started = time.perf_counter()
        mvpkit = start_server("mvpkit serve", serve_command(port), env, port, work / "mvpkit.log")
        servers.append(mvpkit)
        startup = wait_for_ok(mvpkit, f"/{SLUG}/", started)
        report["first_start_seconds"] = round(startup, 3)
        print(f"  first 200 after {startup:.2f} s (a new database, migrated first)", flush=True)

        hello = start_hello(work, access_log=False)
        servers.append(hello)
        wait_for_ok(hello, "/", time.perf_counter())
        # mvpkit serve logs every request to stdout; measure what that costs hello world.
        logged = start_hello(work, access_log=True)
        servers.append(logged)
        wait_for_ok(logged, "/", time.perf_counter())

        print(f"Preparing {args.sessions} sessions of each kind ...", flush=True)
        sessions = prepare_sessions(mvpkit.base, args.sessions)
        hello_plan, *cases = plans(hello.base, mvpkit.base, sessions)
        cases.insert(0, logged_plan(logged.base))

        outputs: dict[str, str] = {}

        def measure(plan: Plan, label: str) -> Result:
            warm_up(plan)
            print(f"wrk {args.seconds} s: {label} ({plan.description})", flush=True)
            result, outputs[label] = run_wrk(plan, work, args.seconds, args.connections)
            return result

        hellos = [measure(hello_plan, "hello 1")]
        results = []
        for plan in cases:  # each case between two runs of hello world: see `bracketed`
            result = measure(plan, plan.name)
            hellos.append(measure(hello_plan, f"hello {len(hellos) + 1}"))
            bracketed(result, hellos[-2], hellos[-1])
            results.append(result)
        results.insert(0, median_hello(hellos))

        report["memory_after_load"] = {"mvpkit": memory(mvpkit), "hello": memory(hello)}
        while servers:
            stop_server(servers.pop())

        restarts = [restart_seconds(env, work) for _ in range(RESTARTS)]
        report["restart_seconds"] = restarts
        report["startup_seconds"] = round(statistics.median(restarts), 3)
        print(f"Restarts on the migrated database: {restarts} s", flush=True)

        print("Timing mvpkit new (3 runs) ...", flush=True)
        new_runs = time_new(work)
        report["new_seconds"] = {"runs": new_runs, "median": statistics.median(new_runs)}
        report["cases"] = [{**asdict(r), "errors": r.errors} for r in results]
        report["git_at_end"] = git_state()
        report["wrk_output"] = outputs
        report["pss_total_mb"] = pss_total(report["memory_after_load"]["mvpkit"])
        report["my_account_p95_ms"] = my_account_p95(work)
        report["check_seconds"] = None if args.no_check else check_seconds(work)
        return results
    finally:
        while servers:
            stop_server(servers.pop())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None and not Path("/usr/bin/wrk").exists():
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    warm_bytecode()
    runs: list[dict[str, Any]] = []
    for number in range(1, args.runs + 1):
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        work = Path(tempfile.mkdtemp(prefix="mvpkit-bench-"))
        report = new_report(args, stamp)
        print(f"Run {number} of {args.runs}", flush=True)
        try:
            with terminate_as_exit():
                results = one_run(args, work, report)
        except BenchmarkError as error:
            print(f"Benchmark failed: {error}", file=sys.stderr)
            return 1
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print_run(args, report, results)
        write_json(report, stamp)
        runs.append(report)
    print()
    print(summary_table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
