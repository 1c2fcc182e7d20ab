#!/usr/bin/env python3
"""Usher's fault script: two service processes on the local stack, and the faults an operator
meets, one after the other. Run by deployment/faults/run.sh (which starts and stops the stack).

  deployment/faults/faults.py [SCENARIO ...] [--size N] [--term-size N]
  deployment/faults/faults.py --help      (this text; needs no stack)

Scenarios (all by default, in this order):
  dead-upload      SIGKILL of the replica reading a large body mid-upload; batches of the same
                   account (posted to the other replica) complete within the receiving lease
  kill-worker      SIGKILL of the replica whose applier is applying the account, mid-batch
  term-worker      SIGTERM of that replica, mid-batch
  kill-fair-share  one account's 100,000 addresses and five other accounts' 5,000 each (two of them
                   on the big account's partition); SIGKILL of the replica applying the big account
                   while the five are under way; the five still complete before the big one
  term-stream      SIGTERM of the replica serving the batch's SSE stream, mid-batch
  kafka-restart    the broker stopped and started again, mid-batch
  postgres-restart PostgreSQL restarted, mid-batch
  smtp-down        the SMTP server unreachable for 60 s, then back
  mail-kill        SMTP answering slowly, the replica sending mail SIGKILLed mid-drain
  term-relay       10,000 mails, SMTP answering slowly, SIGTERM to the replica sending the most
                   mid-drain (a rolling update): its sends under way finish and their results are
                   written before it exits, so every address gets exactly one copy, one Message-ID
  kafka-blip-api   two API-only replicas (USHER_WORKERS_ENABLED=false, as usher-api) beside the
                   workers; the broker away 10 s while a client polls a running batch on one and
                   loads a console page on the other: every call answers, an upload with a 503
                   problem (it needs Kafka), and both API replicas' /q/health/ready stay UP

Every worker scenario checks: the batch completes; exactly one outcome, membership and outbox
mail per address; the SSE subscriber (resuming with Last-Event-ID on a ready replica when its
stream drops) sees every seq once. The replica applying an account is found in PostgreSQL: each
replica names its connections usher-<name> (application_name), and an applier holds the account's
row lock through each chunk's transaction (pgrowlocks). The mail scenarios count the mails GreenMail
received: one per address (a mail whose 250 came just before its replica was killed is sent again
by another, with the same Message-ID: no lease can close that window, and receivers fold such
copies). Figures: how long each fault held the batch up. The last line reads "faults: N passed,
M failed". Standard library only; every wait is bounded.
"""
import http.client
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
LOCAL = os.path.join(REPO, "deployment", "local")
RUN_DIR = os.path.join(LOCAL, ".run")
sys.path.insert(0, os.path.join(LOCAL, "lib"))
import sse  # noqa: E402  (deployment/local/lib/sse.py)
from partitions import partition_of  # noqa: E402  (deployment/local/lib/partitions.py)
from localstack import read_env, set_mails_aside  # noqa: E402  (deployment/local/lib/localstack.py)
LOG_DIR = os.path.join(RUN_DIR, "logs")
JAR = os.path.join(REPO, "target", "quarkus-app", "quarkus-run.jar")
JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
if not os.path.exists(JAVA):
    JAVA = "java"
WORKERS_GROUP = "usher-invitation-workers"
# The local stack's partitions per topic (deployment/local/run.sh).
PARTITIONS = int(os.environ.get("USHER_KAFKA_PARTITIONS", "12"))
PROXY_PORT = 3125
MAILER_POOL = 4  # quarkus.mailer.max-pool-size: the mails one replica has in flight
STARTED = time.monotonic()


def say(text):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {text}", flush=True)


# Absent until the stack has started: --help and the list of scenarios need none of it.
STACK_ENV = os.path.join(RUN_DIR, "stack.env")
STACK = read_env(STACK_ENV) if os.path.exists(STACK_ENV) else {}
DB_PORT = int(STACK.get("DB_PORT") or 5432)
KEYCLOAK = f"http://127.0.0.1:{STACK.get('KEYCLOAK_PORT') or 8180}"
MAIL_API = f"http://127.0.0.1:{STACK.get('MAIL_API_PORT') or 8025}"
SMTP_PORT = int(STACK.get("SMTP_PORT") or 3025)
KAFKA_PORT = int(STACK.get("KAFKA_PORT") or 9092)


# ---------------------------------------------------------------------------------------------
# HTTP, tokens, SQL
# ---------------------------------------------------------------------------------------------
def request(method, url, body=None, headers=None, timeout=60):
    data = body if body is None or isinstance(body, bytes) else body.encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError as e:
        return 0, str(e).encode()


class Token:
    """The platform admin's access token, renewed before it expires."""

    def __init__(self):
        self.value, self.expires = None, 0

    def __call__(self):
        if time.monotonic() > self.expires:
            form = {"grant_type": "password", "client_id": "usher-web", "client_secret": STACK["WEB_CLIENT_SECRET"],
                    "username": "admin@usher.example", "password": STACK["ADMIN_PASSWORD"]}
            status, body = request("POST", f"{KEYCLOAK}/realms/usher/protocol/openid-connect/token",
                                   urllib.parse.urlencode(form),
                                   {"Content-Type": "application/x-www-form-urlencoded"})
            assert status == 200, body
            answer = json.loads(body)
            self.value, self.expires = answer["access_token"], time.monotonic() + answer["expires_in"] - 30
        return self.value


TOKEN = Token()


def api(replica, method, path, body=None, content_type="application/json", extra=None, timeout=60):
    headers = {"Authorization": f"Bearer {TOKEN()}", "Content-Type": content_type}
    headers.update(extra or {})
    return request(method, f"{replica.url}{path}", body, headers, timeout)


def psql(sql):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(DB_PORT), "-U", "postgres", "-d",
                          os.environ.get("USHER_DB_NAME", "usher"), "-qtAX", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"psql failed ({out.returncode}): {out.stderr.strip()}\n  {sql}")
    return out.stdout.strip()


def until(what, predicate, within, every=0.2):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception:  # a server that is restarting answers nothing for a while
            pass
        time.sleep(every)
    raise AssertionError(f"{what}: not within {within} s")


