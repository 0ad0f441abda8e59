"""The WeChat webhook's cost: DynamoDB calls per inbound question that becomes a consultation (target
≤ 4), and its time in-process (chalice.test.Client), normal and with a WeChat API that answers in 3 s.

Safe mode throughout (verify, decrypt, handle, encrypt), one citizen per question. The table is moto in
process, or DynamoDB Local when AWS_ENDPOINT_URL_DYNAMODB points at one (which also runs the concurrent
redelivery check: moto's transactions are not atomic under threads). moto copies the whole table on every
transaction, so its figures grow with the table; read them as sizes. The local-stack version
(`chalice local` over HTTP) comes with the local stack.

    python -m bench.webhook [--questions 200]
"""
import argparse
import contextlib
import json
import os
import statistics
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
TOKEN, APPID, KEY = "benchtoken", "wxbench000000001", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
QUESTION = "老板拖欠我三个月工资一共九千元，辞退我也不给经济补偿，我该怎么办？（{n}）"
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}


def _percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _figure(samples):
    return f"median {statistics.median(samples):.1f} ms, p99 {_percentile(samples, 0.99):.1f} ms (n={len(samples)})"


class CallCounter:
    """Counts DynamoDB API calls by operation at botocore's single entry point."""

    def __init__(self):
        self.calls = []

    @contextlib.contextmanager
    def installed(self):
        from botocore.client import BaseClient

        original = BaseClient._make_api_call

        def counting(client, operation, params):
            if client.meta.service_model.service_name == "dynamodb":
                self.calls.append(operation)
            return original(client, operation, params)
        BaseClient._make_api_call = counting
        try:
            yield self
        finally:
            BaseClient._make_api_call = original

    def since(self, mark):
        return self.calls[mark:]


def _environment(table_name, api_base):
    os.environ.update({
        "STAGE": "local", "TABLE_NAME": table_name, "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "bench"),
        "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "bench"),
        "WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID, "WECHAT_ENCODING_AES_KEY": KEY,
        "WECHAT_API_BASE": api_base, "LOG_LEVEL": "WARNING"})
    from chalicelib import settings

    settings.reset_settings()


def _push(openid, content, msg_id, now_ts, nonce):
    from chalicelib.wechat import encrypt, msg_signature, url_signature

    message = (f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{openid}]]>"
               f"</FromUserName><CreateTime>{now_ts}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
               f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>")
    sealed = encrypt(message, key=KEY, appid=APPID)
    query = {"signature": url_signature(TOKEN, now_ts, nonce), "timestamp": now_ts, "nonce": nonce,
             "encrypt_type": "aes", "msg_signature": msg_signature(TOKEN, now_ts, nonce, sealed)}
    body = f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[{sealed}]]></Encrypt></xml>"
    return "/wechat?" + urlencode(query), body.encode()


def _app():
    from app import app

    if "/wechat" in app.routes:
        return app
    from chalice import Chalice

    from chalicelib.routes import wechat

    bench_app = Chalice(app_name="zhangshangtong-bench")
    bench_app.register_blueprint(wechat.bp)
    return bench_app


def _prepare_table():
    from chalicelib.db.models import Category
    from chalicelib.db.schema import table_definition
    from chalicelib.wiring import Services, use

    services = use(Services())
    client = services.dynamodb()
    try:
        client.create_table(**table_definition(services.settings.table_name))
    except client.exceptions.ResourceInUseException:
        pass  # a cold DynamoDB Local can answer after the client's retry has begun
    services.table()
    seeds = json.loads((ROOT / "seeds" / "categories.json").read_text("utf-8"))["categories"]
    for c in seeds:
        Category(code=c["code"], name=c["name"], keywords=c["keywords"], order=c["order"],
                 payout_fen=c["payout_fen"]).save()
    return services


def _run(client, counter, label, questions, clock_ts):
    """Send `questions` new questions, then redeliver each once and send a keyword; time each."""
    timings = {"question": [], "redelivery": [], "keyword": []}
    calls_per_question, redelivery_calls = [], []
    for n in range(questions):
        openid = f"o{label}{n:05d}{uuid.uuid4().hex[:12]}"
        request = _push(openid, QUESTION.format(n=n), f"{label}{n}", clock_ts, f"q{n}")
        mark = len(counter.calls)
        started = time.perf_counter()
        first = client.http.post(request[0], body=request[1], headers={"Content-Type": "text/xml"})
        timings["question"].append((time.perf_counter() - started) * 1000)
        calls_per_question.append(counter.since(mark))
        mark = len(counter.calls)
        started = time.perf_counter()
        client.http.post(request[0], body=request[1], headers={"Content-Type": "text/xml"})
        timings["redelivery"].append((time.perf_counter() - started) * 1000)
        redelivery_calls.append(counter.since(mark))
        keyword = _push(openid, "帮助", f"{label}k{n}", clock_ts, f"k{n}")
        started = time.perf_counter()
        client.http.post(keyword[0], body=keyword[1], headers={"Content-Type": "text/xml"})
        timings["keyword"].append((time.perf_counter() - started) * 1000)
        assert first.status_code == 200 and b"<Encrypt>" in first.body
    return timings, calls_per_question, redelivery_calls


