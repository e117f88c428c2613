#!/usr/bin/env python3
"""How soon a Server-Sent Events subscriber sees an event after it is recorded.

    subscriber-latency.py URL TOKEN COUNT

Subscribes to URL/v1/events (Accept: text/event-stream) from the head, then posts COUNT events
one at a time, a few milliseconds apart. For each it takes the time from sending the POST (before
the commit, so an upper bound on the time from the commit) to the subscriber reading the
event's `id:` line (the subscriber reads every event, other clients' too), and prints the median, p99 and worst in milliseconds. Standard library only.
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse

url, token, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
parts = urllib.parse.urlsplit(url)
auth = {"Authorization": "Bearer " + token}

health = http.client.HTTPConnection(parts.hostname, parts.port)
health.request("GET", "/health")
head = json.loads(health.getresponse().read())["head"]

seen = {}
ready = threading.Event()
done = threading.Event()


def subscribe():
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    conn.request("GET", "/v1/events", headers=dict(auth, **{"Accept": "text/event-stream", "Last-Event-ID": str(head)}))
    response = conn.getresponse()
    assert response.status == 200, response.status
    ready.set()
    while not done.is_set():
        line = response.fp.readline()
        if not line:
            return
        if line.startswith(b"id:"):
            seen[int(line[3:].strip())] = time.monotonic()


reader = threading.Thread(target=subscribe, daemon=True)
reader.start()
ready.wait(10)
poster = http.client.HTTPConnection(parts.hostname, parts.port)
sent = {}
for n in range(count):
    body = json.dumps({"type": "subject.registered", "occurredAt": "2025-03-01T09:00:00Z",
                       "data": {"kind": "person", "name": "Latency Probe %d" % n, "dateOfBirth": "1980-01-01"}})
    start = time.monotonic()
    poster.request("POST", "/v1/events", body=body, headers=dict(auth, **{"Content-Type": "application/json"}))
    answer = poster.getresponse()
    payload = json.loads(answer.read())
    assert answer.status == 201, (answer.status, payload)
    sent[payload["events"][0]["position"]] = start
    time.sleep(0.005)
deadline = time.monotonic() + 30
while time.monotonic() < deadline and not all(p in seen for p in sent):
    time.sleep(0.01)
done.set()
latencies = sorted((seen[p] - t) * 1000 for p, t in sent.items() if p in seen)
missing = len(sent) - len(latencies)
if not latencies:
    sys.exit("subscriber-latency: the subscriber saw none of the events")
p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print("subscriber latency over %d events: median %.1f ms, p99 %.1f ms, worst %.1f ms, missing %d"
      % (len(latencies), p(0.5), p(0.99), latencies[-1], missing))