# ---------------------------------------------------------------------------------------------
# The two replicas
# ---------------------------------------------------------------------------------------------
class Replica:
    """A service process. Health and metrics are on its management port (port + 1000), never on
    the public one. extra: settings of its own (an API-only replica's)."""

    def __init__(self, name, port, extra=None):
        self.name, self.port, self.url, self.process = name, port, f"http://127.0.0.1:{port}", None
        self.management = f"http://127.0.0.1:{port + 1000}"
        self.extra = extra or {}

    def ready(self):
        return request("GET", f"{self.management}/q/health/ready", timeout=3)[0] == 200

    def start(self):
        log = open(os.path.join(LOG_DIR, f"faults-{self.name}.log"), "ab")
        env = dict(os.environ)
        env.update(read_env(os.path.join(RUN_DIR, "usher.env")))
        env.update({
            "QUARKUS_HTTP_PORT": str(self.port),
            "QUARKUS_MANAGEMENT_PORT": str(self.port + 1000),
            # Mail goes through the script's proxy, which can make the server slow or unreachable.
            "USHER_SMTP_PORT": str(PROXY_PORT),
            # A replica's claimed mails come back to the others soon after it dies.
            "USHER_MAIL_CLAIM_LEASE": "PT10S",
            "USHER_MAIL_SEND_TIMEOUT": "PT4S",
            # Shutdown as on Kubernetes (deployment/kubernetes): not ready for a moment, then up
            # to 20 s for requests in flight.
            "QUARKUS_SHUTDOWN_DELAY": "2S",
            "QUARKUS_SHUTDOWN_TIMEOUT": "20S",
        })
        if "USHER_DB_NAME" in os.environ:
            env["USHER_DB_NAME"] = os.environ["USHER_DB_NAME"]
        env.update(self.extra)
        self.process = subprocess.Popen(
            [JAVA, "-Xmx384m", f"-Dusher-local-stack={RUN_DIR}",
             # Kafka's description of the group names each partition's consumer by this client id.
             f"-Dmp.messaging.incoming.invitation-requests.client.id=usher-{self.name}",
             # PostgreSQL names each connection's replica by this (pg_stat_activity): that is how
             # the script finds the replica applying an account. One key of the map of connection
             # properties; the others (plan_cache_mode, application.properties) stay as they are.
             f"-Dquarkus.datasource.reactive.additional-properties.application_name=usher-{self.name}",
             "-jar", JAR], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
            start_new_session=True, cwd=REPO)
        def ready():
            if self.process.poll() is not None:
                raise SystemExit(f"replica {self.name} exited ({self.process.returncode}) at start;"
                                 f" see {log.name}")
            return self.ready()
        until(f"replica {self.name} ready", ready, 120, 0.5)
        say(f"replica {self.name}: ready on {self.url} (pid {self.process.pid})")

    def signal(self, sig):
        self.process.send_signal(sig)

    def stop_with(self, sig):
        """Sends the signal and waits for the exit: the exit code and how long it took."""
        t0 = time.monotonic()
        self.signal(sig)
        code = self.wait_exit(60)
        return code, time.monotonic() - t0

    def wait_exit(self, within=60):
        try:
            return self.process.wait(within)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(10)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if self.alive():
            self.process.terminate()
            self.wait_exit(40)


def partition_holder(replicas, account):
    """The replica whose consumer holds the account's requests partition (records are keyed by
    account id), once the group is settled: every live replica a member, and the same holder twice,
    2 s apart (a replica that just started takes a rebalance to join, and no record reaches the
    inbox during one). That consumer only moves the account's records into PostgreSQL; which
    replica applies them is another matter (applier_of)."""
    def holder():
        # One call: members (CLIENT-ID) and assignments per partition come in one description.
        out = subprocess.run(["bash", os.path.join(LOCAL, "kafka.sh"), "group", WORKERS_GROUP],
                             capture_output=True, text=True, timeout=60).stdout
        rows = [line.split() for line in out.splitlines()
                if line.split()[:2] == [WORKERS_GROUP, "invitation-requests"]]
        if len(rows) != PARTITIONS:
            return None
        partition = partition_of(account, PARTITIONS)
        owners = {row[2]: row[-1] for row in rows}
        if any(not any(owner == f"usher-{r.name}" for owner in owners.values()) for r in replicas if r.alive()):
            return None
        found = [r for r in replicas if owners.get(str(partition)) == f"usher-{r.name}"]
        return found[0] if len(found) == 1 else None

    def settled():
        first = holder()
        time.sleep(2)
        return first if first is not None and holder() is first else None
    return until("the replica holding the account's requests partition, the group settled", settled, 90, 1)


PGROWLOCKS = []  # created once per run: the database is new each time (run.sh drops it)


def ensure_pgrowlocks():
    if not PGROWLOCKS:
        psql("CREATE EXTENSION IF NOT EXISTS pgrowlocks")  # the stack's database user is a superuser
        PGROWLOCKS.append(True)


def applier_of(replicas, account, within=5.0):
    """The replica whose applier is applying a chunk of the account right now, or None if none was
    seen within `within` seconds. An applier holds the account's row lock (FOR UPDATE) through each
    chunk's transaction, 0.1-0.5 s with gaps between chunks, so the lock is polled. pgrowlocks names
    the lock's backends and pg_stat_activity their application_name, usher-<replica>. Share locks
    are left out: a row written with a reference to the account (a batch the API stores) takes a key
    share on it, which says nothing about applying."""
    ensure_pgrowlocks()
    # A lock shared by several transactions is one row with their pids and modes side by side.
    sql = ("SELECT DISTINCT a.application_name FROM pgrowlocks('accounts') l,"
           " unnest(l.pids, l.modes) AS m(pid, mode) JOIN pg_stat_activity a ON a.pid = m.pid"
           f" WHERE l.locked_row IN (SELECT ctid FROM accounts WHERE id = '{account}')"
           " AND m.mode NOT LIKE '%Share'")
    by_name = {f"usher-{r.name}": r for r in replicas}
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            names = [n for n in psql(sql).splitlines() if n in by_name]
        except RuntimeError:  # a lock that ends while pgrowlocks reads it
            names = []
        if len(names) == 1 and by_name[names[0]].alive():
            return by_name[names[0]]
        time.sleep(0.02)
    return None


def target_applier(ctx, account, what):
    """The replica to hit mid-apply, and how it was chosen: the one applying the account, or
    replica b when no chunk of the account was seen within 5 s (said in the result)."""
    found = applier_of(ctx.replicas, account)
    if found is not None:
        return found, f"applying {what}"
    return ctx.replicas[1], f"no chunk of {what} seen being applied within 5 s, so replica b"