def _concurrent_check(app, clock_ts, messages=20, copies=4):
    """`copies` simultaneous deliveries of each of `messages` questions: consultations made, replies."""
    from chalice.config import Config
    from chalice.local import LocalGateway
    from chalice.test import HTTPResponse

    from chalicelib.db.consultations import citizen_consultations
    from chalicelib.wechat import decrypt, parse_message

    gateway, made, identical = LocalGateway(app, Config(chalice_stage="local")), 0, 0
    for n in range(messages):
        openid = f"oconcurrent{n:04d}{uuid.uuid4().hex[:10]}"
        path, body = _push(openid, QUESTION.format(n=n), f"c{n}{uuid.uuid4().int % 10**9}", clock_ts, f"c{n}")
        start, answers = threading.Barrier(copies), []

        def deliver():
            start.wait()
            answers.append(HTTPResponse.create_from_dict(gateway.handle_request(
                method="POST", path=path, headers={"content-type": "text/xml"}, body=body)))
        threads = [threading.Thread(target=deliver) for _ in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        made += len(citizen_consultations(openid))
        contents = {parse_message(decrypt(parse_message(a.body)["Encrypt"], keys=[KEY], appid=APPID))["Content"]
                    for a in answers if b"<Encrypt>" in a.body}
        identical += len(contents) == 1 and len(answers) == copies
    return made, identical, messages


def _phase(app, counter, label, api_base, questions):
    """A fresh table and composition root (a cold category cache), a warm-up, then the timed run."""
    from chalice.test import Client

    _environment(f"zst-bench-{label}-{uuid.uuid4().hex[:8]}", api_base)
    services = _prepare_table()
    now_ts = str(int(services.clock.now().timestamp()))
    with Client(app) as client:
        _, cold, _ = _run(client, counter, f"w{label}", 3, now_ts)  # imports, templates, connections
        timings, per_question, per_redelivery = _run(client, counter, label, questions, now_ts)
    return timings, cold[0], per_question, per_redelivery, now_ts


def main(questions=200):
    from local.wechat_stub import serve

    endpoint = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") or os.environ.get("AWS_ENDPOINT_URL")
    slow_api, standin = serve(0)
    standin.set_behaviour({"delay_ms": 3000})
    slow_base = f"http://127.0.0.1:{slow_api.server_address[1]}"
    backend = f"DynamoDB at {endpoint}" if endpoint else "moto (in process)"
    counter = CallCounter()
    mock = contextlib.nullcontext()
    if not endpoint:
        from moto import mock_aws
        mock = mock_aws()
    # As on AWS: a chat question is started by the table's stream after the reply, not on the reply
    # path. Locally a worker thread does it, which would count its calls here and, on moto (not
    # thread-safe), corrupt the table under the next request.
    from chalicelib import after_commit

    after_commit.soon = lambda *args, **kwargs: 0
    with mock, counter.installed():
        app = _app()
        normal, cold, per_question, per_redelivery, _ = _phase(app, counter, "n", "https://api.weixin.qq.com",
                                                                questions)
        slow, _, _, _, now_ts = _phase(app, counter, "s", slow_base, questions)
        concurrency = _concurrent_check(app, now_ts) if endpoint else None
    slow_api.shutdown()
    print(f"webhook, safe mode, in-process chalice.test.Client on {backend}, a fresh table per run:")
    print(f"  DynamoDB calls per question -> consultation: {len(cold)} with the category cache cold "
          f"({', '.join(cold)}), then {max(map(len, per_question))} ({', '.join(per_question[0])}) (target <= 4)")
    print(f"  DynamoDB calls per redelivery: {max(map(len, per_redelivery))} ({', '.join(per_redelivery[0])}), "
          "of which writes that succeed: 0")
    for kind in ("question", "redelivery", "keyword"):
        print(f"  {kind:<10} normal:          {_figure(normal[kind])}")
        print(f"  {kind:<10} WeChat API 3 s:  {_figure(slow[kind])}")
    print(f"  WeChat API calls made on the reply path: {len(standin.records())}")
    if concurrency:
        made, identical, messages = concurrency
        print(f"  concurrent redeliveries: {messages} questions x 4 simultaneous deliveries -> "
              f"{made} consultations, {identical}/{messages} with one identical reply")
    return {"normal": normal, "slow": slow, "calls": per_question, "concurrency": concurrency}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200)
    main(parser.parse_args().questions)
