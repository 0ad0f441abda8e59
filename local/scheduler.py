"""The local stand-in for EventBridge: at the top of every minute, POST /dev/tick with that minute.

`chalice local` never runs `@app.schedule` functions, so the stack asks the app to run them. The time
sent is the scheduled minute (as in an EventBridge event's `time`), not the moment the request leaves.
"""
import json
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

_open = urllib.request.build_opener(urllib.request.ProxyHandler({})).open  # the app is local


def next_minute(now):
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)


def tick(url, minute, timeout=50):
    """POST one tick; returns a one-line outcome for the log."""
    body = json.dumps({"time": minute.strftime("%Y-%m-%dT%H:%M:%SZ")}).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    started = time.monotonic()
    try:
        with _open(request, timeout=timeout) as response:
            status, text = response.status, response.read(300).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read(300).decode("utf-8", "replace")
    except OSError as error:
        status, text = "unreachable", str(error)
    took = (time.monotonic() - started) * 1000
    return status, f"tick {minute:%H:%M}Z → {status} in {took:.0f} ms: {text.strip()}"


class Scheduler(threading.Thread):
    def __init__(self, url, log_path, say, stop):
        super().__init__(name="scheduler", daemon=True)
        self.url, self.log_path, self.say, self.stop = url, log_path, say, stop

    def run(self):
        last_status, minute = 200, None
        with open(self.log_path, "a", encoding="utf-8") as log:
            while True:
                # A wait can end a hair early on the wall clock; never fire one minute twice.
                soonest = next_minute(datetime.now(timezone.utc))
                minute = soonest if minute is None else max(soonest, minute + timedelta(minutes=1))
                wait = (minute - datetime.now(timezone.utc)).total_seconds()
                if self.stop.wait(max(wait, 0)):
                    return
                status, line = tick(self.url, minute)
                log.write(line + "\n")
                log.flush()
                # Say it on the console only when the outcome changes, so a missing route is seen
                # once rather than every minute.
                if status != last_status:
                    self.say(f"scheduler: {line}")
                last_status = status