# ---------------------------------------------------------------------------------------------
# The SMTP proxy: passes bytes to GreenMail, or refuses connections, or delays every reply
# ---------------------------------------------------------------------------------------------
class SmtpProxy(threading.Thread):
    """Only its own thread opens and closes the listening socket (a socket closed under a thread
    blocked in accept() keeps listening), so "down" refuses connections within 0.2 s."""

    def __init__(self):
        super().__init__(daemon=True)
        self.up, self.delay, self.conns, self.lock = True, 0.0, [], threading.Lock()

    def set_up(self, up):
        """Down: new connections are refused and open ones are cut, as a server that went away."""
        with self.lock:
            self.up = up
            if not up:
                for c in self.conns:
                    for s in c:
                        try:
                            s.close()
                        except OSError:
                            pass
                self.conns = []
        time.sleep(0.5)  # the listener follows within 0.2 s

    def run(self):
        listener = None
        while True:
            if self.up and listener is None:
                listener = socket.socket()
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                listener.bind(("127.0.0.1", PROXY_PORT))
                listener.listen(64)
                listener.settimeout(0.2)
            elif not self.up and listener is not None:
                listener.close()
                listener = None
            if listener is None:
                time.sleep(0.1)
                continue
            try:
                client, _ = listener.accept()
            except socket.timeout:
                continue
            client.settimeout(None)
            try:
                server = socket.create_connection(("127.0.0.1", SMTP_PORT), timeout=10)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                if not self.up:
                    client.close()
                    server.close()
                    continue
                self.conns.append((client, server))
            threading.Thread(target=self.pipe, args=(client, server), daemon=True).start()

    def pipe(self, client, server):
        sockets = [client, server]
        try:
            while True:
                ready, _, _ = select.select(sockets, [], [], 1)
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        raise OSError("closed")
                    if s is client and self.delay:
                        # A slow server: each command waits before the server reads it. (Delaying
                        # the replies instead would hold back the 250 of a mail already stored,
                        # widening the window in which a kill leaves a sent mail unrecorded.)
                        time.sleep(self.delay)
                    (server if s is client else client).sendall(data)
        except (OSError, ValueError):
            for s in sockets:
                try:
                    s.close()
                except OSError:
                    pass


# ---------------------------------------------------------------------------------------------
# Batches, their stream and their checks
# ---------------------------------------------------------------------------------------------
def new_account(replica, seats, name):
    status, body = api(replica, "POST", "/api/v1/accounts", json.dumps(
        {"name": f"{name} {uuid.uuid4().hex[:6]}", "defaultLanguage": "en",
         "quotas": {"SITE_ADMIN": 2, "EDITOR": seats}}))
    assert status == 201, body
    return json.loads(body)["id"]


def post_batch(replica, account, emails, key=None):
    extra = {"Idempotency-Key": key} if key else {}
    status, body = api(replica, "POST", f"/api/v1/accounts/{account}/invitations?role=EDITOR",
                       "\n".join(emails), "text/plain", extra, timeout=300)
    assert status == 202, (status, body[:300])
    return json.loads(body)["id"]


def batch(replica, batch_id):
    status, body = api(replica, "GET", f"/api/v1/invitation-batches/{batch_id}", timeout=5)
    return json.loads(body) if status == 200 else None


class Subscriber(threading.Thread):
    """An SSE subscriber as a browser's EventSource behind a load balancer is: when its stream
    ends or breaks it reconnects with Last-Event-ID, to the first replica that is ready."""

    def __init__(self, replicas, batch_id, within=600):
        super().__init__(daemon=True)
        self.replicas, self.batch_id, self.within = replicas, batch_id, within
        self.seqs, self.completed, self.reconnects, self.served_by = [], False, 0, []
        # When each outcome and `completed` arrived (monotonic): the pauses a viewer saw.
        self.times, self.completed_at = [], None

    def run(self):
        deadline = time.monotonic() + self.within
        while not self.completed and time.monotonic() < deadline:
            try:
                self.read(self.ready_replica())
            except Exception:
                pass
            if not self.completed:
                self.reconnects += 1
                time.sleep(0.5)

    def ready_replica(self):
        for replica in self.replicas:
            if replica.alive() and replica.ready():
                return replica
        raise OSError("no replica is ready")

    def read(self, replica):
        self.served_by.append(replica.name)
        conn = http.client.HTTPConnection("127.0.0.1", replica.port, timeout=30)
        headers = {"Authorization": f"Bearer {TOKEN()}", "Accept": "text/event-stream"}
        if self.seqs:
            headers["Last-Event-ID"] = str(self.seqs[-1])
        conn.request("GET", f"/api/v1/invitation-batches/{self.batch_id}/events", headers=headers)
        resp = conn.getresponse()
        if resp.status != 200:
            raise OSError(f"stream answered {resp.status}")
        # When the server ends the stream, the loop ends: reconnect, as EventSource does.
        for part in sse.blocks(resp):
            name = re.search(rb"^event: ?(\S+)", part, re.M)
            ident = re.search(rb"^id: ?(\d+)", part, re.M)
            if name and name.group(1) == b"outcome" and ident:
                self.seqs.append(int(ident.group(1)))
                self.times.append(time.monotonic())
            elif name and name.group(1) == b"completed":
                self.completed_at = time.monotonic()
                self.completed = True
                conn.close()
                return

    def longest_pause_after(self, t0):
        """The longest time after t0, until `completed`, in which the stream brought no outcome."""
        longest, last = 0.0, t0
        for t in self.times + ([self.completed_at] if self.completed_at is not None else []):
            if t > t0:
                longest, last = max(longest, t - last), t
        return longest


class Progress(threading.Thread):
    """Samples the batch's progress, to say how long a fault held it up."""

    def __init__(self, replicas, batch_id):
        super().__init__(daemon=True)
        self.replicas, self.batch_id, self.samples, self.done = replicas, batch_id, [], False

    def processed(self):
        return self.samples[-1][1] if self.samples else 0

    def run(self):
        while not self.done:
            for replica in self.replicas:
                if replica.alive():
                    try:
                        b = batch(replica, self.batch_id)
                        if b:
                            self.samples.append((time.monotonic(), b["processed"], b["status"]))
                            if b["status"] == "COMPLETED":
                                self.done = True
                            break
                    except Exception:
                        pass
            time.sleep(0.2)

    def longest_stall_after(self, t0):
        """The longest time after t0 during which no address was processed."""
        longest, last_t, last_p = 0.0, t0, None
        for t, p, _ in self.samples:
            if t < t0:
                last_p = p
                continue
            if last_p is None or p > last_p:
                longest = max(longest, t - last_t)
                last_t, last_p = t, p
        return longest

    def completed_at(self):
        for t, _, status in self.samples:
            if status == "COMPLETED":
                return t
        return None


def check_exactly_once(account, batch_id, emails, subscriber):
    n = len(emails)
    outcomes = psql(f"SELECT count(*) || '/' || count(DISTINCT seq) || '/' || min(seq) || '/' || max(seq)"
                    f" FROM invitation_outcomes WHERE account_id = '{account}' AND batch_id = '{batch_id}'")
    assert outcomes == f"{n}/{n}/1/{n}", f"outcomes (count/distinct/min/max): {outcomes}, expected {n} once each"
    members = psql(f"SELECT count(*) || '/' || count(DISTINCT profile_id) FROM memberships"
                   f" WHERE account_id = '{account}' AND batch_id = '{batch_id}'")
    assert members == f"{n}/{n}", f"memberships (count/distinct): {members}, expected {n}"
    mails = psql(f"SELECT count(*) || '/' || count(DISTINCT recipient) FROM mail_outbox"
                 f" WHERE account_id = '{account}' AND kind = 'INVITATION_PASSWORD'")
    assert mails == f"{n}/{n}", f"outbox mails (count/distinct): {mails}, expected {n}"
    status = psql(f"SELECT status || '/' || total FROM invitation_batches WHERE account_id = '{account}'"
                  f" AND id = '{batch_id}'")
    assert status == f"COMPLETED/{n}", status
    subscriber.join(60)
    assert subscriber.completed, "the SSE subscriber never got `completed`"
    seqs = subscriber.seqs
    assert len(seqs) == n and len(set(seqs)) == n, (
        f"SSE: {len(seqs)} events, {len(set(seqs))} distinct seqs, expected {n} once each")
    return (f"{n} outcomes, memberships and outbox mails, once each; SSE {n} seqs once"
            f" ({subscriber.reconnects} resumes, served by {'→'.join(dict.fromkeys(subscriber.served_by))})")


def mails_received(emails):
    """The Message-IDs of the mails GreenMail holds for each address, one entry per copy."""
    ids = {}
    for email in emails:
        status, body = request("GET", f"{MAIL_API}/api/user/{urllib.parse.quote(email)}/messages/INBOX", timeout=30)
        messages = json.loads(body) if status == 200 else []
        ids[email] = [(re.findall(r"<outbox-\d+\.\d+@[^>\s]+>", json.dumps(m)) or ["?"])[0] for m in messages]
    return ids


def check_mails(emails, in_flight):
    """Each address has its one mail. A replica killed between the server's 250 and writing the
    result has that mail sent again by another, with the same Message-ID (receivers fold such
    copies into one); no lease can close that window, so copies are allowed only that way, at
    most one per mail the killed replica had in flight."""
    ids = mails_received(emails)
    missing = [e for e, got in ids.items() if not got]
    assert not missing, f"{len(missing)} addresses got no mail, e.g. {missing[:3]}"
    mixed = {e: got for e, got in ids.items() if len(set(got)) != 1}
    assert not mixed, f"{len(mixed)} addresses got different mails, e.g. {list(mixed.items())[:2]}"
    copies = sum(len(got) - 1 for got in ids.values())
    assert copies <= in_flight, f"{copies} second copies, more than the {in_flight} mails a replica has in flight"
    return copies


# ---------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------
def emails_for(tag, n):
    run = uuid.uuid4().hex[:6]
    return [f"{tag}-{run}-{i}@faults.example" for i in range(1, n + 1)]


def restart_the_dead(ctx):
    for replica in ctx.replicas:
        if not replica.alive():
            replica.start()


def worker_fault(ctx, name, inject, size=None):
    """A batch posted, its processing hit by a fault, then everything checked exactly once.
    inject(account, holder, other) is given the replica whose consumer holds the account's requests
    partition and the other one, to which the batch is posted and whose stream is followed; any
    replica it stops is started again afterwards."""
    size = size or ctx.size
    a, b = ctx.replicas
    account = new_account(a if a.alive() else b, size, name)
    holder = partition_holder(ctx.replicas, account)
    other = b if holder is a else a
    emails = emails_for(name, size)
    batch_id = post_batch(other, account, emails)
    subscriber = Subscriber([other, holder], batch_id)
    subscriber.start()
    progress = Progress([other, holder], batch_id)
    progress.start()
    until("the batch under way", lambda: progress.processed() >= size // 10, 120, 0.05)
    fault_at = time.monotonic()
    detail = inject(account, holder, other)
    until("the batch completed", lambda: progress.done, 600, 0.5)
    completed = progress.completed_at() - fault_at
    stall = progress.longest_stall_after(fault_at)
    restart_the_dead(ctx)
    checks = check_exactly_once(account, batch_id, emails, subscriber)
    set_mails_aside(psql, account)
    return (f"{size} addresses; {detail}; completed {completed:.1f} s after the fault,"
            f" longest pause {stall:.1f} s; {checks}")


def dead_upload(ctx):
    a, b = ctx.replicas
    account = new_account(b, 10_000_000, "dead-upload")
    neighbour = new_account(b, 10, "dead-upload neighbour")
    total = 300_000
    lines = "".join(f"dead-{i}@faults.example\n" for i in range(total)).encode()
    key = f"dead-{uuid.uuid4().hex[:8]}"

    # A client streaming a large body slowly to replica a, which is killed mid-upload.
    sock = socket.create_connection(("127.0.0.1", a.port), timeout=30)
    sock.sendall((f"POST /api/v1/accounts/{account}/invitations?role=EDITOR HTTP/1.1\r\n"
                  f"Host: 127.0.0.1\r\nAuthorization: Bearer {TOKEN()}\r\nContent-Type: text/plain\r\n"
                  f"Idempotency-Key: {key}\r\nContent-Length: {len(lines)}\r\n\r\n").encode())
    sent, piece = 0, 64 * 1024
    deadline = time.monotonic() + 30
    while sent < len(lines) // 2 and time.monotonic() < deadline:
        sock.sendall(lines[sent:sent + piece])
        sent += piece
        time.sleep(0.02)
    receiving = until("a batch receiving the body", lambda: psql(
        f"SELECT count(*) FROM invitation_batches WHERE account_id = '{account}' AND status = 'RECEIVING'") == "1", 30)
    a.stop_with(signal.SIGKILL)
    killed_at = time.monotonic()
    sock.close()
    mine = post_batch(b, account, ["after-death@faults.example"])
    theirs = post_batch(b, neighbour, ["neighbour@faults.example"])
    for batch_id in (mine, theirs):
        until("a batch behind the dead request", lambda: (batch(b, batch_id) or {}).get("status") == "COMPLETED", 60)
    held = time.monotonic() - killed_at
    until("the dead batch dropped", lambda: psql(
        f"SELECT count(*) FROM invitation_batches WHERE account_id = '{account}' AND status = 'RECEIVING'") == "0", 60)
    retried = post_batch(b, account, ["retry@faults.example"], key)
    until("the retried batch", lambda: (batch(b, retried) or {}).get("status") == "COMPLETED", 60)
    a.start()
    assert receiving and held < 60, f"batches behind the dead request waited {held:.1f} s"
    return (f"replica a killed after sending {sent // 1024} KiB of {len(lines) // 1024} KiB; the batches of the same"
            f" account and of another account behind it completed {held:.1f} s after the kill; the dead batch was"
            f" dropped and its Idempotency-Key took a new batch")


def kill_worker(ctx):
    """SIGKILL mid-apply: the dead replica's chunk transaction rolls back and its account lock goes
    with its connection, so any live applier takes the account over at its next poll, with no Kafka
    session timeout to wait for (the consumers moved the records into PostgreSQL as they read
    them). The longest pause says how long the take-over took."""
    def inject(account, holder, other):
        victim, how = target_applier(ctx, account, "the account")
        victim.stop_with(signal.SIGKILL)
        return f"replica {victim.name} ({how}) SIGKILLed"
    return worker_fault(ctx, "kill-worker", inject)


def term_worker(ctx):
    def inject(account, holder, other):
        victim, how = target_applier(ctx, account, "the account")
        code, took = victim.stop_with(signal.SIGTERM)
        return f"replica {victim.name} ({how}) SIGTERMed, exited ({code}) in {took:.1f} s"
    return worker_fault(ctx, "term-worker", inject, ctx.term_size)


FAIR_BIG, FAIR_SMALL, FAIR_SMALLS, FAIR_SAME_PARTITION = 100_000, 5_000, 5, 2
PROCESSED = ("count_invited + count_invited_sso + count_added_existing_user + count_already_member"
             " + count_quota_reached + count_invalid_email + count_duplicate")


def fair_share_accounts(replica, partition):
    """FAIR_SMALLS new accounts, FAIR_SAME_PARTITION of them keyed onto `partition`. The service
    makes the ids, so accounts are made until enough land there (one in PARTITIONS does); the
    others made on the way stay empty."""
    on, off, made = [], [], 0
    while len(on) < FAIR_SAME_PARTITION or len(on) + len(off) < FAIR_SMALLS:
        assert made < PARTITIONS * 12, f"only {len(on)} of {made} accounts keyed onto partition {partition}"
        account = new_account(replica, FAIR_SMALL, "kill-fair-share small")
        made += 1
        (on if partition_of(account, PARTITIONS) == partition else off).append(account)
    rest = (off + on[FAIR_SAME_PARTITION:])[:FAIR_SMALLS - FAIR_SAME_PARTITION]
    return on[:FAIR_SAME_PARTITION] + rest, made


def kill_fair_share(ctx):
    """Fairness across a kill. One account's 100,000 addresses, then, right after its 202, five
    other accounts' 5,000 each, all posted to replica a; two of the five are keyed onto the big
    account's partition, so their records reach Kafka behind its 100,000. The replica applying the
    big account is SIGKILLed while the five are under way; the survivor's appliers take every
    account over, and the five must still complete before the big one.

    The kill comes as soon as the five batches are wholly in the inbox, not at a share of the big
    batch: accounts are served in turn, so a batch of 5,000 (three chunks) is done a few seconds
    after its 202, while the big one is still near its start; a kill at 30 % of it would meet no
    fair share. Waiting for the inbox keeps Kafka's session timeout (a dead consumer's partitions
    go to the survivor 10 s later) out of the test: what is killed here is the applying."""
    a, b = ctx.replicas
    big = new_account(a, FAIR_BIG, "kill-fair-share big")
    partition = partition_of(big, PARTITIONS)
    smalls, made = fair_share_accounts(a, partition)
    try:
        result = fair_share_under_kill(ctx, big, partition, smalls, made)
    except BaseException:
        # Even after a failure: 125,000 pending mails would hold up the mail scenarios' own. Briefly,
        # though, as batches that did not complete may still be writing theirs.
        for account in [big] + smalls:
            try:
                set_mails_aside(psql, account, within=60)
            except AssertionError:
                pass
        raise
    for account in [big] + smalls:
        set_mails_aside(psql, account)
    return result


def fair_share_under_kill(ctx, big, partition, smalls, made):
    a, b = ctx.replicas
    # Both replicas in the group before anything is posted: a replica restarted by the scenario
    # before joins with a rebalance, which would move partitions in the middle of the intake.
    holder = partition_holder(ctx.replicas, big)
    ensure_pgrowlocks()
    big_emails = emails_for("fair-big", FAIR_BIG)
    small_emails = [emails_for(f"fair-small{i}", FAIR_SMALL) for i in range(FAIR_SMALLS)]
    big_batch = post_batch(a, big, big_emails)
    accepted = time.monotonic()
    streams = {big_batch: Subscriber([a, b], big_batch)}
    streams[big_batch].start()

    # The five at once, as five tenants would post them.
    posted = [None] * FAIR_SMALLS

    def post(i):
        try:
            posted[i] = post_batch(a, smalls[i], small_emails[i])
        except BaseException as e:  # reported below, with the others
            posted[i] = e
    threads = [threading.Thread(target=post, args=(i,), daemon=True) for i in range(FAIR_SMALLS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(320)
    refused = [p for p in posted if not isinstance(p, str)]
    assert not refused, f"small batches not accepted: {refused}"
    small_batches = posted
    for batch_id in small_batches:
        streams[batch_id] = Subscriber([a, b], batch_id)
        streams[batch_id].start()
    account_of = dict(zip([big_batch] + small_batches, [big] + smalls))
    emails_of = dict(zip([big_batch] + small_batches, [big_emails] + small_emails))
    quoted = ", ".join(f"'{x}'" for x in account_of)
    smalls_quoted = ", ".join(f"'{x}'" for x in small_batches)

    # A batch's last slice (last_seq = total) in the inbox means all of it is there: one account's
    # records come in order on one partition, and a slice is deleted only once applied.
    until("the small batches wholly in the inbox", lambda: psql(
        f"SELECT count(*) FROM invitation_batches b WHERE b.id IN ({smalls_quoted}) AND (b.status = 'COMPLETED'"
        f" OR EXISTS (SELECT 1 FROM invitation_inbox i WHERE i.batch_id = b.id AND i.last_seq = b.total))")
        == str(FAIR_SMALLS), 60, 0.05)
    victim, how = target_applier(ctx, big, "the big account")
    victim.stop_with(signal.SIGKILL)
    killed, killed_wall = time.monotonic(), time.time()
    # Read just after the kill, so that the kill follows its sighting at once: the dead replica's
    # chunk is rolled back, and a batch counted under way here surely was at the kill.
    state = {row.split("|")[0]: row.split("|")[1:] for row in psql(
        f"SELECT id, {PROCESSED}, status FROM invitation_batches WHERE id IN ({quoted})").splitlines()}
    big_share = int(state[big_batch][0]) / FAIR_BIG
    under_way = [x for x in small_batches if state[x][1] != "COMPLETED"]
    say(f"kill-fair-share: replica {victim.name} ({how}) SIGKILLed {killed - accepted:.1f} s after the big"
        f" batch's 202; the big batch {big_share:.0%} processed, {len(under_way)} of {FAIR_SMALLS} small batches"
        f" under way ({', '.join(state[x][0] for x in small_batches)} of {FAIR_SMALL} processed)")

    until("every batch completed", lambda: psql(
        f"SELECT count(*) FROM invitation_batches WHERE id IN ({quoted}) AND status = 'COMPLETED'")
        == str(len(account_of)), 300, 0.5)
    # completed_at is the service's (its chunk transaction's start); both clocks are this host's.
    done = {row.split("|")[0]: float(row.split("|")[1]) - killed_wall for row in psql(
        f"SELECT id, extract(epoch FROM completed_at) FROM invitation_batches WHERE id IN ({quoted})").splitlines()}
    restart_the_dead(ctx)
    checks = {x: check_exactly_once(account_of[x], x, emails_of[x], streams[x]) for x in account_of}
    pause = streams[big_batch].longest_pause_after(killed)

    def when(x):
        same = " (same partition)" if partition_of(account_of[x], PARTITIONS) == partition else ""
        return f"{done[x]:+.1f} s{same}"
    late = [x for x in small_batches if done[x] >= done[big_batch]]
    assert not late, (f"{len(late)} small batch(es) completed after the big one; after the kill: small"
                      f" {', '.join(map(when, small_batches))}, big {when(big_batch)}")
    met = (f"{len(under_way)} of {FAIR_SMALLS} small batches under way at the kill" if under_way else
           "every small batch had completed before the kill, so the kill met no fair share this time")
    return (f"{FAIR_BIG} addresses and {FAIR_SMALLS} x {FAIR_SMALL} ({made} accounts made to find"
            f" {FAIR_SAME_PARTITION} on the big account's partition {partition}, held by replica {holder.name});"
            f" replica {victim.name} ({how}) SIGKILLed {killed - accepted:.1f} s after the big batch's 202,"
            f" the big batch {big_share:.0%} processed, {met}; completed after the kill: small"
            f" {', '.join(map(when, small_batches))}, big {when(big_batch)}: the small ones first;"
            f" longest pause of the big batch's stream {pause:.1f} s; each batch's outcomes, memberships and"
            f" outbox mails once each and every seq once on its stream (the big batch: {checks[big_batch]})")


def term_stream(ctx):
    """SIGTERM of the replica serving the SSE stream (its appliers may hold some of the batch's
    chunks too): it ends its streams so its shutdown does not wait for them, and the subscriber
    resumes on the other replica."""
    def inject(account, holder, other):
        code, took = other.stop_with(signal.SIGTERM)
        assert took < 15, f"the replica serving the stream took {took:.1f} s to exit"
        return f"replica {other.name} (serving the stream) SIGTERMed, exited ({code}) in {took:.1f} s"
    return worker_fault(ctx, "term-stream", inject, ctx.term_size)


def kafka_restart(ctx):
    def inject(account, holder, other):
        t0 = time.monotonic()
        ctx.kafka.stop()
        time.sleep(5)
        ctx.kafka.start()
        return f"the broker stopped and started again ({time.monotonic() - t0:.1f} s away)"
    return worker_fault(ctx, "kafka-restart", inject)


def postgres_restart(ctx):
    def inject(account, holder, other):
        t0 = time.monotonic()
        cluster = sorted(os.listdir("/etc/postgresql"))[0]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart", "-m", "fast"],
                       check=True, timeout=120, capture_output=True)
        return f"PostgreSQL restarted ({time.monotonic() - t0:.1f} s away)"
    return worker_fault(ctx, "postgres-restart", inject)


def smtp_down(ctx):
    a, b = ctx.replicas
    n = ctx.mails
    account = new_account(a, n, "smtp-down")
    emails = emails_for("smtp-down", n)
    ctx.proxy.set_up(False)
    try:
        batch_id = post_batch(a, account, emails)
        until("the batch completed", lambda: (batch(a, batch_id) or {}).get("status") == "COMPLETED", 120)
        time.sleep(60)
        attempts = psql(f"SELECT count(*) FILTER (WHERE status = 'PENDING') || '/' || max(attempts)"
                        f" FROM mail_outbox WHERE account_id = '{account}'")
        assert attempts == f"{n}/0", f"after 60 s down (pending/most attempts): {attempts}"
    finally:
        ctx.proxy.set_up(True)
    back = time.monotonic()
    until("every mail sent", lambda: psql(
        f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'SENT'") == str(n), 300, 0.5)
    drained = time.monotonic() - back
    check_mails(emails, 0)
    return (f"{n} mails waited 60 s with no attempt used; all sent {drained:.1f} s after the server came back;"
            f" GreenMail holds exactly one per address")


def mail_kill(ctx):
    a, b = ctx.replicas
    n = ctx.mails
    account = new_account(a, n, "mail-kill")
    emails = emails_for("mail-kill", n)
    ctx.proxy.set_up(False)
    batch_id = post_batch(a, account, emails)
    until("the batch completed", lambda: (batch(a, batch_id) or {}).get("status") == "COMPLETED", 120)
    ctx.proxy.delay = 0.02
    ctx.proxy.set_up(True)
    try:
        until("mails being sent", lambda: int(psql(
            f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'SENT'")) >= n // 10, 120)
        a.stop_with(signal.SIGKILL)
        killed = time.monotonic()
        until("every mail sent", lambda: psql(
            f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'SENT'") == str(n), 300, 0.5)
        drained = time.monotonic() - killed
    finally:
        ctx.proxy.delay = 0.0
    a.start()
    copies = check_mails(emails, MAILER_POOL)
    return (f"SMTP slowed to 20 ms a command; replica a SIGKILLed mid-drain; the rest sent {drained:.1f} s later;"
            f" every address got its mail, {n - copies} of {n} exactly once, {copies} a second copy with the same"
            f" Message-ID (sent between the server's 250 and the kill; at most {MAILER_POOL}, the mails in flight)")


def sent_by(replica):
    """The mails the SMTP server accepted from this replica (its usher_mails_sent_total)."""
    status, body = request("GET", f"{replica.management}/q/metrics", timeout=10)
    found = re.search(rb"^usher_mails_sent_total(?:\{[^}]*\})? ([0-9.eE+]+)$", body, re.M) if status == 200 else None
    return float(found.group(1)) if found else 0.0


def term_relay(ctx):
    """A rolling update meets a replica mid-drain: SIGTERM, unlike a kill, leaves no window for a
    second copy. The replica stops starting sends as its readiness goes DOWN, the sends under way
    finish, and their results are written before the database pool closes; the mails it had not
    started are handed back at once and sent by the other replica."""
    a, b = ctx.replicas
    n = ctx.term_mails
    account = new_account(a, n, "term-relay")
    emails = emails_for("term-relay", n)
    ctx.proxy.set_up(False)
    batch_id = post_batch(a, account, emails)
    until("the batch completed", lambda: (batch(a, batch_id) or {}).get("status") == "COMPLETED", 300)
    # 20 ms a command: a mail takes about 0.15 s, so each replica always has sends under way.
    ctx.proxy.delay = 0.02
    ctx.proxy.set_up(True)
    try:
        until("mails being sent", lambda: int(psql(
            f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'SENT'")) >= n // 20, 300)
        sender = max((a, b), key=sent_by)
        before = int(psql(f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'SENT'"))
        code, took = sender.stop_with(signal.SIGTERM)
        # 143 (128 + SIGTERM) is the JVM's orderly exit on SIGTERM once its shutdown has run.
        assert code in (0, 143), f"replica {sender.name} exited with {code} after SIGTERM"
    finally:
        ctx.proxy.delay = 0.0
    stopped = time.monotonic()
    until("every mail sent", lambda: psql(
        f"SELECT count(*) FROM mail_outbox WHERE account_id = '{account}' AND status = 'SENT'") == str(n), 600, 0.5)
    drained = time.monotonic() - stopped
    attempts = psql(f"SELECT max(attempts) FROM mail_outbox WHERE account_id = '{account}'")
    sender.start()
    time.sleep(3)  # a second copy, were one under way, arrives meanwhile
    copies = check_mails(emails, 0)
    assert attempts == "1", f"a mail took {attempts} attempts: one was sent again after its lease ran out"
    return (f"SMTP slowed to 20 ms a command; replica {sender.name} SIGTERMed with {before} of {n} sent, exited"
            f" (code {code}) in {took:.1f} s; the rest sent"
            f" {drained:.1f} s later; every address got exactly one mail, one Message-ID ({copies} second copies),"
            f" every mail on its first attempt")


# ---------------------------------------------------------------------------------------------
# kafka-blip-api: readiness that means "can serve"
# ---------------------------------------------------------------------------------------------
# The public origin both API replicas serve, as a load balancer in front of them would: they
# believe X-Forwarded-Host from loopback, so OIDC sends the browser back here (the local realm's
# redirect URIs), and the client below hands each request to the replica it chose.
PUBLIC = "127.0.0.1:8080"
API_SETTINGS = {
    "USHER_WORKERS_ENABLED": "false",
    # An upload during the outage answers its 503 problem within 4 s rather than 15 s.
    "USHER_INVITATIONS_PUBLISH_TIMEOUT": "PT4S",
    "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING": "true",
    "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED": "true",
    "QUARKUS_HTTP_PROXY_ENABLE_FORWARDED_HOST": "true",
    "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES": "127.0.0.1",
}


class Browser:
    """A person's browser behind a load balancer: cookies kept by hand per host (Keycloak sets
    Secure cookies on plain http, which browsers keep on loopback), redirects followed by hand, and
    every request for the public origin sent to one chosen replica with X-Forwarded-Host."""

    def __init__(self):
        self.jars = {}

    def send(self, method, url, replica, body=None, headers=None, timeout=10):
        parts = urllib.parse.urlsplit(url)
        host, target = parts.netloc, parts.path + (f"?{parts.query}" if parts.query else "")
        jar = self.jars.setdefault(host, {})
        sent = {"Accept": "text/html", "Accept-Language": "en", **(headers or {})}
        port = parts.port
        if host == PUBLIC:
            port = replica.port
            sent.update({"X-Forwarded-Host": PUBLIC, "X-Forwarded-Proto": "http"})
        if jar:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            conn.request(method, target, body, sent)
            resp = conn.getresponse()
            data = resp.read()
            for header, value in resp.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.split(";", 1)[0].partition("=")
                    if not rest or "max-age=0" in value.lower():
                        jar.pop(name.strip(), None)
                    else:
                        jar[name.strip()] = rest.strip()
            return resp.status, resp.getheader("Location"), data
        finally:
            conn.close()

    def open(self, path, replica, within=10):
        """GET, following redirects: the last status, URL and body."""
        url = f"http://{PUBLIC}{path}"
        status, location, data = self.send("GET", url, replica, timeout=within)
        for _ in range(10):
            if status not in (301, 302, 303, 307) or not location:
                break
            url = urllib.parse.urljoin(url, location)
            status, location, data = self.send("GET", url, replica, timeout=within)
        return status, url, data

    def sign_in(self, replica):
        """The platform admin through Keycloak's sign-in form (authorization-code flow)."""
        status, url, page = self.open("/console", replica)
        found = re.search(rb'<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"', page) or re.search(
            rb'<form[^>]*action="([^"]+)"[^>]*id="kc-form-login"', page)
        assert found, f"no Keycloak sign-in form at {url} ({status})"
        action = found.group(1).decode().replace("&amp;", "&")
        form = urllib.parse.urlencode({"username": "admin@usher.example", "password": STACK["ADMIN_PASSWORD"],
                                       "credentialId": ""})
        status, location, _ = self.send("POST", action, replica, form,
                                        {"Content-Type": "application/x-www-form-urlencoded"})
        url = action
        for _ in range(10):
            if status not in (301, 302, 303, 307) or not location:
                break
            url = urllib.parse.urljoin(url, location)
            status, location, _ = self.send("GET", url, replica)
        assert status == 200 and urllib.parse.urlsplit(url).path.startswith("/console"), (
            f"signed in, but landed on {url} ({status})")


def kafka_blip_api(ctx):
    """The broker away 10 s. The workers' readiness goes DOWN (their work needs Kafka; nothing
    routes traffic to them); the API replicas' stays UP: pages, polls and streams need PostgreSQL
    only, and an upload answers its own 503 problem. Then the batch completes, each address once."""
    a, b = ctx.replicas
    if not ctx.apis:
        ctx.apis = [Replica("api1", 8083, API_SETTINGS), Replica("api2", 8084, API_SETTINGS)]
    for replica in ctx.apis:
        if not replica.alive():
            replica.start()
    api1, api2 = ctx.apis
    account = new_account(api1, ctx.size, "kafka-blip-api")
    emails = emails_for("kafka-blip-api", ctx.size)
    batch_id = post_batch(api1, account, emails)
    subscriber = Subscriber(ctx.apis, batch_id)
    subscriber.start()
    progress = Progress([api1], batch_id)
    progress.start()
    browser = Browser()
    browser.sign_in(api2)
    page = f"/console/accounts/{account}/batches/{batch_id}"
    status, url, _ = browser.open(page, api2)
    assert status == 200, f"the console page before the fault: {status} at {url}"
    until("the batch under way", lambda: progress.processed() >= ctx.size // 10, 120, 0.05)

    answers = {"poll": {}, "console": {}, "ready api1": {}, "ready api2": {}, "ready a": {}, "ready b": {}}

    def count(kind, status):
        answers[kind][status] = answers[kind].get(status, 0) + 1

    upload = {}

    def post_during_outage():
        t0 = time.monotonic()
        status, body = api(api2, "POST", f"/api/v1/accounts/{account}/invitations?role=EDITOR",
                           "blip-upload@faults.example", "text/plain", timeout=60)
        upload.update(status=status, body=body, took=time.monotonic() - t0)

    def probe(replica, stop):
        # Each replica's readiness on its own thread: a worker's may take its whole timeout to say
        # DOWN, and must not thin out the samples of the others.
        while not stop.is_set():
            count(f"ready {replica.name}", request("GET", f"{replica.management}/q/health/ready", timeout=3)[0])
            stop.wait(0.5)

    t0 = time.monotonic()
    ctx.kafka.stop()
    away_from = time.monotonic()
    uploader = threading.Thread(target=post_during_outage, daemon=True)
    uploader.start()
    stop = threading.Event()
    probes = [threading.Thread(target=probe, args=(r, stop), daemon=True) for r in (api1, api2, a, b)]
    for p in probes:
        p.start()
    try:
        while time.monotonic() - away_from < 10:
            status, _ = api(api1, "GET", f"/api/v1/invitation-batches/{batch_id}", timeout=5)
            count("poll", status)
            status, _, _ = browser.open(page, api2, within=5)
            count("console", status)
            time.sleep(0.2)
    finally:
        stop.set()
        ctx.kafka.start()
    for p in probes:
        p.join(5)
    away = time.monotonic() - t0
    uploader.join(60)
    until("the batch completed", lambda: progress.done, 600, 0.5)
    checks = check_exactly_once(account, batch_id, emails, subscriber)
    set_mails_aside(psql, account)

    assert set(answers["poll"]) == {200}, f"polls during the outage answered {answers['poll']}"
    assert set(answers["console"]) == {200}, f"the console page during the outage answered {answers['console']}"
    for name in ("api1", "api2"):
        assert set(answers[f"ready {name}"]) == {200}, (
            f"/q/health/ready of API replica {name} during the outage: {answers[f'ready {name}']}")
    problem = upload.get("status") == 503 and b"/unavailable" in upload.get("body", b"")
    assert problem, f"the upload during the outage answered {upload.get('status')}: {upload.get('body', b'')[:200]}"
    workers = ", ".join(f"{n} {answers[f'ready {n}']}" for n in ("a", "b"))
    return (f"the broker away {away:.1f} s; polls {answers['poll']}, console page {answers['console']},"
            f" API readiness {answers['ready api1']} / {answers['ready api2']} (always UP); an upload answered"
            f" a 503 problem in {upload['took']:.1f} s; the workers' readiness (theirs may go DOWN): {workers}; {checks}")


class Kafka:
    """The local stack's broker, stopped and started again with its data kept."""

    def __init__(self):
        self.process = None

    def pids(self):
        out = subprocess.run(["pgrep", "-f", "kafka.Kafka .*server.properties"], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def stop(self):
        for pid in self.pids():
            os.kill(pid, signal.SIGTERM)
        until("the broker stopped", lambda: not self.pids(), 60, 0.2)

    def start(self):
        libs = os.path.join(os.environ.get("USHER_TOOLS_DIR", os.path.expanduser("~/.cache/usher")))
        kafka_libs = [d for d in os.listdir(libs) if d.startswith("kafka-")]
        classpath = os.path.join(libs, sorted(kafka_libs)[-1], "libs", "*")
        log = open(os.path.join(LOG_DIR, "faults-kafka.log"), "ab")
        self.process = subprocess.Popen(
            [JAVA, "-Xmx256m", f"-Dusher-local-stack={RUN_DIR}", "-cp", classpath, "kafka.Kafka",
             os.path.join(RUN_DIR, "kafka", "server.properties")],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        until("the broker back", lambda: socket.create_connection(("127.0.0.1", KAFKA_PORT), timeout=1), 60, 0.3)


class Context:
    def __init__(self, size, mails):
        self.size, self.mails = size, mails
        self.replicas = [Replica("a", 8081), Replica("b", 8082)]
        self.apis = []  # API-only replicas, started by the scenario that needs them
        self.proxy = SmtpProxy()
        self.kafka = Kafka()


SCENARIOS = {
    "dead-upload": dead_upload,
    "kill-worker": kill_worker,
    "term-worker": term_worker,
    "kill-fair-share": kill_fair_share,
    "term-stream": term_stream,
    "kafka-restart": kafka_restart,
    "postgres-restart": postgres_restart,
    "smtp-down": smtp_down,
    "mail-kill": mail_kill,
    "term-relay": term_relay,
    "kafka-blip-api": kafka_blip_api,
}


def main():
    args = sys.argv[1:]
    if "-h" in args or "--help" in args:
        print(__doc__.strip())
        return
    # The SIGTERM scenarios take a 100,000-address batch, as a rolling update meets one.
    size, term_size, mails = 30_000, 100_000, 1_000
    if "--size" in args:
        i = args.index("--size")
        size = int(args[i + 1])
        del args[i:i + 2]
    if "--term-size" in args:
        i = args.index("--term-size")
        term_size = int(args[i + 1])
        del args[i:i + 2]
    chosen = args or list(SCENARIOS)
    unknown = [c for c in chosen if c not in SCENARIOS]
    if unknown:
        sys.exit(f"unknown scenario(s) {unknown}; known: {list(SCENARIOS)}")
    if not STACK:
        sys.exit(f"no local stack ({STACK_ENV} is missing): deployment/faults/run.sh starts one")
    ctx = Context(size, mails)
    ctx.term_size = term_size
    ctx.term_mails = 10_000
    ctx.proxy.start()
    # No mail leaves during the worker scenarios: they count outbox rows; the mail scenarios
    # open the way and count what GreenMail receives.
    ctx.proxy.set_up(False)
    passed, failed = 0, 0
    try:
        for replica in ctx.replicas:
            replica.start()
        for name in chosen:
            say(f"{name}: starting")
            t0 = time.monotonic()
            try:
                for replica in ctx.replicas:
                    if not replica.alive():
                        replica.start()
                result = SCENARIOS[name](ctx)
                passed += 1
                say(f"{name}: PASSED in {time.monotonic() - t0:.0f} s: {result}")
            except Exception as e:  # one scenario's failure is reported, the others still run
                failed += 1
                say(f"{name}: FAILED after {time.monotonic() - t0:.0f} s: {type(e).__name__}: {e}")
    finally:
        for replica in ctx.replicas + ctx.apis:
            replica.stop()
        if ctx.kafka.process is not None:
            ctx.kafka.process.terminate()
    print(f"faults: {passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
